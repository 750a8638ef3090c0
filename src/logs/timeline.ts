// The timeline: VPN events of all inputs merged in time order, phone and headend in two columns, findings marked.
import type { Finding } from '../report/finding.js';
import type { LogEvent } from './event.js';
import { deviceTime, formatTime, type YearOrigin } from './time.js';

export interface TimelineEntry {
  /** The device's clock as logged, ISO 8601 without a zone (no `Z`: it is not known to be UTC). */
  time: string | undefined;
  /** Always `device-local`: each time is its device's own clock, with no zone. */
  clock: 'device-local';
  /** Where the year came from when the line had none (see YearOrigin), or `log` when it had one. */
  yearFrom: YearOrigin | undefined;
  side: 'phone' | 'headend';
  source: string;
  line: number;
  severity: LogEvent['severity'];
  kind: LogEvent['kind'];
  text: string;
  findings: string[];
}

/** Finding ids by `source:line` of their evidence. */
function findingIndex(findings: readonly Finding[]): Map<string, string[]> {
  const at = new Map<string, string[]>();
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.line === undefined) continue;
      const key = `${e.source}:${e.line}`;
      const list = at.get(key) ?? [];
      if (!list.includes(f.id)) list.push(f.id);
      at.set(key, list);
    }
  }
  return at;
}

export function timelineEntries(
  events: readonly LogEvent[],
  findings: readonly Finding[],
  years: ReadonlyMap<string, YearOrigin> = new Map(),
): TimelineEntry[] {
  const at = findingIndex(findings);
  return events.map((e) => ({
    time: e.time === undefined ? undefined : deviceTime(e.time),
    clock: 'device-local' as const,
    yearFrom: e.time === undefined ? undefined : years.get(e.source),
    side: e.format === 'phone' ? 'phone' : 'headend',
    source: e.source,
    line: e.line,
    severity: e.severity,
    kind: e.kind,
    text: e.text,
    findings: at.get(`${e.source}:${e.line}`) ?? [],
  }));
}

/** Phone and headend events that mark one moment of an attempt: the TLS handshake done, the tunnel up. */
const PAIRS: readonly [LogEvent['kind'], readonly LogEvent['kind'][]][] = [
  ['tls-cipher-new', ['headend-tls-ok', 'headend-tls-cipher']],
  ['tunnel-connect', ['headend-session-up', 'headend-dtls-cipher']],
];

/** Below this the two clocks are taken to agree (log latency, a slow handshake). */
const OFFSET_MIN_MS = 120_000;
/** A headend event further away than this is not the same moment, whatever the clocks. */
const OFFSET_MAX_MS = 26 * 3_600_000;

export interface ClockOffset {
  /** Phone clock minus headend clock (ms), the median over the pairs. */
  offsetMs: number;
  pairs: number;
}

/**
 * Whether the phone's and the headend's clocks look offset: each phone handshake or tunnel-up is paired
 * with the nearest headend event of the same moment; when the median difference is over two minutes
 * and all pairs agree on its sign, the clocks are offset by about that much (often a time zone).
 */
export function clockOffset(entries: readonly TimelineEntry[]): ClockOffset | undefined {
  const times = (kinds: readonly LogEvent['kind'][], side: TimelineEntry['side']) =>
    entries
      .filter((e) => e.side === side && e.time !== undefined && kinds.includes(e.kind))
      .map((e) => Date.parse(`${e.time}Z`));
  const diffs: number[] = [];
  for (const [phoneKind, headendKinds] of PAIRS) {
    const headend = times(headendKinds, 'headend');
    if (headend.length === 0) continue;
    for (const t of times([phoneKind], 'phone')) {
      let best: number | undefined;
      for (const h of headend) if (best === undefined || Math.abs(t - h) < Math.abs(best)) best = t - h;
      if (best !== undefined && Math.abs(best) <= OFFSET_MAX_MS) diffs.push(best);
      if (diffs.length >= 200) break;
    }
  }
  if (diffs.length === 0) return undefined;
  diffs.sort((a, b) => a - b);
  const median = diffs[Math.floor(diffs.length / 2)]!;
  if (Math.abs(median) < OFFSET_MIN_MS) return undefined;
  if (!diffs.every((d) => Math.sign(d) === Math.sign(median))) return undefined;
  return { offsetMs: median, pairs: diffs.length };
}

function offsetText(o: ClockOffset): string {
  const min = Math.round(Math.abs(o.offsetMs) / 60_000);
  const hours = Math.abs(o.offsetMs) / 3_600_000;
  const size = min >= 60 ? `${hours.toFixed(1).replace(/\.0$/, '')} h` : `${min} min`;
  const zone =
    Math.abs(hours * 2 - Math.round(hours * 2)) < 0.05 && hours >= 0.5
      ? ' (a whole or half hour: a time zone?)'
      : '';
  return `the phone's clock looks ${size} ${o.offsetMs > 0 ? 'ahead of' : 'behind'} the headend's${zone}, from ${o.pairs} matching event(s); events of one moment are that far apart below`;
}

/**
 * Text rendering, one event a line: time, side (PHONE on the left, the headend indented to the right),
 * where, and the line without the phone's header; findings marked under the line they cite.
 */
export function renderTimeline(entries: readonly TimelineEntry[], dropped: number): string {
  const out: string[] = [];
  out.push(
    `Timeline (${entries.length} VPN events${dropped > 0 ? `, ${dropped} more not shown` : ''}; device clocks):`,
  );
  const offset = clockOffset(entries);
  if (offset) out.push(`  Note: ${offsetText(offset)}.`);
  const guessed = new Set(entries.filter((e) => e.yearFrom === 'clock').map((e) => e.source));
  if (guessed.size > 0)
    out.push(
      `  Note: no input gave the year of ${[...guessed].join(', ')}; it was taken from this computer's clock (give --year).`,
    );
  for (const e of entries) {
    const time = formatTime(e.time === undefined ? undefined : Date.parse(`${e.time}Z`));
    const side = e.side === 'phone' ? 'PHONE  ' : '    HEADEND';
    const where = `${e.source}:${e.line}`;
    out.push(`${time}  ${side.padEnd(11)}  ${stripHeader(e.text)}   [${where}]`);
    for (const id of e.findings)
      out.push(`${' '.repeat(25)}${e.side === 'phone' ? '' : '    '}^^ finding ${id}`);
  }
  if (entries.length === 0) out.push('  (no VPN events found)');
  return `${out.join('\n')}\n`;
}

/** The message part of a line, without the phone's sequence, severity and time (the columns show them). */
export function stripHeader(text: string): string {
  const m = /^\d+ \w{3} [A-Z][a-z]{2} +\d+ [\d:.]+ (?:\(\d+:\d+\) )?/.exec(text);
  return m ? text.slice(m[0].length) : text;
}
