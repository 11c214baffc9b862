import net from 'node:net';

export interface RawAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** One request written to a socket byte for byte; the answer read until the server closes or a full body came. */
export function rawRequest(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: *([^\r\n]+)/i.exec(head)?.[1];
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1);
      const body = split < 0 ? '' : text.slice(split + 4);
      return { status, contentType, body: length >= 0 ? body.slice(0, length) : body, length };
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const answer = finish();
      if (answer.status && answer.length >= 0 && Buffer.byteLength(answer.body) >= answer.length) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (error) => {
      if (chunks.length > 0) resolve(finish());
      else reject(error);
    });
    socket.on('close', () => resolve(finish()));
    socket.write(bytes);
  });
}

/** A request Node's HTTP parser or the router refuses, with the answer it must get (TKLBAM: its Name:Description). */
export interface RawCase {
  name: string;
  bytes: string;
  status: number;
  code: string;
  tklbam?: boolean;
}

/** Requests that only a raw socket can send, written with the keys they need to reach validation. */
export function rawCorpus(adminKey: string, applianceKey: string): RawCase[] {
  const longPath = `/v1/backups/${'x'.repeat(20_000)}`;
  return [
    {
      name: 'URI over 16 KiB',
      bytes: `GET ${longPath} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
    },
    {
      name: 'TKLBAM URI over 16 KiB',
      bytes: `GET /api/backup/records/?x=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
      tklbam: true,
    },
    {
      name: 'headers over 16 KiB',
      bytes: `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`,
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
    },
    {
      name: 'invalid percent-encoding in a path parameter',
      bytes: `GET /v1/backups/%ff%fe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${applianceKey}\r\n\r\n`,
      status: 400,
      code: 'REQUEST.BAD_URL',
    },
    {
      name: 'TKLBAM path with invalid percent-encoding',
      bytes: `GET /api/backup/record/%ff%fe/ HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 400,
      code: 'REQUEST.BAD_URL',
      tklbam: true,
    },
    {
      name: 'path parameter over 100 characters',
      bytes: `GET /v1/backups/${'y'.repeat(150)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${applianceKey}\r\n\r\n`,
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
    },
    {
      name: 'bad chunk size',
      bytes:
        `POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminKey}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      status: 400,
      code: 'REQUEST.BAD_FRAMING',
    },
    {
      name: 'Content-Length with chunked encoding',
      bytes:
        'POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      status: 400,
      code: 'REQUEST.BAD_FRAMING',
    },
    {
      name: 'two Content-Length headers',
      bytes:
        'POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      status: 400,
      code: 'REQUEST.BAD_FRAMING',
    },
    {
      name: 'garbage request line',
      bytes: 'HELLO WORLD\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      name: 'NUL in a header value',
      bytes: 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n',
      status: 400,
      code: 'REQUEST.MALFORMED',
    },
    {
      name: 'unknown route',
      bytes: 'GET /no/such/route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      status: 404,
      code: 'ROUTE.NOT_FOUND',
    },
    {
      name: 'unsupported media type',
      bytes:
        `POST /admin/v1/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminKey}\r\n` +
        'Content-Type: application/xml\r\nContent-Length: 3\r\nConnection: close\r\n\r\n<a>',
      status: 415,
      code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    },
  ];
}
