// Runs the log side over collected inputs: reads them (files, folders, archives, stdin), parses, checks.
import type { Readable } from 'node:stream';
import { LogDiagnosis, logKind } from '../checks/log/engine.js';
import type { LogEvent } from '../logs/event.js';
import type { Deployment } from '../model/schema.js';
import { type Finding, finding, type InputSummary, type NotCheckedEntry } from '../report/finding.js';
import { DEFAULT_LIMITS, type InputLimits, type InputVisitor, type RawSink, readInputs } from './inputs.js';

export interface CollectOptions {
  deployment?: Deployment | undefined;
  timeline?: boolean;
  year?: number | undefined;
  now?: number;
  limits?: InputLimits;
  stdin?: Readable;
  /**
   * Offered each input first with its head (doctor: configuration files and certificates for the audit).
   * A sink returned gets all the bytes; the input is then not reported as unrecognized by the log side
   * when no log line is found in it.
   */
  raw?: (source: string, head: Buffer) => RawSink | undefined;
}

export interface CollectResult {
  inputs: InputSummary[];
  findings: Finding[];
  timeline: { events: LogEvent[]; dropped: number };
  /** Inputs that gave text (or were claimed); 0 means nothing could be read at all. */
  readable: number;
  /** Log checks that threw (a bug each), with their error. */
  notChecked: NotCheckedEntry[];
}

function without<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
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
  const inputs: InputSummary[] = [];
  const extra: Finding[] = [];
  let readable = 0;
  const claimed = new Set<string>();
  const visitor: InputVisitor = {
    ...(opts.raw
      ? {
          raw(source: string, head: Buffer) {
            const sink = opts.raw?.(source, head);
            if (sink) claimed.add(source);
            return sink;
          },
        }
      : {}),
    text(source) {
      readable++;
      const feed = diag.openSource(source);
      // Listed now so inputs keep the order they were met in; the kind is known at the end.
      const summary: InputSummary = { source, kind: 'text' };
      inputs.push(summary);
      return {
        write: (chunk) => feed.write(chunk),
        end: () => {
          const stats = feed.end();
          const kind = logKind(stats);
          summary.kind = kind;
          if ((kind === 'text' || kind === 'binary') && claimed.has(source)) {
            // The other side (the audit) reads it and lists it.
            without(inputs, summary);
          } else if (kind === 'text' || kind === 'binary') {
            extra.push(
              finding('unrecognized-input', {
                message: `No phone, ASA or ocserv log line found in ${source} (${stats.lines} lines).`,
                evidence: [{ source, text: `${stats.lines} lines, none recognized` }],
              }),
            );
          }
        },
      };
    },
    binary(source, taken) {
      if (taken) {
        readable++;
        return;
      }
      inputs.push({ source, kind: 'binary' });
      extra.push(
        finding('unrecognized-input', {
          message: `${source} is binary data, not a log; it was not read.`,
          evidence: [{ source, text: 'binary content (NUL bytes)' }],
        }),
      );
    },
    archive(source) {
      inputs.push({ source, kind: 'archive' });
    },
    rejected(source, reason) {
      inputs.push({ source, kind: 'rejected' });
      extra.push(finding('input-rejected', { message: reason, evidence: [{ source, text: reason }] }));
    },
  };
  await readInputs(paths, visitor, opts.limits ?? DEFAULT_LIMITS, opts.stdin ?? process.stdin);
  return {
    inputs,
    findings: [...diag.findings(), ...extra],
    timeline: diag.timeline(),
    readable,
    notChecked: diag.notChecked(),
  };
}
