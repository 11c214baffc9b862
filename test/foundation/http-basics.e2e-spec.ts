import { Body, Controller, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Public } from '@landfall/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub';

class EchoBody {
  @IsString()
  text!: string;
}

/** A probe route: the behaviour under test (parsing, limits, validation, envelope) is global to the hub. */
@Public()
@Controller('probe')
class ProbeController {
  @Post('echo')
  echo(@Body() body: EchoBody): EchoBody {
    return body;
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('hub HTTP basics', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ extraModules: [ProbeModule] });
  });
  afterAll(async () => hub?.close());

  it('answers /healthz while the process is up', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers /healthz (a plain Fastify route) like every route: request id, edge checks in the envelope', async () => {
    const ok = await hub.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'probe-1' },
    });
    expect(ok.headers['x-request-id']).toBe('probe-1');
    const bad = await hub.app.inject({
      method: 'GET',
      url: '/healthz?x=%00',
      headers: { 'x-request-id': 'probe-2' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: { code: 'REQUEST.INVALID_CHARACTERS', message: expect.any(String) },
      requestId: 'probe-2',
    });
    expect(bad.headers['x-request-id']).toBe('probe-2');
  });

  it('answers unknown routes with 404 in the error envelope and the request id', async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: '/no/such/route',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'ROUTE.NOT_FOUND', message: expect.any(String) },
      requestId: 'trace-123',
    });
    expect(res.headers['x-request-id']).toBe('trace-123');
  });

  it('mints a request id when the caller sends none or a hostile one', async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    const body = res.json();
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toBe(body.requestId);
  });

  it('rejects malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"text": "unterminated',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('rejects bodies over 1 MiB with 413 REQUEST.BODY_TOO_LARGE', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/probe/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('REQUEST.BODY_TOO_LARGE');
  });

  it('rejects unknown and ill-typed fields with 400 REQUEST.INVALID listing each problem', async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/probe/echo',
      payload: { text: 5, extra: true },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('REQUEST.INVALID');
    // details name each failing field by its path (issue 15), with class-validator's messages
    const details = body.error.details as { field: string; messages: string[] }[];
    expect(details.map((d) => d.field).sort()).toEqual(['extra', 'text']);
    expect(details.flatMap((d) => d.messages).join(' ')).toMatch(/extra/);
    expect(details.flatMap((d) => d.messages).join(' ')).toMatch(/text/);
  });

  it('accepts a valid body', async () => {
    const res = await hub.app.inject({ method: 'POST', url: '/probe/echo', payload: { text: 'hi' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ text: 'hi' });
  });

  it('serves an OpenAPI document generated from the code, with the DB-IP attribution', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(doc.info.description).toMatch(/DB-IP/);
    const ui = await hub.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/html/);
  });
});
