// The timeline: VPN events of all inputs merged in time order, phone and headend in two columns, findings marked.
import type { Finding } from '../report/finding.js';
import type { LogEvent } from './event.js';
import { formatTime } from './time.js';

export interface TimelineEntry {
  time: string | undefined;
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

export function timelineEntries(events: readonly LogEvent[], findings: readonly Finding[]): TimelineEntry[] {
  const at = findingIndex(findings);
  return events.map((e) => ({
    time: e.time === undefined ? undefined : new Date(e.time).toISOString(),
    side: e.format === 'phone' ? 'phone' : 'headend',
    source: e.source,
    line: e.line,
    severity: e.severity,
    kind: e.kind,
    text: e.text,
    findings: at.get(`${e.source}:${e.line}`) ?? [],
  }));
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
  for (const e of entries) {
    const time = formatTime(e.time === undefined ? undefined : Date.parse(e.time));
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
