import { describe, expect, it } from 'vitest';
import { describeClientError, rawHttpResponse, requestPathOf } from './edge-errors';

describe(describeClientError.name, () => {
  const packet = (text: string) => Buffer.from(text, 'latin1');

  it('tells an over-long request line (414) from over-large headers (431)', () => {
    expect(
      describeClientError({ code: 'HPE_HEADER_OVERFLOW', rawPacket: packet(`GET /${'x'.repeat(9000)}`) }),
    ).toMatchObject({ status: 414, code: 'REQUEST.URI_TOO_LONG' });
    expect(
      describeClientError({
        code: 'HPE_HEADER_OVERFLOW',
        rawPacket: packet(`GET / HTTP/1.1\r\nX: ${'h'.repeat(20000)}`),
      }),
    ).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
  });

  it.each([
    ['HPE_INVALID_CHUNK_SIZE', 400, 'REQUEST.BAD_FRAMING'],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 400, 'REQUEST.BAD_FRAMING'],
    ['HPE_INVALID_METHOD', 400, 'REQUEST.MALFORMED'],
    ['HPE_INVALID_HEADER_TOKEN', 400, 'REQUEST.MALFORMED'],
    [undefined, 400, 'REQUEST.MALFORMED'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST.TIMEOUT'],
  ])('%s → %d %s', (code, status, stable) => {
    expect(describeClientError({ code })).toMatchObject({ status, code: stable });
  });

  it('has nobody to answer after a reset', () => {
    expect(describeClientError({ code: 'ECONNRESET' })).toBeNull();
  });
});

describe(requestPathOf.name, () => {
  it('reads the path of the request line, if the parser got that far', () => {
    expect(requestPathOf(Buffer.from('GET /api/backup/records/ HTTP/1.1\r\n'))).toBe('/api/backup/records/');
    expect(requestPathOf(Buffer.from('garbage'))).toBeNull();
    expect(requestPathOf(undefined)).toBeNull();
  });
});

describe(rawHttpResponse.name, () => {
  it('writes a complete response whose Content-Length counts bytes', () => {
    const text = rawHttpResponse(400, 'Bad Request', 'application/json', '{"m":"ü"}', 'r1');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('Content-Length: 10\r\n');
    expect(text).toContain('X-Request-Id: r1\r\n');
    expect(text.endsWith('\r\n\r\n{"m":"ü"}')).toBe(true);
  });
});
