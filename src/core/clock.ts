/** Where time comes from. Features take a Clock instead of calling `new Date()`,
 * so tests and the sandbox can move time forward. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests, the sandbox's fast-forward). */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = "2026-09-01T08:00:00+02:00") {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Real time plus an offset that only grows: the sandbox's "move time forward". */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): Date {
    this.offsetMs += Math.max(0, ms);
    return this.now();
  }
}
