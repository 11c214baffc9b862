import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { isTklbamPath, wireErrorText } from '../domain/wire';

/**
 * Fastify `rewriteUrl` for the hub: TKLBAM agents call `…/record/5/` with a trailing slash, Nest registers routes
 * without one, and the router's own `ignoreTrailingSlash` would change every other route. Only TKLBAM paths change.
 */
export function rewriteTklbamUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  if (!isTklbamPath(url)) return url;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return `${path.length > 1 ? path.replace(/\/+$/, '') : path}${query < 0 ? '' : url.slice(query)}`;
}

/**
 * The TKLBAM wire format around every request under /api/backup/, whatever answers it (route, 404, body limit,
 * parser): a PUT without Content-Type (curl's upload mode, which pycurl_wrapper uses) is read as a form, and any
 * non-2xx answer leaves as `Name:Description` text instead of the JSON envelope. Other paths are untouched.
 */
@Injectable()
export class TklbamWireHooks implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request) => {
      if (!isTklbamPath(request.url)) return;
      if ((request.method === 'PUT' || request.method === 'POST') && !request.headers['content-type']) {
        request.headers['content-type'] = 'application/x-www-form-urlencoded';
      }
    });
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (!isTklbamPath(request.url) || (reply.statusCode >= 200 && reply.statusCode < 300)) return payload;
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return wireErrorText(payload);
    });
  }
}
