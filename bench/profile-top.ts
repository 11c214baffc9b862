import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `node dist/bench/profile-top.js <file.cpuprofile|dir> [top]`: the top costs of V8 CPU profiles (what
 * `BENCH_PROFILE_DIR=… npm run bench:http` writes): self time by function, inclusive time by function (each
 * function counted once per sampled stack) and self time by package, as shares of the sampled time that was not idle,
 * from the first request on (start-up is left out).
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

export function topCosts(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  // Start-up (module loading, Nest's init) is not the request path: count from the first request Fastify routes
  // (its `routeHandler`; anything else in route.js is also route registration, which start-up does).
  let serving = false;
  const routes = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame?.functionName === 'routeHandler' && frame.url.includes('fastify/lib/route.js')) return true;
    }
    return false;
  };
  profile.samples.forEach((id, i) => {
    const dt = Math.max(0, profile.timeDeltas[i] ?? 0);
    const leaf = byId.get(id);
    if (!leaf) return;
    if (!serving) {
      if (!routes(id)) return;
      serving = true;
    }
    const name = leaf.callFrame.functionName;
    if (name === '(garbage collector)') gc += dt;
    if (IDLE.has(name) && name !== '(garbage collector)') return;
    busy += dt;
    add(self, frameKey(leaf.callFrame), dt);
    add(packages, packageOf(leaf.callFrame), dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node || node.callFrame.functionName === '(root)') continue;
      const key = frameKey(node.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, dt);
    }
  });
  const table = (title: string, values: Map<string, number>) => {
    const rows = [...values].sort((a, b) => b[1] - a[1]).slice(0, top);
    return [
      title,
      ...rows.map(([key, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${key}`),
    ].join('\n');
  };
  return [
    `busy ${(busy / 1e6).toFixed(1)} s sampled (GC ${((100 * gc) / Math.max(1, busy)).toFixed(1)} % of it)`,
    table('self time by package', packages),
    table('self time by function', self),
    table('inclusive time by function', inclusive),
  ].join('\n');
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function frameKey(frame: CallFrame): string {
  const file = frame.url ? shortUrl(frame.url) : '';
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

function packageOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.slice(url.lastIndexOf('node_modules/')));
  if (modules) return modules[1];
  const lib = /\/dist\/(libs|apps)\/([^/]+)/.exec(url);
  if (lib) return `landfall ${lib[1]}/${lib[2]}`;
  if (url.startsWith('node:')) return 'node (core)';
  return url;
}

if (require.main === module) {
  const target = process.argv[2];
  const top = Number(process.argv[3] ?? 15);
  if (!target) {
    process.stderr.write('usage: node dist/bench/profile-top.js <file.cpuprofile|dir> [top]\n');
    process.exit(2);
  }
  const files = target.endsWith('.cpuprofile')
    ? [target]
    : readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()
        .map((f) => path.join(target, f));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    process.stdout.write(`\n== ${path.basename(file)}\n${topCosts(profile, top)}\n`);
  }
}
