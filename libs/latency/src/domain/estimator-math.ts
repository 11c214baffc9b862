import type { LatencyObservation } from './estimator-types';

/** The estimator's grid: cells of CELL_DEGREES × CELL_DEGREES, COLUMNS around the globe. */
export const CELL_DEGREES = 2;
export const COLUMNS = 360 / CELL_DEGREES;

export function usable(o: LatencyObservation, now: number, maxAgeMs: number): boolean {
  return (
    Number.isFinite(o.latitude) &&
    Number.isFinite(o.longitude) &&
    Math.abs(o.latitude) <= 90 &&
    Math.abs(o.longitude) <= 180 &&
    Number.isFinite(o.rttMs) &&
    o.rttMs > 0 &&
    Number.isFinite(o.measuredAt) &&
    now - o.measuredAt <= maxAgeMs
  );
}

/** 0.5 ^ (age / half-life); future timestamps count as now. */
export function decay(ageMs: number, halfLifeDays: number): number {
  return 0.5 ** (Math.max(0, ageMs) / (halfLifeDays * 86_400_000));
}

/** The value at which half the weight lies on either side (lower median on an exact split). */
export function weightedMedian(items: ReadonlyArray<{ value: number; weight: number }>): number {
  const sorted = items.filter((i) => i.weight > 0).sort((a, b) => a.value - b.value);
  if (sorted.length === 0) return Number.NaN;
  const half = sorted.reduce((sum, i) => sum + i.weight, 0) / 2;
  let acc = 0;
  for (const item of sorted) {
    acc += item.weight;
    if (acc >= half - 1e-12) return item.value;
  }
  return sorted[sorted.length - 1].value;
}

export function cellKey(latitude: number, longitude: number): number {
  return (
    Math.floor(latitude / CELL_DEGREES) * COLUMNS + wrapColumn(Math.floor(longitude / CELL_DEGREES), COLUMNS)
  );
}

export function wrapColumn(column: number, columns: number): number {
  return ((column % columns) + columns) % columns;
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
