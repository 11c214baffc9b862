import { createApiClient, must } from './api';

/**
 * The README's example calls ("Using it"), written against the generated client: `tsc -p apps/console` checks
 * them in every build, so a README call the OpenAPI document no longer has fails the build.
 * (readme-examples.spec.ts keeps this list and the README's curl lines the same.)
 */
export async function readmeExamples(baseUrl: string, adminKey: string): Promise<void> {
  const client = createApiClient(adminKey, baseUrl);
  await must(client.GET('/readyz'));
  await must(client.GET('/admin/v1/readiness'));
  await must(client.GET('/admin/v1/placement/explain', { params: { query: { ip: '81.2.69.142' } } }));
  await must(client.GET('/admin/v1/placement/map'));
  await must(
    client.GET('/admin/v1/overrides', { params: { query: { q: 'us-', sort: '-createdAt', total: true } } }),
  );
}
