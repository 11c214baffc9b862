import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../../apps/hub/src/render-openapi';
import { startTestHub, type TestHub } from '../support/test-hub';

/** The console's client is generated from the document the build renders without a database; it must be the one the hub serves. */
describe('the build-time OpenAPI document', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub?.close());

  it('equals the document a running hub serves at /docs/openapi.json', async () => {
    const served = (await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json<object>();
    const rendered = await renderOpenApiDocument();
    expect(Object.keys((rendered as { paths: object }).paths).length).toBeGreaterThan(40);
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(served);
  });
});
