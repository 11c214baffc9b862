import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey } from '../init/support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const ROOT = path.resolve(__dirname, '..', '..');
const REDOCLY = path.join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  operationId: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}

interface Document {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { bearerFormat?: string }> };
}

describe('the OpenAPI document', () => {
  let hub: TestHub;
  let doc: Document;
  let operations: { method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    hub = await startTestHub();
    doc = (await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json<Document>();
    operations = Object.entries(doc.paths).flatMap(([p, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ method: m, path: p, op: item[m] })),
    );
  });
  afterAll(async () => hub?.close());

  it('passes `redocly lint` (recommended-strict) with zero problems', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'landfall-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const run = spawnSync(
      process.execPath,
      [REDOCLY, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml')],
      {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output, output).toMatch(/Your API description is valid/);
    expect(run.status, output).toBe(0);
  });

  it('gives every operation a summary and a readable, unique operationId', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path: p, op } of operations) {
      expect(op.operationId, `${method} ${p}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.operationId).not.toMatch(/Controller|_/);
      expect(op.summary, `${method} ${p}`).toBeTruthy();
    }
    expect(ids).toEqual(expect.arrayContaining(['listAccounts', 'getAccount', 'createMigration', 'init']));
  });

  it('types every error status with the ErrorEnvelope schema', () => {
    for (const { method, path: p, op } of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]/.test(status));
      expect(errors.map(([s]) => s)).toContain('400');
      if (op.security?.length)
        expect(errors.map(([s]) => s)).toEqual(expect.arrayContaining(['401', '403', '429']));
      if (p.includes('{')) expect(errors.map(([s]) => s)).toContain('404');
      if (op.requestBody) expect(errors.map(([s]) => s)).toContain('413');
      for (const [status, response] of errors) {
        if (p === '/readyz' && status === '503') continue; // the readiness report is its own body
        expect(response.content?.['application/json']?.schema.$ref, `${method} ${p} ${status}`).toBe(
          '#/components/schemas/ErrorEnvelope',
        );
      }
    }
  });

  it('says public routes need no key, and keys are opaque bearer tokens', () => {
    for (const p of ['/healthz', '/readyz', '/metrics']) expect(doc.paths[p].get.security).toEqual([]);
    expect(doc.servers.length).toBeGreaterThan(0);
    for (const name of ['admin-key', 'appliance-key']) {
      expect(doc.components.securitySchemes[name].bearerFormat).toBe('opaque');
    }
  });

  it('documents /v1/init as it is: the Idempotency-Key header and the body are optional', () => {
    const init = doc.paths['/v1/init'].post;
    const headers = init.parameters!.filter((q) => q.in === 'header' && /^idempotency-key$/i.test(q.name));
    expect(headers).toHaveLength(1);
    expect(headers[0].required).toBe(false);
    expect(init.requestBody!.required).toBe(false);
  });

  it('types a dry-run POST /admin/v1/migrations as the plan, not as a migration', () => {
    const schema = doc.paths['/admin/v1/migrations'].post.responses['202'].content!['application/json']
      .schema as { oneOf?: { $ref: string }[] };
    expect(schema.oneOf?.map((s) => s.$ref)).toEqual([
      '#/components/schemas/MigrationDto',
      '#/components/schemas/MigrationPlanDto',
    ]);
  });

  it('answers a validation error with the failing fields as paths in details', async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: '/admin/v1/accounts?limit=zero&nope=1',
      headers: { authorization: `Bearer ${await anAdminKey(hub.prisma, ['accounts:read'])}` },
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['limit', 'nope']);
  });
});
