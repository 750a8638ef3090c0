// Runs the log side over collected inputs (diagnose, and doctor's logs): the input reader's text goes through
// the log parser and checks; configuration inputs are handed to the caller whole (doctor) or named as not logs.
import type { Readable } from 'node:stream';
import { LogDiagnosis } from '../checks/log/engine.js';
import { type InputKind, isConfigKind, isLogKind } from '../inputs/classify.js';
import type { LogEvent } from '../logs/event.js';
import type { Deployment } from '../model/schema.js';
import { type Finding, finding, type InputSummary, type NotCheckedEntry } from '../report/finding.js';
import {
  DEFAULT_LIMITS,
  type InputInfo,
  type InputLimits,
  type ListedInput,
  type Rejection,
  readInputs,
} from './inputs.js';

export interface CollectOptions {
  deployment?: Deployment | undefined;
  timeline?: boolean;
  year?: number | undefined;
  now?: number;
  limits?: InputLimits;
  stdin?: Readable;
  /**
   * Takes the configuration inputs whole (doctor hands them to the audit). Without it, a configuration
   * input is listed and named as not a log.
   */
  configs?: (input: InputInfo, bytes: Uint8Array) => void;
}

export interface CollectResult {
  /** Every input, in the order met, with the kind the reader classified it as. */
  inputs: InputSummary[];
  findings: Finding[];
  timeline: { events: LogEvent[]; dropped: number };
  /** Inputs that gave text or were taken whole; 0 means nothing could be read at all. */
  readable: number;
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
export function rejectionFindings(rejected: readonly Rejection[]): Finding[] {
  return rejected.map((r) =>
    finding('input-rejected', { message: r.reason, evidence: [{ source: r.source, text: r.reason }] }),
  );
}

/** The report's inputs: the reader's list, with what the audit added (hints, capture sections) by source. */
export function mergeInputs(
  listed: readonly ListedInput[],
  audited: readonly InputSummary[],
): InputSummary[] {
  const bySource = new Map(audited.map((i) => [i.source, i]));
  return listed.map((i) => bySource.get(i.source) ?? { ...i });
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
  const extra: Finding[] = [];
  let readable = 0;
  const read = await readInputs(
    paths,
    {
      wants(input) {
        const whole = opts.configs !== undefined && isConfigKind(input.kind);
        const text = readsAsLog(input.kind, input.binary);
        if (!whole && !text) {
          const { source } = input;
          if (isConfigKind(input.kind))
            extra.push(
              finding('unrecognized-input', {
                message: `${source} is ${input.kind}, not a log: \`vpnphone audit\` or \`vpnphone doctor\` checks it.`,
                evidence: [{ source, text: `${input.kind}, not a log` }],
              }),
            );
          else if (input.binary)
            extra.push(
              finding('unrecognized-input', {
                message: `${source} is binary data, not a log; it was not read.`,
                evidence: [{ source, text: 'binary content (NUL bytes)' }],
              }),
            );
          else
            extra.push(
              finding('unrecognized-input', {
                message: `${source}: ${input.hint ?? 'not a log'}; it was not read.`,
                evidence: [{ source, text: input.hint ?? 'not a log' }],
              }),
            );
        } else readable++;
        return { whole, text };
      },
      whole(input, bytes) {
        opts.configs?.(input, bytes);
      },
      text(input) {
        const { source } = input;
        const feed = diag.openSource(source);
        return {
          write: (chunk) => feed.write(chunk),
          end: () => {
            const stats = feed.end();
            // A capture the audit reads (doctor) needs no log line; other text without one is named.
            const named = input.kind === 'unrecognized' || (input.kind === 'asa-capture' && !opts.configs);
            if (named && stats.phoneLines + stats.asaLines + stats.ocservLines === 0)
              extra.push(
                finding('unrecognized-input', {
                  message: `No phone, ASA or ocserv log line found in ${source} (${stats.lines} lines).`,
                  evidence: [{ source, text: `${stats.lines} lines, none recognized` }],
                }),
              );
          },
        };
      },
    },
    { limits: opts.limits ?? DEFAULT_LIMITS, ...(opts.stdin ? { stdin: opts.stdin } : {}) },
  );
  return {
    inputs: read.inputs.map((i) => ({ ...i })),
    findings: [...diag.findings(), ...extra, ...rejectionFindings(read.rejected)],
    timeline: diag.timeline(),
    readable,
    notChecked: diag.notChecked(),
    rejected: read.rejected,
    peakHeld: read.peakHeld,
  };
}
