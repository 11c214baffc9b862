import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('starts on embedded defaults when nothing is set', () => {
    const sut = loadConfig({});
    expect(sut.env).toBe('development');
    expect(sut.http.port).toBe(8080);
    expect(sut.database.url).toBeUndefined();
    expect(sut.storage.mode).toBe('local');
    expect(sut.geoip.databases).toHaveLength(2);
  });

  it('switches to remote storage when S3 credentials are given', () => {
    const sut = loadConfig({
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
      STS_ROLE_ARN: 'arn:aws:iam::123456789012:role/landfall-agents',
      STS_ACCESS_KEY_ID: 'BROKER',
      STS_SECRET_ACCESS_KEY: 'BS',
    });
    expect(sut.storage.mode).toBe('remote');
  });

  it('names every bad variable at once', () => {
    const error = catchConfigError({
      PORT: '99999',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
      BUCKET_PREFIX: 'Bad_Prefix',
    });
    const joined = error.problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'BUCKET_PREFIX']) expect(joined).toContain(name);
    expect(error.problems).toHaveLength(4);
  });

  it('refuses embedded database and local storage in production', () => {
    const error = catchConfigError({ NODE_ENV: 'production' });
    expect(error.problems.join('\n')).toMatch(/DATABASE_URL: required in production/);
    expect(error.problems.join('\n')).toMatch(/STORAGE_MODE: local storage is refused/);
  });

  it('sets database session limits by default and validates them', () => {
    expect(loadConfig({}).database.timeouts).toEqual({
      statementMs: 15_000,
      lockMs: 5_000,
      idleInTransactionMs: 30_000,
      connectMs: 15_000,
    });
    const error = catchConfigError({
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      DATABASE_LOCK_TIMEOUT_MS: '3000',
      DATABASE_IDLE_TX_TIMEOUT_MS: '0',
      DATABASE_CONNECT_TIMEOUT_MS: 'soon',
    });
    const joined = error.problems.join('\n');
    expect(joined).toMatch(/DATABASE_LOCK_TIMEOUT_MS: must be below DATABASE_STATEMENT_TIMEOUT_MS/);
    expect(joined).toMatch(/DATABASE_IDLE_TX_TIMEOUT_MS/);
    expect(joined).toMatch(/DATABASE_CONNECT_TIMEOUT_MS/);
  });

  it('requires both halves of the S3 key pair in remote mode', () => {
    const error = catchConfigError({ STORAGE_MODE: 'remote', S3_ACCESS_KEY_ID: 'AK' });
    expect(error.problems.join('\n')).toMatch(/S3_SECRET_ACCESS_KEY/);
  });

  it('reads CORS_ORIGINS as a list of origins (none by default) and refuses anything else', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://127.0.0.1:8080' }).http.corsOrigins,
    ).toEqual(['https://a.example.com', 'http://127.0.0.1:8080']);
    for (const bad of ['https://a.example.com/console', '*', 'a.example.com']) {
      expect(catchConfigError({ CORS_ORIGINS: bad }).problems.join('\n')).toMatch(/CORS_ORIGINS/);
    }
  });

  it('validates trusted proxies and placement switches', () => {
    const error = catchConfigError({
      TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::/129, not-an-ip',
      PLACEMENT_DISABLED_SIGNALS: 'cdnHeaders,teleport',
    });
    const joined = error.problems.join('\n');
    expect(joined).toContain('"2001:db8::/129"');
    expect(joined).toContain('"not-an-ip"');
    expect(joined).not.toContain('"10.0.0.0/8"');
    expect(joined).toMatch(/PLACEMENT_DISABLED_SIGNALS/);
    const ok = loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8,::1', PLACEMENT_DISABLED_SIGNALS: 'cdnHeaders' });
    expect(ok.placement.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(ok.placement.disabledSignals).toEqual(['cdnHeaders']);
  });

  it.each(['0.0.0.0/0', '::/0', '1.0.0.0/7', '::ffff:0:0/96', '::ffff:0.0.0.0/100', '2000::/3'])(
    'refuses to trust an absurdly wide proxy range %s, naming it',
    (range) => {
      for (const name of ['TRUSTED_PROXIES', 'CDN_PROXIES']) {
        const error = catchConfigError({ [name]: `10.0.0.0/8,${range}` });
        expect(error.problems.join('\n')).toContain(`${name}: "${range}" is far too wide to trust`);
      }
    },
  );

  it('accepts private and proxy-sized ranges, and the forwarding header choice', () => {
    const ok = loadConfig({
      TRUSTED_PROXIES: '10.0.0.0/8,fc00::/7,2001:db8::/32,::ffff:10.0.0.0/104',
      CDN_PROXIES: '173.245.48.0/20,2400:cb00::/32',
      TRUSTED_PROXY_HEADER: 'forwarded',
    });
    expect(ok.placement.cdnProxies).toEqual(['173.245.48.0/20', '2400:cb00::/32']);
    expect(ok.placement.trustedProxyHeader).toBe('forwarded');
    expect(loadConfig({}).placement.trustedProxyHeader).toBe('x-forwarded-for');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(8080);
  });
});

function catchConfigError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
