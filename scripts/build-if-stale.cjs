#!/usr/bin/env node
// The build (`npm run build` runs it with --always) and `npm start`'s cheap up-to-date check: builds only when a
// source the build reads is newer than the last build (or there is none), so a start after `npm install` or an
// edit builds once, and every other start runs at once.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = [
  'apps',
  'libs',
  'bench',
  'prisma/schema.prisma',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];

// Written by the build itself (the console's client types, generated from the OpenAPI document): not an input.
const outputs = new Set([path.join(root, 'apps', 'console', 'src', 'openapi.d.ts')]);

function newest(file) {
  if (outputs.has(file)) return 0;
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = stats.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

const always = process.argv.includes('--always');
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (!always) {
  const changedAt = Math.max(
    ...inputs
      .map((input) => path.join(root, input))
      .filter(existsSync)
      .map(newest),
  );
  if (changedAt <= builtAt) process.exit(0);
  process.stderr.write(
    builtAt === 0 ? 'landfall: no build yet: building (once)\n' : 'landfall: sources changed: rebuilding\n',
  );
}
const startedAt = Date.now();
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
try {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  // The console: its client generated from the OpenAPI document, type-checked against it, bundled by Vite.
  execFileSync('npm', ['run', '--silent', 'build:console'], { cwd: root, stdio: 'inherit' });
} catch {
  process.exit(1); // tsc printed why
}
// The stamp takes the time the build started: a file saved during the build still counts as newer.
mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, `${new Date(startedAt).toISOString()}\n`);
utimesSync(stamp, startedAt / 1000, startedAt / 1000);
