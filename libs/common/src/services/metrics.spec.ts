import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { observeHttpRequests } from '../controllers/http-metrics';
import { Metrics, METRICS } from './metrics';

describe(Metrics.name, () => {
  it('counts by label, returns the first family when a name is declared twice, and renders Prometheus text', async () => {
    const sut = new Metrics();
    const count = sut.counter('landfall_test_things_total', 'Things by outcome', ['outcome']);
    const again = sut.counter('landfall_test_things_total', 'Things by outcome', ['outcome']);
    count({ outcome: 'ok' });
    again({ outcome: 'ok' }, 2);
    count({ outcome: 'failed' });
    expect(await sut.value('landfall_test_things_total', { outcome: 'ok' })).toBe(3);
    expect(await sut.value('landfall_test_things_total', { outcome: 'never' })).toBe(0);
    const text = await sut.render();
    expect(text).toContain('# TYPE landfall_test_things_total counter');
    expect(text).toContain('landfall_test_things_total{outcome="failed"} 1');
  });

  it('refuses a label the family did not declare (a typo would otherwise make a new series)', () => {
    const sut = new Metrics();
    const count = sut.counter('landfall_test_strict_total', 'Strict', ['outcome']);
    expect(() => count({ outcom: 'ok' } as never)).toThrow(/label/);
  });

  it('reads a collected gauge at scrape time', async () => {
    const sut = new Metrics();
    let depth = 4;
    sut.gaugeCollected('landfall_test_depth', 'Depth', ['queue'], (set) => set(depth, { queue: 'a' }));
    expect(await sut.render()).toContain('landfall_test_depth{queue="a"} 4');
    depth = 7;
    expect(await sut.value('landfall_test_depth', { queue: 'a' })).toBe(7);
  });
});

describe(observeHttpRequests.name, () => {
  it('observes each request by method, route pattern and status; unknown URLs share one label', async () => {
    const app = Fastify();
    observeHttpRequests(app);
    app.get('/things/:id', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/things/2' });
    await app.inject({ method: 'GET', url: '/scanner/probe-123' });
    const text = await METRICS.render();
    expect(text).toMatch(
      /landfall_http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status="200"\} 2/,
    );
    expect(text).toMatch(
      /landfall_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(text).not.toContain('probe-123');
    expect(text).toContain('landfall_process_cpu_seconds_total');
    await app.close();
  });
});
