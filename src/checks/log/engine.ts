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
import { LogParser, LogScanner, type LogStats } from '../../logs/parse.js';
import type { Deployment } from '../../model/schema.js';
import { crashEntry } from '../crash.js';
import type { LogCheck, LogCheckRun } from './define.js';
import { LOG_CHECKS } from './index.js';

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
  /** End of the source: pending entries are parsed and the checks report. */
  end(): LogStats;
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

  constructor(private readonly opts: LogDiagnosisOptions = {}) {
    this.checks = opts.checks ?? LOG_CHECKS;
  }

  openSource(source: string): SourceFeed {
    const byKind = new Map<EventKind, LogCheckRun[]>();
    const runs: LogCheckRun[] = [];
    for (const check of this.checks) {
      const run = this.guarded(check, source);
      if (!run) continue;
      runs.push(run);
      for (const k of check.kinds) {
        const list = byKind.get(k);
        if (list) list.push(run);
        else byKind.set(k, [run]);
      }
    }
    const limit = this.opts.timelineLimit ?? 20000;
    const keep = this.opts.timeline === true;
    const parser = new LogParser({
      source,
      latin1: this.opts.latin1 ?? false,
      // Without a timeline only the kinds some check reads are worth parsing.
      ...(keep ? {} : { kinds: new Set(byKind.keys()) }),
      now: this.opts.now ?? Date.now(),
      ...(this.opts.year !== undefined ? { year: this.opts.year } : {}),
      onEvent: (e) => {
        const list = byKind.get(e.kind);
        if (list) for (const r of list) r.event(e);
        if (keep) {
          if (this.events.length < limit) this.events.push(e);
          else this.dropped++;
        }
      },
    });
    const scanner = new LogScanner(parser, keep ? undefined : new Set(byKind.keys()), this.opts.fullLines);
    return {
      write: (chunk) => scanner.write(chunk),
      end: () => {
        scanner.end();
        for (const r of runs) r.end();
        return parser.stats;
      },
    };
  }

  /** What the checks found, one draft per problem across all sources (see mergeLogDrafts). */
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
  private guarded(check: LogCheck, source: string): LogCheckRun | undefined {
    let failed = false;
    const fail = (e: unknown) => {
      failed = true;
      if (!this.crashed.has(check.id)) this.crashed.set(check.id, crashEntry(check.id, e, source));
    };
    let run: LogCheckRun;
    try {
      run = check.create((d) => this.found.add(d));
    } catch (e) {
      fail(e);
      return undefined;
    }
    return {
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

  /** Events kept for the timeline, in time order, and how many were left out past the limit. */
  timeline(): { events: LogEvent[]; dropped: number } {
    return { events: orderByTime(this.events), dropped: this.dropped };
  }
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
