/** Time, injected: the server and the jobs use the system clock, tests a clock they can move. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private t: Date = new Date('2026-03-01T09:00:00Z')) {}
  now() {
    return new Date(this.t);
  }
  set(t: Date | string) {
    this.t = new Date(t);
  }
  advanceDays(days: number) {
    this.t = new Date(this.t.getTime() + days * 86_400_000);
  }
  advanceMs(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
