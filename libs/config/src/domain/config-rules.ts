// Rules across variables, checked beside the env schema (config.schema.ts).

export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * Rules that span several variables. They read the raw strings, so they run (and are reported) even when
 * some single variable is invalid: a bad deployment learns every mistake at once.
 */
export function crossFieldProblems(env: Readonly<Record<string, string | undefined>>): ConfigIssue[] {
  const problems: ConfigIssue[] = [];
  const ctx = {
    addIssue: (issue: { code: 'custom'; path: string[]; message: string }) =>
      problems.push({ path: issue.path[0], message: issue.message }),
  };
  const mode = env.STORAGE_MODE ?? (env.S3_ACCESS_KEY_ID ? 'remote' : 'local');
  if (mode === 'remote' && (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_ACCESS_KEY_ID'],
      message: 'STORAGE_MODE=remote needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY',
    });
  }
  const credentials = env.CREDENTIALS_PROVIDER ?? (mode === 'local' ? 'static' : 'sts');
  if (credentials === 'sts' && !env.STS_ROLE_ARN) {
    ctx.addIssue({
      code: 'custom',
      path: ['STS_ROLE_ARN'],
      message: "CREDENTIALS_PROVIDER=sts needs the ARN of the role agents' credentials are scoped from",
    });
  }
  if (credentials === 'sts' && (!env.STS_ACCESS_KEY_ID || !env.STS_SECRET_ACCESS_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: ['STS_ACCESS_KEY_ID'],
      message:
        'CREDENTIALS_PROVIDER=sts needs STS_ACCESS_KEY_ID and STS_SECRET_ACCESS_KEY: the broker identity that may only ' +
        'assume STS_ROLE_ARN (docs/gateway-identities.md)',
    });
  }
  if (credentials === 'sts' && env.STS_ACCESS_KEY_ID && env.STS_ACCESS_KEY_ID === env.S3_ACCESS_KEY_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['STS_ACCESS_KEY_ID'],
      message:
        'must not be the bucket owner (S3_ACCESS_KEY_ID): sessions of one user count as that user on Ceph, so ' +
        'tenants would get bucket-owner powers (docs/gateway-identities.md)',
    });
  }
  if (env.NODE_ENV === 'production' && credentials === 'static') {
    ctx.addIssue({
      code: 'custom',
      path: ['CREDENTIALS_PROVIDER'],
      message: "static credentials (the store's own keys) are refused in production: use sts",
    });
  }
  const statementMs = Number(env.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000);
  const lockMs = Number(env.DATABASE_LOCK_TIMEOUT_MS ?? 5_000);
  if (Number.isFinite(statementMs) && Number.isFinite(lockMs) && lockMs >= statementMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_LOCK_TIMEOUT_MS'],
      message: `must be below DATABASE_STATEMENT_TIMEOUT_MS (${statementMs}), or a lock wait is never told apart from a slow statement`,
    });
  }
  if (env.NODE_ENV === 'production') {
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'required in production (the embedded database is for laptops)',
      });
    }
    if (mode === 'local') {
      ctx.addIssue({
        code: 'custom',
        path: ['STORAGE_MODE'],
        message: 'local storage is refused in production: set STORAGE_MODE=remote with S3 credentials',
      });
    }
  }
  return problems;
}
