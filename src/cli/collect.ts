// Runs the log side over collected inputs (diagnose, and doctor's logs): the input reader's text goes through
// the log parser and checks; configuration inputs are handed to the caller whole (doctor) or named as not logs.
import type { Readable } from 'node:stream';
import { LogDiagnosis, type SourceHint, type TimelineEvents } from '../checks/log/engine.js';
import { type Draft, draft, type Finding, renderFindings } from '../findings/finding.js';
import { namesFromDeployment } from '../findings/names.js';
import type { InputSummary, NotCheckedEntry } from '../findings/types.js';
import { type InputKind, isConfigKind, isLogKind } from '../inputs/classify.js';
import { prtTime } from '../logs/time.js';
import type { Deployment } from '../model/schema.js';
import {
  DEFAULT_LIMITS,
  type InputInfo,
  type InputLimits,
  type ListedInput,
  type MemoryInput,
  type Rejection,
  readInputs,
} from './inputs.js';
import { LogWorkers, type ThreadOptions, threadOptions } from './log-workers.js';
import type { Progress } from './progress.js';

export interface CollectOptions {
  deployment?: Deployment | undefined;
  timeline?: boolean;
  year?: number | undefined;
  now?: number;
  limits?: InputLimits;
  stdin?: Readable;
  /** Inputs in memory (`vpnphone ui`), read after the paths. */
  memory?: readonly MemoryInput[];
  /** Give each input its SHA-256 (the HTML report). */
  hash?: boolean;
  /**
   * Takes the configuration inputs whole (doctor hands them to the audit). Without it, a configuration
   * input is listed and named as not a log.
   */
  configs?: (input: InputInfo, bytes: Uint8Array) => void;
  /** Told of each input and the bytes read (a progress line on a terminal). */
  progress?: Progress;
  /** Worker threads for large log files (default: threadOptions(), from VPNPHONE_THREADS). */
  threads?: ThreadOptions;
}

export interface CollectResult {
  /** Every input, in the order met, with the kind the reader classified it as. */
  inputs: InputSummary[];
  /** Worded with the deployment's names (or placeholders). */
  findings: Finding[];
  /** The same as data, for a caller that resolves the names itself (doctor, from the running configuration). */
  drafts: Draft[];
  timeline: TimelineEvents;
  /**
   * Inputs the log checks read: logs, and other text with a phone, ASA or ocserv log line (configuration
   * inputs taken whole are the caller's to count).
   */
  checked: number;
  /** Log checks that threw (a bug each), with their error. */
  notChecked: NotCheckedEntry[];
  /** What the reader refused (also among the findings as `input-rejected`). */
  rejected: Rejection[];
  /** The most bytes the reader held at once. */
  peakHeld: number;
}

/** Text the log parser reads: logs, captures (`show logging` inside a `show tech-support`), unknown text. */
export function readsAsLog(kind: InputKind, binary: boolean): boolean {
  return isLogKind(kind) || kind === 'asa-capture' || (kind === 'unrecognized' && !binary);
}

/** One `input-rejected` warning per refusal (an archive member, a link, a limit). */
export function rejectionDrafts(rejected: readonly Rejection[]): Draft[] {
  return rejected.map((r) =>
    draft('input-rejected', { reason: r.reason }, [{ source: r.source, text: r.reason }]),
  );
}

/** The refusals worded (their wording names no deployment object). */
export function rejectionFindings(rejected: readonly Rejection[]): Finding[] {
  return renderFindings(rejectionDrafts(rejected), {});
}

/** The report's inputs: the reader's list, with what the audit added (hints, capture sections) by source. */
export function mergeInputs(
  listed: readonly ListedInput[],
  audited: readonly InputSummary[],
): InputSummary[] {
  const bySource = new Map(audited.map((i) => [i.source, i]));
  return listed.map((i) => {
    const a = bySource.get(i.source);
    return a ? { ...a, ...(i.sha256 ? { sha256: i.sha256 } : {}) } : { ...i };
  });
}

/** Archive members dated before this are taken as an archiver's default (1970), not a collection time. */
const PLAUSIBLE_MTIME = Date.UTC(2000, 0, 1);

/**
 * When the log was collected, for the year of its year-less timestamps: `prt-YYYYMMDD-hhmmss` in its path
 * (the phone's own clock, the strongest), else the archive member's time.
 */
export function collectedHint(input: Pick<InputInfo, 'source' | 'mtime'>): SourceHint {
  const prt = prtTime(input.source);
  if (prt !== undefined) return { collected: { at: prt, from: 'prt-name' } };
  if (input.mtime !== undefined && input.mtime >= PLAUSIBLE_MTIME)
    return { collected: { at: input.mtime, from: 'archive-time' } };
  return {};
}

export async function collectLogs(
  paths: readonly string[],
  opts: CollectOptions = {},
): Promise<CollectResult> {
  const diag = new LogDiagnosis({
    deployment: opts.deployment,
    timeline: opts.timeline ?? false,
    latin1: true,
    year: opts.year,
    now: opts.now ?? Date.now(),
  });
  const extra: Draft[] = [];
  let checked = 0;
  const workers = new LogWorkers(opts.threads ?? threadOptions());
  /** A piece read on this thread, its text counted as read for the progress line. */
  const counted = <T>(piece: { write(chunk: string): void; end(): T }) => ({
    write: (chunk: string) => {
      opts.progress?.bytes(chunk.length);
      piece.write(chunk);
    },
    end: () => piece.end(),
  });
  const read = await readInputs(
    paths,
    {
      wants(input) {
        opts.progress?.input(input.source);
        const whole = opts.configs !== undefined && isConfigKind(input.kind);
        const text = readsAsLog(input.kind, input.binary);
        if (!whole && !text) {
          const { source } = input;
          if (isConfigKind(input.kind))
            extra.push(
              draft('unrecognized-input', { kind: 'not-a-log', source, inputKind: input.kind }, [
                { source, text: `${input.kind}, not a log` },
              ]),
            );
          else if (input.binary)
            extra.push(
              draft('unrecognized-input', { kind: 'binary', source }, [
                { source, text: 'binary content (NUL bytes)' },
              ]),
            );
          else
            extra.push(
              draft('unrecognized-input', { kind: 'not-read', source, hint: input.hint ?? 'not a log' }, [
                { source, text: input.hint ?? 'not a log' },
              ]),
            );
        }
        return { whole, text };
      },
      whole(input, bytes) {
        opts.progress?.bytes(bytes.length);
        opts.configs?.(input, bytes);
      },
      text(input) {
        const { source } = input;
        const feed = diag.openSource(source, collectedHint(input));
        return {
          write: (chunk) => {
            opts.progress?.bytes(chunk.length);
            feed.write(chunk);
          },
          readFile: async (path, start, end) => {
            if (!workers.worth(end - start)) return false;
            await workers.read(
              path,
              start,
              end,
              feed.pieceOptions,
              (piece, bytes) => {
                opts.progress?.bytes(bytes);
                feed.parsed(piece);
              },
              (index) => counted(feed.piece(index)),
              (index) => counted(feed.buffered(index)),
            );
            return true;
          },
          end: () => {
            const stats = feed.end();
            const lines = stats.phoneLines + stats.asaLines + stats.ocservLines;
            if (isLogKind(input.kind) || lines > 0) checked++;
            // A capture the audit reads (doctor) needs no log line; other text without one is named.
            const named = input.kind === 'unrecognized' || (input.kind === 'asa-capture' && !opts.configs);
            if (named && lines === 0)
              extra.push(
                draft('unrecognized-input', { kind: 'no-log-line', source, lines: stats.lines }, [
                  { source, text: `${stats.lines} lines, none recognized` },
                ]),
              );
          },
        };
      },
    },
    {
      limits: opts.limits ?? DEFAULT_LIMITS,
      ...(opts.stdin ? { stdin: opts.stdin } : {}),
      ...(opts.memory ? { memory: opts.memory } : {}),
      hash: opts.hash === true,
    },
  ).finally(() => workers.close());
  opts.progress?.done();
  const drafts = [...diag.drafts(), ...extra, ...rejectionDrafts(read.rejected)];
  const names = opts.deployment ? namesFromDeployment(opts.deployment) : {};
  return {
    inputs: read.inputs.map((i) => ({ ...i })),
    findings: renderFindings(drafts, names),
    drafts,
    timeline: diag.timeline(),
    checked,
    notChecked: diag.notChecked(),
    rejected: read.rejected,
    peakHeld: read.peakHeld,
  };
}
