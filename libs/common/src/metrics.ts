/**
 * A small Prometheus-text metrics registry: counters and gauges with labels. Enough for /metrics without a
 * dependency; names follow Prometheus conventions (`landfall_…_total`).
 */
export class Metrics {
  private readonly series = new Map<
    string,
    { help: string; type: 'counter' | 'gauge'; values: Map<string, number> }
  >();

  counter(name: string, help: string): (labels?: Record<string, string>, by?: number) => void {
    const family = this.family(name, help, 'counter');
    return (labels = {}, by = 1) => {
      const key = labelKey(labels);
      family.values.set(key, (family.values.get(key) ?? 0) + by);
    };
  }

  gauge(name: string, help: string): (value: number, labels?: Record<string, string>) => void {
    const family = this.family(name, help, 'gauge');
    return (value, labels = {}) => family.values.set(labelKey(labels), value);
  }

  value(name: string, labels: Record<string, string> = {}): number {
    return this.series.get(name)?.values.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.series) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      for (const [labels, value] of family.values) lines.push(`${name}${labels} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private family(name: string, help: string, type: 'counter' | 'gauge') {
    let family = this.series.get(name);
    if (!family) {
      family = { help, type, values: new Map() };
      this.series.set(name, family);
    }
    return family;
  }
}

function labelKey(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

/** One registry per process. */
export const METRICS = new Metrics();
