import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('TKLBAM configuration', () => {
  it('has no address hosts and bounded size scans by default', () => {
    const sut = loadConfig({}).tklbam;
    expect(sut.s3Hosts).toEqual({});
    expect(sut.sizeScan).toEqual({ maxObjects: 100_000, timeoutMs: 10_000 });
  });

  it('reads TKLBAM_S3_HOSTS as region=host pairs', () => {
    const sut = loadConfig({
      TKLBAM_S3_HOSTS: 'us-east-1=S3.US.example.com, eu-west-1=127.0.19.1',
      TKLBAM_SIZE_SCAN_MAX_OBJECTS: '5000',
      TKLBAM_SIZE_SCAN_SECONDS: '3',
    }).tklbam;
    expect(sut.s3Hosts).toEqual({ 'us-east-1': 's3.us.example.com', 'eu-west-1': '127.0.19.1' });
    expect(sut.sizeScan).toEqual({ maxObjects: 5000, timeoutMs: 3000 });
  });

  it.each([
    [
      'a port (one port cannot serve both HTTPS and HTTP)',
      'us-east-1=s3.example.com:7480',
      /without scheme or port/,
    ],
    ['a scheme', 'us-east-1=https://s3.example.com', /without scheme or port/],
    ['a path', 'us-east-1=s3.example.com/x', /without scheme or port/],
    ['no region', '=s3.example.com', /is not <region>=<host>/],
    ['no separator', 's3.example.com', /is not <region>=<host>/],
    ['a region twice', 'us-east-1=a.example.com,us-east-1=b.example.com', /given twice/],
  ])('refuses %s', (_what, value, message) => {
    const problems = problemsOf({ TKLBAM_S3_HOSTS: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TKLBAM_S3_HOSTS/);
    expect(problems[0]).toMatch(message);
  });
});
