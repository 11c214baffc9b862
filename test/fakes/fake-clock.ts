import type { Clock } from '@landfall/common';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(private current = Date.parse('2026-12-02T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  date(): Date {
    return new Date(this.current);
  }
}
