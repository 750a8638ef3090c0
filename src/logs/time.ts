// Timestamps without a year (phone console, BSD syslog): a per-source clock that rolls the year over.

/** The month names of syslog and phone timestamps, January first. */
export const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

const MONTHS: Record<string, number> = Object.fromEntries(MONTH_NAMES.map((m, i) => [m, i]));

export function monthIndex(mon: string): number | undefined {
  return MONTHS[mon];
}

/**
 * Where the year of a source's year-less timestamps came from, strongest first: `--year`; the time the
 * log was collected (`prt-YYYYMMDD-hhmmss` in its name, an archive member's time); a timestamp of the
 * same log that carries its year; the years of the headend logs read alongside (applied after all
 * sources are read, see LogDiagnosis); the computer's clock.
 */
export type YearOrigin = 'option' | 'prt-name' | 'archive-time' | 'log' | 'headend-log' | 'clock';

/** What a parser turns timestamps into times with (a YearClock, or a recorder of them). */
export interface TimeSource {
  at(month: number, day: number, h: number, m: number, s: number, ms: number): number;
  withYear(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number;
  readonly origin: YearOrigin | undefined;
}

/** A timestamp as read, before a clock placed it: `[-1, month, ...]` without a year, else `[year, month, ...]`. */
export type RawTime = [number, number, number, number, number, number, number];

/**
 * Records the timestamps a parser reads, one at a time, instead of placing them: a chunk of a source read
 * on its own cannot know the year the lines before it set. The source's YearClock places them later, in
 * file order (`place`), exactly as if it had read them itself.
 */
export class TimeRecorder implements TimeSource {
  readonly origin = undefined;
  private last: RawTime | undefined;

  at(month: number, day: number, h: number, m: number, s: number, ms: number): number {
    this.last = [-1, month, day, h, m, s, ms];
    return 0;
  }

  withYear(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number {
    this.last = [year, month, day, h, m, s, ms];
    return 0;
  }

  /** The timestamp read since the last call, if any. */
  take(): RawTime | undefined {
    const t = this.last;
    this.last = undefined;
    return t;
  }
}

/** A recorded timestamp placed by a source's clock. */
export function placeTime(clock: TimeSource, t: RawTime): number {
  const [y, mo, d, h, m, s, ms] = t;
  return y < 0 ? clock.at(mo, d, h, m, s, ms) : clock.withYear(y, mo, d, h, m, s, ms);
}

/**
 * Assigns years to year-less timestamps of one source, in file order. The first timestamp gets the
 * latest year that does not put it after `now` (a log is never from the future; `now` is the time it
 * was collected when that is known); afterwards a month that jumps back by more than six months means
 * the log crossed a new year.
 */
export class YearClock implements TimeSource {
  private year: number | undefined;
  private lastMonth = -1;
  /** Where the year of the first year-less timestamp came from (undefined: none seen yet). */
  origin: YearOrigin | undefined;

  constructor(
    private readonly now: number,
    fixedYear?: number,
    private readonly nowOrigin: YearOrigin = 'clock',
  ) {
    if (fixedYear !== undefined) this.year = fixedYear;
    this.fixed = fixedYear !== undefined;
  }

  private readonly fixed: boolean;

  /** Milliseconds since the epoch (device clock read as UTC). */
  at(month: number, day: number, h: number, m: number, s: number, ms: number): number {
    if (this.origin === undefined && this.fixed) this.origin = 'option';
    if (this.year === undefined) {
      this.origin = this.nowOrigin;
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
    this.origin ??= 'log';
    this.lastMonth = month;
    return Date.UTC(year, month, day, h, m, s, ms);
  }
}

/** `12:23:21.331861` fraction digits to milliseconds. */
export function fractionMs(frac: string | undefined): number {
  if (!frac) return 0;
  return Math.floor(Number(`0.${frac}`) * 1000);
}

/** A device time as ISO 8601 without a zone: the device's local clock, not UTC. */
export function deviceTime(t: number): string {
  return new Date(t).toISOString().slice(0, -1);
}

/** `prt-20200402-091500-SEP...` in a path: the time the phone wrote the problem report (its clock). */
export function prtTime(path: string): number | undefined {
  const m = /prt-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)/i.exec(path);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || y < 1990) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** The same device time `years` later or earlier (calendar years; 29 February stays in its month end). */
export function shiftYears(t: number, years: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear() + years;
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(y, d.getUTCMonth() + 1, 0)).getUTCDate());
  return Date.UTC(
    y,
    d.getUTCMonth(),
    day,
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

export function formatTime(t: number | undefined): string {
  if (t === undefined) return '                       ';
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}
