import path from 'node:path';
import { defineConfig } from 'vite';

// The console is static files the hub serves at /console (apps/hub/src/console.ts); nothing loads from a CDN.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
});
