import { describe, expect, it } from 'vitest';
import { presentedKey } from './presented-key';

describe(presentedKey.name, () => {
  it('reads a Bearer token, case-insensitively', () => {
    expect(presentedKey({ authorization: 'bearer lf_app_x' })).toEqual({ ok: true, key: 'lf_app_x' });
  });

  it('reads X-Api-Key when there is no Authorization header', () => {
    expect(presentedKey({ 'x-api-key': ' lf_app_y ' })).toEqual({ ok: true, key: 'lf_app_y' });
  });

  it('tells a missing key from a malformed one', () => {
    expect(presentedKey({})).toEqual({ ok: false, reason: 'missing' });
    expect(presentedKey({ authorization: 'Basic abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(presentedKey({ authorization: `Bearer ${'k'.repeat(600)}` })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
