import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's duplicity and the boto it uses for `s3://` URLs (apt: duplicity python3-boto python3-boto3). */
export function duplicityMissing(): string | null {
  if (!existsSync('/usr/bin/duplicity'))
    return 'duplicity is not installed (apt-get install duplicity python3-boto)';
  if (!existsSync('/usr/lib/python3/dist-packages/boto')) return 'python3-boto is not installed';
  return null;
}

/**
 * One loopback address per test bed, from LANDFALL_TEST_PORT_BASE (127.<base high byte>.<base low byte>.1): the
 * front binds 443 and 80 on it, and checkouts testing side by side each get their own.
 */
export function frontAddress(): string {
  const base = Number(process.env.LANDFALL_TEST_PORT_BASE ?? 17490);
  return `127.${(base >> 8) & 255}.${base & 255}.1`;
}

/**
 * What an operator puts in front of a region for TKLBAM (docs/tklbam.md): one host answering HTTPS on 443 (TLS
 * terminated here, self-signed) and plain HTTP on 80, both forwarded as bytes to the gateway. Counts connections per
 * side so a test can tell which one each Duplicity command used.
 */
export class TklbamFront {
  readonly connections = { https: 0, http: 0 };
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly host: string,
    readonly caFile: string,
  ) {}

  static async start(host: string, upstream: string, dir: string): Promise<TklbamFront> {
    const keyFile = path.join(dir, 'front.key');
    const certFile = path.join(dir, 'front.crt');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=IP:${host}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    const front = new TklbamFront(host, certFile);
    const target = new URL(upstream);
    const forward = (side: 'https' | 'http') => (client: net.Socket) => {
      front.connections[side] += 1;
      const server = net.connect(Number(target.port), target.hostname);
      for (const socket of [client, server]) {
        front.sockets.add(socket);
        socket.on('close', () => front.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          server.destroy();
        });
      }
      client.pipe(server).pipe(client);
    };
    const secure = tls.createServer(
      { key: await readFile(keyFile), cert: await readFile(certFile) },
      forward('https'),
    );
    const plain = net.createServer(forward('http'));
    for (const [server, port] of [
      [secure, 443],
      [plain, 80],
    ] as const) {
      front.servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
    }
    return front;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export interface DuplicityEnv {
  credentials: { accesskey: string; secretkey: string; sessiontoken: string };
  passphrase: string;
  caFile: string;
  home: string;
}

/**
 * Runs Debian's duplicity with the environment TKLBAM gives it: the passphrase in PASSPHRASE (symmetric GnuPG), and
 * the `credentials/` answer. TKLBAM's bundled boto fetches those through its `stsagent` (AWS_STSAGENT), which prints
 * exactly accesskey, secretkey, sessiontoken and expiration from `credentials/`; Debian's boto reads the same values
 * from the environment (AWS_SECURITY_TOKEN for boto, AWS_SESSION_TOKEN for boto3). The front's certificate is
 * trusted through SSL_CERT_FILE (boto's HTTPS uses Python's default context). Nothing else of the caller's
 * environment leaks in (no ~/.boto, no proxy, a GnuPG home of its own).
 */
export async function duplicity(
  args: string[],
  env: DuplicityEnv,
): Promise<{ stdout: string; stderr: string }> {
  const vars = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: env.home,
    GNUPGHOME: path.join(env.home, 'gnupg'),
    BOTO_CONFIG: path.join(env.home, 'boto.cfg'),
    TMPDIR: env.home,
    LANG: 'C.UTF-8',
    PASSPHRASE: env.passphrase,
    AWS_ACCESS_KEY_ID: env.credentials.accesskey,
    AWS_SECRET_ACCESS_KEY: env.credentials.secretkey,
    AWS_SECURITY_TOKEN: env.credentials.sessiontoken,
    AWS_SESSION_TOKEN: env.credentials.sessiontoken,
    SSL_CERT_FILE: env.caFile,
  };
  try {
    return await run('/usr/bin/duplicity', args, {
      env: vars,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 300_000,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string; code?: number };
    throw new Error(
      `duplicity ${args.join(' ')} failed (exit ${e.code}):\n${e.stdout?.slice(-4000)}\n${e.stderr?.slice(-4000)}`,
      { cause: error },
    );
  }
}

/** A scratch home for duplicity runs below `parent`: empty boto config, private GnuPG home. */
export async function duplicityHome(parent: string = os.tmpdir()): Promise<string> {
  const home = await mkdtemp(path.join(parent, 'duplicity-home-'));
  await writeFile(path.join(home, 'boto.cfg'), '');
  await run('mkdir', ['-m', '700', path.join(home, 'gnupg')]);
  return home;
}

/** Every entry below `root`: type, and the SHA-256 of each file's bytes or each link's target. */
export async function treeDigest(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const info = await lstat(full);
      if (info.isSymbolicLink()) out[rel] = `link:${await readlink(full)}`;
      else if (info.isDirectory()) {
        out[rel] = 'dir';
        await walk(full);
      } else {
        out[rel] = `file:${info.size}:${createHash('sha256')
          .update(await readFile(full))
          .digest('hex')}`;
      }
    }
  };
  await walk(root);
  return out;
}
