import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact';

describe(redactUrl.name, () => {
  it.each([
    ['/api/backup/subkey/?apikey=JBSWY3DPEHPK3PXP', '/api/backup/subkey/?apikey=[redacted]'],
    ['/x?key=abc&region=eu', '/x?key=[redacted]&region=eu'],
    ['/x?a=1&Secret=s&TOKEN=t&subkey=k', '/x?a=1&Secret=[redacted]&TOKEN=[redacted]&subkey=[redacted]'],
    [
      '/x?api_key=1&api-key=2&access_token=3',
      '/x?api_key=[redacted]&api-key=[redacted]&access_token=[redacted]',
    ],
    ['/x?%61pikey=1', '/x?%61pikey=[redacted]'],
    [
      '/x?X-Amz-Signature=abc&X-Amz-Credential=AK%2F',
      '/x?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]',
    ],
    ['/x?apikey=1#frag', '/x?apikey=[redacted]#frag'],
    ['/x?region=eu&limit=5', '/x?region=eu&limit=5'],
    ['/x?keyword=fine', '/x?keyword=fine'],
    ['/healthz', '/healthz'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('removes the secret of a Landfall key anywhere in the URL, keeping its visible prefix', () => {
    const key = `lf_adm_abcdefghijkl_${'Z9_-'.repeat(10)}`;
    expect(redactUrl(`/admin/v1/keys/${key}?q=${key}`)).toBe(
      '/admin/v1/keys/lf_adm_abcdefghijkl_[redacted]?q=lf_adm_abcdefghijkl_[redacted]',
    );
  });
});
