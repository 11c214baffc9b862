import { randomUUID } from 'node:crypto';
import type { ErrorEnvelope } from './error-envelope';

/** An answer the HTTP layer gives before any route runs: a status and a stable code. */
export interface EdgeError {
  status: number;
  code: string;
  message: string;
}

/** A request line this long is answered 414 rather than 431 when Node's header-size limit stops the parser. */
export const LONG_REQUEST_LINE_BYTES = 8 * 1024;

const FRAMING = new Set([
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_INVALID_TRANSFER_ENCODING',
  'HPE_INVALID_CONTENT_LENGTH',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_CHUNK_EXTENSIONS_OVERFLOW',
  'HPE_INVALID_EOF_STATE',
  'HPE_LF_EXPECTED',
  'HPE_CR_EXPECTED',
  'HPE_STRICT',
]);

/**
 * What Node's HTTP parser rejected (the `clientError` event: no request object exists yet). Returns null when
 * there is nobody to answer (the peer reset the connection).
 */
export function describeClientError(error: { code?: string; rawPacket?: Buffer }): EdgeError | null {
  switch (error.code) {
    case 'ECONNRESET':
      return null;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return { status: 408, code: 'REQUEST.TIMEOUT', message: 'The request was not received in time' };
    case undefined:
      break;
    case 'HPE_HEADER_OVERFLOW':
      return requestLineLength(error.rawPacket) >= LONG_REQUEST_LINE_BYTES
        ? { status: 414, code: 'REQUEST.URI_TOO_LONG', message: 'The request URI is too long' }
        : {
            status: 431,
            code: 'REQUEST.HEADERS_TOO_LARGE',
            message: 'The request line and headers exceed 16 KiB',
          };
  }
  if (error.code && FRAMING.has(error.code)) {
    return {
      status: 400,
      code: 'REQUEST.BAD_FRAMING',
      message: 'The request body framing (Content-Length / chunked encoding) is invalid',
    };
  }
  return { status: 400, code: 'REQUEST.MALFORMED', message: 'The request is not valid HTTP/1.1' };
}

/** The path of the request line in what the parser had buffered, if it got that far. */
export function requestPathOf(rawPacket: Buffer | undefined): string | null {
  if (!rawPacket) return null;
  const head = rawPacket.subarray(0, 512).toString('latin1');
  const match = /^[A-Z]+ (\S+)/.exec(head);
  return match ? match[1] : null;
}

function requestLineLength(rawPacket: Buffer | undefined): number {
  if (!rawPacket) return 0;
  const end = rawPacket.indexOf('\n');
  return end < 0 ? rawPacket.length : end;
}

/** A whole HTTP/1.1 response for a socket that has no request object (the connection is closed after it). */
export function rawHttpResponse(
  status: number,
  reason: string,
  contentType: string,
  body: string,
  requestId: string,
): string {
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    `Content-Type: ${contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

export function edgeEnvelope(error: EdgeError, requestId: string = randomUUID()): ErrorEnvelope {
  return { error: { code: error.code, message: error.message }, requestId };
}
