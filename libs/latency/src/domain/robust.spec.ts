import { describe, expect, it } from 'vitest';
import { median, trimmedMean } from './robust';

describe(median.name, () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('is not moved by one wild value', () => {
    expect(median([20, 21, 22, 23, 10_000])).toBe(22);
  });
});

describe(trimmedMean.name, () => {
  it('drops the given share at each end before averaging', () => {
    const values = [1, 10, 10, 10, 10, 10, 10, 10, 10, 1_000];
    expect(trimmedMean(values, 0.1)).toBe(10);
    expect(trimmedMean(values, 0)).toBeCloseTo(108.1);
  });

  it('does not trim fewer values than one per end', () => {
    expect(trimmedMean([1, 2, 9], 0.1)).toBe(4);
  });

  it('refuses a share that would trim everything', () => {
    expect(() => trimmedMean([1, 2], 0.5)).toThrow(RangeError);
    expect(trimmedMean([])).toBeNaN();
  });
});
