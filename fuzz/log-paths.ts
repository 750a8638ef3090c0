// The log scanner's fast path against the parser fed every line: the same events, line counts and log kind.
import { logKind } from '../src/checks/log/engine.js';
import { checkedKinds } from '../src/checks/log/index.js';
import type { EventKind, LogEvent } from '../src/logs/event.js';
import { LineSplitter, LogParser, LogScanner } from '../src/logs/parse.js';

const NOW = Date.UTC(2020, 5, 1);
/** The kinds the checks read: diagnose parses only these (see LogDiagnosis). */
const CHECKED: ReadonlySet<EventKind> = checkedKinds();

function summary(events: readonly LogEvent[], p: LogParser): string[] {
  const out = events.map(
    (e) =>
      `${e.line}-${e.endLine} ${e.kind} ${e.time ?? '-'} ${e.process} ${e.severity} ${JSON.stringify(e.fields)} ${e.text}`,
  );
  out.push(`lines ${p.stats.lines} events ${p.stats.events} kind ${logKind(p.stats)}`);
  return out;
}

/** A parser for `kinds` (all when undefined) and the events it emits. */
function collecting(kinds: ReadonlySet<EventKind> | undefined): { events: LogEvent[]; parser: LogParser } {
  const events: LogEvent[] = [];
  const parser = new LogParser({
    source: 's',
    now: NOW,
    ...(kinds ? { kinds } : {}),
    onEvent: (e) => events.push(e),
  });
  return { events, parser };
}

function everyLine(text: string, kinds: ReadonlySet<EventKind> | undefined): string[] {
  const { events, parser } = collecting(kinds);
  const split = new LineSplitter((l) => parser.line(l));
  split.write(text);
  split.end();
  parser.end();
  return summary(events, parser);
}

function scanned(
  text: string,
  kinds: ReadonlySet<EventKind> | undefined,
  fullLines: number,
  chunk: number,
): string[] {
  const { events, parser } = collecting(kinds);
  const scanner = new LogScanner(parser, kinds, fullLines);
  for (let i = 0; i < text.length; i += chunk) scanner.write(text.slice(i, i + chunk));
  scanner.end();
  return summary(events, parser);
}

/**
 * Where the fast path (after `fullLines` lines, in chunks of each size) first differs from feeding every
 * line, for all kinds and for the kinds the checks read; undefined when it never does.
 */
export function logPathsDiffer(
  text: string,
  { fullLines = [0, 5000], chunks = [65536, 4093, 97] }: { fullLines?: number[]; chunks?: number[] } = {},
): string | undefined {
  for (const kinds of [undefined, CHECKED]) {
    const want = everyLine(text, kinds);
    for (const full of fullLines) {
      for (const chunk of chunks) {
        const got = scanned(text, kinds, full, chunk);
        const n = Math.max(want.length, got.length);
        for (let i = 0; i < n; i++) {
          if (want[i] !== got[i])
            return `${kinds ? 'checked kinds' : 'all kinds'}, fast path after ${full} lines, chunks of ${chunk}: entry ${i}: every line gives ${want[i] ?? '(none)'}; fast path gives ${got[i] ?? '(none)'}`;
        }
      }
    }
  }
  return undefined;
}
