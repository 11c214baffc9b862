import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// Prisma 6.19 with the JS schema engine: no native binary is downloaded (see docs/adr/0002-prisma-6-offline.md).
// The adapter gets discrete fields; with a connection string Prisma reuses it for the shadow database.
function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL must be set to run the Prisma CLI');
    // A short idle timeout lets the CLI exit as soon as it is done (the pool would otherwise linger ~10 s).
    return new PrismaPg({ ...connectionFields(url), idleTimeoutMillis: 50 });
  },
});
