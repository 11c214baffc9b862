/** Robust statistics for untrusted measurements: one wild value must not move the answer. */

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Mean after dropping `share` of the values at each end (0.1 drops the lowest and highest 10 %, rounded
 * down, so fewer than 10 values are not trimmed at all). NaN for none.
 */
export function trimmedMean(values: readonly number[], share = 0.1): number {
  if (values.length === 0) return Number.NaN;
  if (!(share >= 0 && share < 0.5)) throw new RangeError('share must be in [0, 0.5)');
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * share);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}
