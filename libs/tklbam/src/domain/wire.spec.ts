import { describe, expect, it } from 'vitest';
import {
  formatExpiration,
  formatRecordDate,
  isTklbamPath,
  parsePythonBool,
  parseS3Address,
  s3Address,
  tklbamS3Host,
  wireErrorText,
} from './wire';

describe(wireErrorText.name, () => {
  it('turns the envelope into Name:Description, splitting where the agent splits', () => {
    const sut = wireErrorText(
      JSON.stringify({ error: { code: 'BackupRecord.NotFound', message: 'No such backup record: 9' } }),
    );
    expect(sut).toBe('BackupRecord.NotFound:No such backup record: 9');
    const [name, description] = [sut.slice(0, sut.indexOf(':')), sut.slice(sut.indexOf(':') + 1)];
    expect(name).toBe('BackupRecord.NotFound');
    expect(description).toBe('No such backup record: 9');
  });

  it('keeps the error id of a 500 and flattens multi-line messages', () => {
    expect(
      wireErrorText(
        JSON.stringify({ error: { code: 'INTERNAL', message: 'Internal\nerror', errorId: 'e1' } }),
      ),
    ).toBe('INTERNAL:Internal error (error id e1)');
  });

  it('answers something parseable for a body that is not an envelope', () => {
    expect(wireErrorText('<html>')).toBe('INTERNAL:Internal error');
    expect(wireErrorText(undefined)).toBe('INTERNAL:Internal error');
  });
});

describe('record fields', () => {
  it('writes dates as %Y-%m-%d %H:%M:%S in UTC, null stays null', () => {
    expect(formatRecordDate(new Date('2026-11-22T13:04:05.678Z'))).toBe('2026-11-22 13:04:05');
    expect(formatRecordDate(null)).toBeNull();
  });

  it('writes expirations as ISO 8601 with Z and no fraction', () => {
    expect(formatExpiration(new Date('2026-11-22T13:04:05.678Z'))).toBe('2026-11-22T13:04:05Z');
  });

  it('names the configured host of a region, else the endpoint host (without a default port)', () => {
    const hosts = { 'us-east-1': 's3.us.example.com' };
    expect(tklbamS3Host('us-east-1', 'http://127.0.0.1:7491', hosts)).toEqual({
      host: 's3.us.example.com',
      portless: true,
    });
    expect(tklbamS3Host('eu-west-1', 'https://s3.eu.example.com:443/', hosts)).toEqual({
      host: 's3.eu.example.com',
      portless: true,
    });
    expect(tklbamS3Host('eu-west-1', 'http://s3.eu.example.com:80', hosts).host).toBe('s3.eu.example.com');
    expect(tklbamS3Host('eu-west-1', 'http://127.0.0.1:7492', hosts)).toEqual({
      host: '127.0.0.1:7492',
      portless: false,
    });
    expect(tklbamS3Host('eu-west-1', 'http://[::1]:7492', {}).portless).toBe(false);
    expect(tklbamS3Host('constructor', 'https://s3.example.com', hosts).host).toBe('s3.example.com');
  });

  it('builds and parses s3://host/bucket/prefix addresses', () => {
    const address = s3Address('127.0.0.1:7491', 'lf-us-east-1', 'acct/backup');
    expect(address).toBe('s3://127.0.0.1:7491/lf-us-east-1/acct/backup');
    expect(parseS3Address(address)).toEqual({ bucket: 'lf-us-east-1', prefix: 'acct/backup' });
    expect(parseS3Address(`${address}/`)).toEqual({ bucket: 'lf-us-east-1', prefix: 'acct/backup' });
    expect(parseS3Address('file:///tmp/x')).toBeNull();
  });

  it("reads Python's str(bool)", () => {
    expect(parsePythonBool('True')).toBe(true);
    expect(parsePythonBool('False')).toBe(false);
    expect(parsePythonBool('maybe')).toBeNull();
  });

  it('recognises the TKLBAM base path', () => {
    expect(isTklbamPath('/api/backup/subkey/?apikey=x')).toBe(true);
    expect(isTklbamPath('/api/backup')).toBe(true);
    expect(isTklbamPath('/api/backupx')).toBe(false);
    expect(isTklbamPath('/v1/init')).toBe(false);
  });
});
