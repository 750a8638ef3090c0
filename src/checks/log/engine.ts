// Runs the log checks over sources fed line by line: one parser and one run of each check per source.

import {
  type Draft,
  DraftMerger,
  type Finding,
  type MergeOptions,
  renderFindings,
} from '../../findings/finding.js';
import { namesFromDeployment, type ObjectNames } from '../../findings/names.js';
import type { NotCheckedEntry } from '../../findings/types.js';
import type { EventKind, LogEvent } from '../../logs/event.js';
import { isRestart, LogParser, LogScanner, type LogStats } from '../../logs/parse.js';
import {
  decodePiece,
  type EncodedPiece,
  type PieceEnd,
  type PieceOptions,
  pieceParser,
  scanPiece,
} from '../../logs/piece.js';
import { placeTime, shiftYears, YearClock, type YearOrigin } from '../../logs/time.js';
import type { Deployment } from '../../model/schema.js';
import { crashEntry } from '../crash.js';
import { CLIENT_KINDS, SessionClients } from './clients.js';
import type { LogCheck, LogCheckRun, SourceContext } from './define.js';
import { LOG_CHECKS } from './index.js';

/** A check's run on one source, and how to stop it with an error not its own (the shared SessionClients'). */
type Guarded = LogCheckRun & { fail(e: unknown): void };

export interface LogDiagnosisOptions {
  /** Names the fixes use when `findings()` is given none. */
  deployment?: Deployment | undefined;
  /** Keep events for a timeline (at most `timelineLimit`, default 20000). */
  timeline?: boolean;
  timelineLimit?: number;
  /** Reference time and year for year-less timestamps (see LogParser). */
  now?: number;
  year?: number | undefined;
  checks?: readonly LogCheck[];
  /** Chunks are latin1, one char per byte (as the input reader decodes them); default false. */
  latin1?: boolean;
  /** Lines per source parsed one by one before the scanner's fast path (tests set 0 or Infinity). */
  fullLines?: number;
}

export interface SourceFeed {
  /** Text in any chunking; lines may span chunks. */
  write(chunk: string): void;
  /**
   * Instead of text: the source read in consecutive pieces, each parsed on its own (worker threads, see
   * src/cli/log-workers.ts), handed on in file order. The checks see the same events as from the text.
   */
  parsed(piece: EncodedPiece): void;
  /** The next piece, read on this thread: its text in any chunking, then `end`. */
  piece(index: number): { write(chunk: string): void; end(): void };
  /** A later piece read on this thread ahead of its turn: its events, for `parsed` when its turn comes. */
  buffered(index: number): { write(chunk: string): void; end(): EncodedPiece };
  /** End of the source: pending entries are parsed and the checks report. */
  end(): LogStats;
  /** What the parser of one piece needs to read it as this source's would (scanPiece). */
  readonly pieceOptions: PieceOptions;
}

/** The kind of input a source turned out to be, from what its lines looked like. */
export function logKind(s: LogStats): string {
  const parts: string[] = [];
  if (s.phoneLines > 0) parts.push('phone-log');
  if (s.asaLines > 0) parts.push('asa-log');
  if (s.ocservLines > 0) parts.push('ocserv-log');
  if (parts.length === 0) return s.binaryLines > 0 ? 'binary' : 'text';
  return parts.join('+');
}

/** What is known of when one source was collected: the reference for its year-less timestamps. */
export interface SourceHint {
  /** The collection time (device clock, ms): the log's timestamps are not after it. */
  collected?: { at: number; from: 'prt-name' | 'archive-time' } | undefined;
}

/** The kept events in time order, how many were left out, and where each source's year came from. */
export interface TimelineEvents {
  events: LogEvent[];
  dropped: number;
  years: Map<string, YearOrigin>;
}

/**
 * One problem seen many times, in one source or many, is one finding: equal data merge, their counts add
 * up, each source gives at most 8 evidence lines and a finding at most 20 (the count says how often).
 */
const LOG_MERGE: MergeOptions = { maxEvidencePerSource: 8, maxEvidence: 20, countRepeats: true };

export class LogDiagnosis {
  /** What the checks found, merged as it arrives: memory stays bounded however many problems a log holds. */
  private readonly found = new DraftMerger(LOG_MERGE);
  /** Checks that threw, first error each; a check that threw reads nothing more of that source. */
  private readonly crashed = new Map<string, NotCheckedEntry>();
  private readonly events: LogEvent[] = [];
  private dropped = 0;
  private readonly checks: readonly LogCheck[];
  /** Per source with a timeline: where its year came from. */
  private readonly clocks = new Map<string, { readonly origin: YearOrigin | undefined }>();

  constructor(private readonly opts: LogDiagnosisOptions = {}) {
    this.checks = opts.checks ?? LOG_CHECKS;
  }

  openSource(source: string, hint: SourceHint = {}): SourceFeed {
    const byKind = new Map<EventKind, LogCheckRun[]>();
    const runs: LogCheckRun[] = [];
    const listen = (k: EventKind, run: LogCheckRun) => {
      const list = byKind.get(k);
      if (list) list.push(run);
      else byKind.set(k, [run]);
    };
    // One SessionClients for the source, fed once per client event ahead of the checks that read it; if it
    // throws (a bug), those checks stop with its error.
    const clients = new SessionClients();
    const readers: Guarded[] = [];
    const context: SourceContext = { clients };
    for (const check of this.checks) {
      const run = this.guarded(check, source, context);
      if (!run) continue;
      if (check.clients) readers.push(run);
      runs.push(run);
      for (const k of check.kinds) listen(k, run);
    }
    if (readers.length > 0) {
      const tracker: LogCheckRun = {
        event: (e) => {
          try {
            clients.note(e);
          } catch (err) {
            for (const r of readers) r.fail(err);
          }
        },
        end: () => {},
      };
      // Ahead of every check: what a check is told of an event's client comes from the events before it.
      for (const k of CLIENT_KINDS) {
        const list = byKind.get(k);
        if (list) list.unshift(tracker);
        else byKind.set(k, [tracker]);
      }
    }
    const limit = this.opts.timelineLimit ?? 20000;
    const keep = this.opts.timeline === true;
    const onEvent = (e: LogEvent) => {
      const list = byKind.get(e.kind);
      if (list) for (const r of list) r.event(e);
      if (keep) {
        if (this.events.length < limit) this.events.push(e);
        else this.dropped++;
      }
    };
    // Without a timeline only the kinds some check reads are worth parsing.
    const kinds = keep ? undefined : new Set(byKind.keys());
    const now = hint.collected?.at ?? this.opts.now ?? Date.now();
    const parser = new LogParser({
      source,
      latin1: this.opts.latin1 ?? false,
      ...(kinds ? { kinds } : {}),
      now,
      ...(hint.collected ? { nowOrigin: hint.collected.from } : {}),
      ...(this.opts.year !== undefined ? { year: this.opts.year } : {}),
      onEvent,
    });
    const scanner = new LogScanner(parser, kinds, this.opts.fullLines);
    // The pieces' state: the source's clock, the lines and counts so far, the last sequence number.
    let pieces: { clock: YearClock; lines: number; stats: LogStats; lastSeq: number } | undefined;
    const state = () =>
      (pieces ??= {
        clock: new YearClock(now, this.opts.year, hint.collected?.from),
        lines: 0,
        stats: { ...parser.stats },
        lastSeq: -1,
      });
    /** The counts of a piece read, added to the source's. */
    const merge = (piece: PieceEnd) => {
      const p = state();
      p.lines += piece.stats.lines;
      if (p.lastSeq >= 0 && piece.firstSeq >= 0 && isRestart(piece.firstSeq, p.lastSeq))
        p.stats.sequenceRestarts++;
      if (piece.lastSeq >= 0) p.lastSeq = piece.lastSeq;
      for (const k of Object.keys(p.stats) as (keyof LogStats)[]) p.stats[k] += piece.stats[k];
    };
    const pieceOptions: PieceOptions = {
      source,
      kinds: kinds ? [...kinds] : undefined,
      latin1: this.opts.latin1 ?? false,
      fullLines: this.opts.fullLines,
    };
    if (keep)
      this.clocks.set(source, {
        get origin() {
          return pieces ? pieces.clock.origin : parser.yearOrigin;
        },
      });
    return {
      write: (chunk) => scanner.write(chunk),
      parsed: (piece) => {
        const p = state();
        decodePiece(piece, source, (e, t) => {
          e.line += p.lines;
          e.endLine += p.lines;
          e.time = t ? placeTime(p.clock, t) : undefined;
          onEvent(e);
        });
        merge(piece);
      },
      piece: (index) => {
        const p = state();
        const base = p.lines;
        // Read here, in order: the source's own clock places the times as they come.
        const pp = pieceParser(pieceOptions, index, p.clock, (e) => {
          e.line += base;
          e.endLine += base;
          onEvent(e);
        });
        return { write: pp.write, end: () => merge(pp.end()) };
      },
      buffered: (index) => scanPiece(pieceOptions, index),
      end: () => {
        if (!pieces) scanner.end();
        for (const r of runs) r.end();
        return pieces?.stats ?? parser.stats;
      },
      pieceOptions,
    };
  }

  /** What the checks found, one draft per problem across all sources (see LOG_MERGE). */
  drafts(): Draft[] {
    return this.found.drafts();
  }

  /** The findings worded with `names`, by default the deployment's (or placeholders). */
  findings(
    names: ObjectNames = this.opts.deployment ? namesFromDeployment(this.opts.deployment) : {},
  ): Finding[] {
    return renderFindings(this.drafts(), names);
  }

  /** The checks that threw (a bug each), as `notChecked` entries with their error. */
  notChecked(): NotCheckedEntry[] {
    return [...this.crashed.values()];
  }

  /** A run of `check` on one source whose throws are caught, recorded, and stop only that run. */
  private guarded(check: LogCheck, source: string, context: SourceContext): Guarded | undefined {
    let failed = false;
    const fail = (e: unknown) => {
      failed = true;
      if (!this.crashed.has(check.id)) this.crashed.set(check.id, crashEntry(check.id, e, source));
    };
    let run: LogCheckRun;
    try {
      run = check.create((d) => this.found.add(d), context);
    } catch (e) {
      fail(e);
      return undefined;
    }
    return {
      fail,
      event: (e) => {
        if (failed) return;
        try {
          run.event(e);
        } catch (err) {
          fail(err);
        }
      },
      end: () => {
        if (failed) return;
        try {
          run.end();
        } catch (err) {
          fail(err);
        }
      },
    };
  }

  /**
   * Events kept for the timeline, in time order, and how many were left out past the limit. A source whose
   * year came only from the computer's clock takes it from the logs read alongside that carry years
   * (ASA syslog, ISO times): see yearsFromHeadend.
   */
  timeline(): TimelineEvents {
    const years = new Map<string, YearOrigin>();
    for (const [source, c] of this.clocks) {
      const o = c.origin;
      if (o) years.set(source, o);
    }
    const events = yearsFromHeadend(this.events, years);
    return { events: orderByTime(events), dropped: this.dropped, years };
  }
}

/**
/**
 * Re-years the sources whose year came from the clock (`years` says `clock`) by the sources whose timestamps
 * carry a year (`log`, or `option`/`prt-name`/`archive-time`, set from what is known): each such source is
 * moved by whole years to where its events come closest to theirs. Updates `years` to `headend-log` for
 * the moved sources; returns new event objects for them, the others as they were.
 */
export function yearsFromHeadend(events: readonly LogEvent[], years: Map<string, YearOrigin>): LogEvent[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const guessed = new Map<string, { lo: number; hi: number }>();
  for (const e of events) {
    if (e.time === undefined) continue;
    const o = years.get(e.source);
    if (o === 'clock') {
      const r = guessed.get(e.source) ?? { lo: e.time, hi: e.time };
      r.lo = Math.min(r.lo, e.time);
      r.hi = Math.max(r.hi, e.time);
      guessed.set(e.source, r);
    } else if (o !== undefined) {
      lo = Math.min(lo, e.time);
      hi = Math.max(hi, e.time);
    }
  }
  if (guessed.size === 0 || lo > hi) return [...events];
  const shifts = new Map<string, number>();
  for (const [source, r] of guessed) {
    const base = new Date(lo).getUTCFullYear() - new Date(r.lo).getUTCFullYear();
    let best = 0;
    let bestGap = Number.POSITIVE_INFINITY;
    for (const k of [base, base - 1, base + 1]) {
      const a = shiftYears(r.lo, k);
      const b = shiftYears(r.hi, k);
      const gap = Math.max(0, lo - b, a - hi);
      if (gap < bestGap) {
        bestGap = gap;
        best = k;
      }
    }
    if (best !== 0) shifts.set(source, best);
    years.set(source, 'headend-log');
  }
  return events.map((e) => {
    const k = shifts.get(e.source);
    return k === undefined || e.time === undefined ? e : { ...e, time: shiftYears(e.time, k) };
  });
}

/**
 * Merges events of all sources by time. An event without a time (raw debug output) keeps its place
 * after the last timed event of its own source.
 */
export function orderByTime(events: readonly LogEvent[]): LogEvent[] {
  const last = new Map<string, number>();
  const keyed = events.map((e, i) => {
    const t = e.time ?? last.get(e.source) ?? Number.NEGATIVE_INFINITY;
    if (e.time !== undefined) last.set(e.source, e.time);
    return { e, t, i };
  });
  keyed.sort((a, b) => (a.t !== b.t ? (a.t < b.t ? -1 : 1) : a.i - b.i));
  return keyed.map((k) => k.e);
}
