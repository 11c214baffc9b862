import { BadRequestException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/domain-error';
import { resolveError } from './error-envelope';

describe(resolveError.name, () => {
  it('maps a domain error to its status, stable code and Retry-After', () => {
    const sut = resolveError(
      new DomainError('unavailable', 'STORAGE.UNAVAILABLE', 'down', { retryAfterSeconds: 7 }),
      'r1',
    );
    expect(sut.status).toBe(503);
    expect(sut.body).toEqual({ error: { code: 'STORAGE.UNAVAILABLE', message: 'down' }, requestId: 'r1' });
    expect(sut.retryAfterSeconds).toBe(7);
  });

  it('hides internals of unexpected errors behind an error id', () => {
    const secret = new Error('password=hunter2 at db.internal:5432');
    const sut = resolveError(secret, 'r2');
    expect(sut.status).toBe(500);
    expect(JSON.stringify(sut.body)).not.toContain('hunter2');
    expect(sut.body.error).toMatchObject({
      code: 'INTERNAL',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(sut.internal).toBe(secret);
  });

  it('lists validation problems as details', () => {
    const sut = resolveError(new BadRequestException(['a must be a string', 'b should not exist']), 'r3');
    expect(sut.body.error).toEqual({
      code: 'REQUEST.INVALID',
      message: 'Request validation failed',
      details: ['a must be a string', 'b should not exist'],
    });
  });

  it('names unknown routes ROUTE.NOT_FOUND', () => {
    expect(resolveError(new NotFoundException('Cannot GET /x'), 'r4').body.error.code).toBe(
      'ROUTE.NOT_FOUND',
    );
  });

  it('recognises Fastify body errors, bare or wrapped by Nest', () => {
    const tooLarge = Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(resolveError(tooLarge, 'r5').body.error.code).toBe('REQUEST.BODY_TOO_LARGE');
    const wrapped = new BadRequestException('bad json', {
      cause: Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }),
    });
    expect(resolveError(wrapped, 'r6').body.error.code).toBe('REQUEST.MALFORMED_JSON');
  });
});
