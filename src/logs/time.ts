// Timestamps without a year (phone console, BSD syslog): a per-source clock that rolls the year over.

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

export function monthIndex(mon: string): number | undefined {
  return MONTHS[mon];
}

/**
 * Assigns years to year-less timestamps of one source, in file order. The first timestamp gets the
 * latest year that does not put it after `now` (a log is never from the future); afterwards a month
 * that jumps back by more than six months means the log crossed a new year.
 */
export class YearClock {
  private year: number | undefined;
  private lastMonth = -1;

  constructor(
    private readonly now: number,
    fixedYear?: number,
  ) {
    if (fixedYear !== undefined) this.year = fixedYear;
  }

  /** Milliseconds since the epoch (device clock read as UTC). */
  at(month: number, day: number, h: number, m: number, s: number, ms: number): number {
    if (this.year === undefined) {
      const nowYear = new Date(this.now).getUTCFullYear();
      const t = Date.UTC(nowYear, month, day, h, m, s, ms);
      this.year = t > this.now + 86_400_000 ? nowYear - 1 : nowYear;
    } else if (this.lastMonth >= 0 && month < this.lastMonth - 6) {
      this.year += 1;
    }
    this.lastMonth = month;
    return Date.UTC(this.year, month, day, h, m, s, ms);
  }

  /** A timestamp that carries its year sets the clock's year for what follows. */
  withYear(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number {
    this.year = year;
    this.lastMonth = month;
    return Date.UTC(year, month, day, h, m, s, ms);
  }
}

/** `12:23:21.331861` fraction digits to milliseconds. */
export function fractionMs(frac: string | undefined): number {
  if (!frac) return 0;
  return Math.floor(Number(`0.${frac}`) * 1000);
}

export function formatTime(t: number | undefined): string {
  if (t === undefined) return '                       ';
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}
