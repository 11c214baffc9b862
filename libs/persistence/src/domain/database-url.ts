export interface ConnectionFields {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Prisma's pg adapter wants discrete fields (a URL makes its shadow database the real one). */
export function connectionFieldsOf(url: string): ConnectionFields {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
