// Runs the log side over collected inputs: reads them (files, folders, archives, stdin), parses, checks.
import type { Readable } from 'node:stream';
import { LogDiagnosis, logKind } from '../checks/log/engine.js';
import { type Draft, draft, type Finding, renderFindings } from '../findings/finding.js';
import { namesFromDeployment } from '../findings/names.js';
import type { InputSummary, NotCheckedEntry } from '../findings/types.js';
import type { LogEvent } from '../logs/event.js';
import type { Deployment } from '../model/schema.js';
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
  /** Worded with the deployment's names (or placeholders). */
  findings: Finding[];
  /** The same as data, for a caller that resolves the names itself (doctor, from the running configuration). */
  drafts: Draft[];
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
  const extra: Draft[] = [];
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
              draft('unrecognized-input', { kind: 'no-log-line', source, lines: stats.lines }, [
                { source, text: `${stats.lines} lines, none recognized` },
              ]),
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
        draft('unrecognized-input', { kind: 'binary', source }, [
          { source, text: 'binary content (NUL bytes)' },
        ]),
      );
    },
    archive(source) {
      inputs.push({ source, kind: 'archive' });
    },
    rejected(source, reason) {
      inputs.push({ source, kind: 'rejected' });
      extra.push(draft('input-rejected', { reason }, [{ source, text: reason }]));
    },
  };
  await readInputs(paths, visitor, opts.limits ?? DEFAULT_LIMITS, opts.stdin ?? process.stdin);
  const drafts = [...diag.drafts(), ...extra];
  const names = opts.deployment ? namesFromDeployment(opts.deployment) : {};
  return {
    inputs,
    findings: renderFindings(drafts, names),
    drafts,
    timeline: diag.timeline(),
    readable,
    notChecked: diag.notChecked(),
  };
}
