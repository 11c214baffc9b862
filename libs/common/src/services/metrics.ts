import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

type Labels<L extends string> = Partial<Record<L, string>>;

/**
 * The process's Prometheus registry, on prom-client. Call sites declare a family once at module level and get a
 * plain function back (`countReload({ outcome: 'ok' })`), so no domain code imports prom-client. Families are
 * declared by name once per process: declaring the same name twice returns the first one (modules loaded twice
 * in tests, several providers counting one thing). Names follow Prometheus conventions (`landfall_…_total`).
 */
export class Metrics {
  readonly registry = new Registry();
  private processMetrics = false;

  get contentType(): string {
    return this.registry.contentType;
  }

  counter<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): (labels?: Labels<L>, by?: number) => void {
    const counter = this.family(name, () => new Counter({ name, help, labelNames, registers: [] }));
    return (labels = {}, by = 1) => counter.inc(labels, by);
  }

  gauge<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): (value: number, labels?: Labels<L>) => void {
    const gauge = this.family(name, () => new Gauge({ name, help, labelNames, registers: [] }));
    return (value, labels = {}) => gauge.set(labels, value);
  }

  /**
   * A gauge read when scraped (state that already lives somewhere: items by state, index generation). Declared by
   * the object holding that state, so a later declaration replaces an earlier one (the newest service wins).
   */
  gaugeCollected<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (set: (value: number, labels?: Labels<L>) => void) => void | Promise<void>,
  ): void {
    this.registry.removeSingleMetric(name);
    this.family(
      name,
      () =>
        new Gauge({
          name,
          help,
          labelNames,
          registers: [],
          async collect() {
            this.reset();
            await collect((value, labels = {}) => this.set(labels, value));
          },
        }),
    );
  }

  histogram<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ): (value: number, labels?: Labels<L>) => void {
    const histogram = this.family(
      name,
      () => new Histogram({ name, help, labelNames, buckets, registers: [] }),
    );
    return (value, labels = {}) => histogram.observe(labels, value);
  }

  /** Node's own process metrics (CPU, memory, event-loop lag, handles), prefixed `landfall_`: hub and worker. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry, prefix: 'landfall_' });
    // prom-client names three gauges `…_total`, which Prometheus reserves for counters (`promtool check metrics`
    // fails them): the same counts under gauge names.
    for (const kind of ['handles', 'requests', 'resources'] as const) {
      this.registry.removeSingleMetric(`landfall_nodejs_active_${kind}_total`);
      this.gaugeCollected(
        `landfall_nodejs_active_${kind}`,
        `Active libuv ${kind} keeping the event loop alive`,
        [],
        (set) => set(activeCount(kind)),
      );
    }
  }

  /** The current value of one series (a counter or gauge; 0 when never set): for tests. */
  async value(name: string, labels: Record<string, string> = {}): Promise<number> {
    const metric = this.registry.getSingleMetric(name);
    if (!metric) return 0;
    const { values } = await metric.get();
    const wanted = Object.entries(labels);
    const found = values.find(
      (v) =>
        Object.keys(v.labels).length === wanted.length &&
        wanted.every(([key, value]) => String(v.labels[key]) === value),
    );
    return found?.value ?? 0;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private family<M extends Counter | Gauge | Histogram>(name: string, make: () => M): M {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as M;
    const metric = make();
    this.registry.registerMetric(metric);
    return metric;
  }
}

/** Node's counts of what keeps the loop alive (the `_getActive…` pair is undocumented but what prom-client reads). */
function activeCount(kind: 'handles' | 'requests' | 'resources'): number {
  const internals = process as unknown as { _getActiveHandles(): unknown[]; _getActiveRequests(): unknown[] };
  if (kind === 'handles') return internals._getActiveHandles().length;
  if (kind === 'requests') return internals._getActiveRequests().length;
  return process.getActiveResourcesInfo().length;
}

/** One registry per process. */
export const METRICS = new Metrics();
