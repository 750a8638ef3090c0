// Renders a report as text (for people), JSON (RULES.md shape), SARIF 2.1.0 (for code-scanning tools) or HTML,
// with the timeline when asked. The one output edge of the checking commands: secrets are redacted here.
import { CATALOGUE } from '../findings/catalogue/index.js';
import { type Finding, messageWithCount, type Report, sortFindings } from '../findings/finding.js';
import type { Severity } from '../findings/types.js';
import { clockOffset, renderTimeline } from '../logs/timeline.js';
import { type HtmlMeta, renderHtml, reportHtml, type Timeline } from './html.js';
import { redactDeep } from './redact.js';

export type { HtmlMeta, Timeline } from './html.js';

export const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The report in `format`, with the timeline before it (text), as a `timeline` key (JSON) or drawn as lanes
 * (HTML, with `meta`: the command and the tables it adds); SARIF has no place for it. Every string of the report and timeline goes through `redactSecrets` first, whatever the
 * format, so no check or parser has to remember to.
 */
export function render(report: Report, format: Format, timeline?: Timeline, meta?: HtmlMeta): string {
  const safe = redactDeep(report);
  const events = timeline ? redactDeep([...timeline.entries]) : undefined;
  switch (format) {
    case 'html':
      return renderHtml(
        safe,
        events && timeline ? { entries: events, dropped: timeline.dropped } : undefined,
        meta ? redactDeep(meta) : undefined,
      );
    case 'json': {
      if (!events) return `${JSON.stringify(toJson(safe), null, 2)}\n`;
      // The phone's clock minus the headend's, when the two look offset (see clockOffset).
      const o = clockOffset(events);
      const offset = o
        ? { clockOffset: { phoneMinusHeadendSeconds: Math.round(o.offsetMs / 1000), pairs: o.pairs } }
        : {};
      return `${JSON.stringify({ ...toJson(safe), timeline: events, ...offset }, null, 2)}\n`;
    }
    case 'sarif':
      return `${JSON.stringify(toSarif(safe), null, 2)}\n`;
    case 'text':
      return events && timeline
        ? `${renderTimeline(events, timeline.dropped)}\n${renderText(safe)}`
        : renderText(safe);
  }
}

/** The HTML report as a fragment (for `vpnphone ui`), redacted like every format. */
export function renderHtmlFragment(report: Report, timeline?: Timeline, meta?: HtmlMeta): string {
  const events = timeline
    ? { entries: redactDeep([...timeline.entries]), dropped: timeline.dropped }
    : undefined;
  return reportHtml(redactDeep(report), events, meta ? redactDeep(meta) : undefined);
}

export function toJson(report: Report): Report {
  const { inputs, findings, ...extra } = report;
  return { inputs, findings: sortFindings(findings), ...extra };
}

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

export function summaryLine(findings: readonly Finding[]): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}

function renderText(report: Report): string {
  const out: string[] = [];
  if (report.inputs.length > 0) {
    out.push('Inputs:');
    for (const i of report.inputs) {
      out.push(`  ${i.source}  (${i.kind}${i.hint ? `: ${i.hint}` : ''})`);
      for (const s of i.sections ?? [])
        out.push(
          `      ${s.line !== undefined ? `line ${s.line}: ` : ''}${s.command || '(before the first prompt)'}  (${s.kind})`,
        );
    }
    out.push('');
  }
  const sorted = sortFindings(report.findings);
  for (const sev of ['error', 'warning', 'info'] as const) {
    const group = sorted.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push(`${HEADINGS[sev]} (${group.length}):`);
    for (const f of group) {
      out.push(`  [${f.severity}] ${f.id}: ${f.title}`);
      for (const l of messageWithCount(f).split('\n')) out.push(`      ${l}`);
      for (const e of f.evidence) {
        const where = e.line !== undefined ? `${e.source}:${e.line}` : e.source;
        out.push(`      > ${where}: ${e.text}`);
      }
      if (f.fix) {
        const lines = f.fix.split('\n');
        out.push(`      fix: ${lines[0]}`);
        for (const l of lines.slice(1)) out.push(`           ${l}`);
      }
      out.push('');
    }
  }
  if (sorted.length === 0) out.push('No findings.', '');
  if (report.notChecked && report.notChecked.length > 0) {
    out.push(`Not checked (${report.notChecked.length}):`);
    for (const n of report.notChecked) out.push(`  ${n.id}: ${n.reason}`);
    out.push('');
  }
  out.push(`Summary: ${summaryLine(sorted)}`);
  return `${out.join('\n')}\n`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function toSarif(report: Report): unknown {
  const sorted = sortFindings(report.findings);
  const ids = [...new Set(sorted.map((f) => f.id))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vpnphone',
            informationUri: 'https://github.com/vpnphone/vpnphone',
            rules: ids.map((id) => ({
              id,
              shortDescription: { text: CATALOGUE[id].title },
              help: { text: CATALOGUE[id].fix },
              defaultConfiguration: { level: SARIF_LEVEL[CATALOGUE[id].severity] },
            })),
          },
        },
        ...(report.notChecked ? { properties: { notChecked: report.notChecked } } : {}),
        artifacts: report.inputs.map((i) => ({ location: { uri: i.source }, description: { text: i.kind } })),
        results: sorted.map((f) => ({
          ruleId: f.id,
          level: SARIF_LEVEL[f.severity],
          message: { text: `${messageWithCount(f)}\nFix: ${f.fix}` },
          locations: f.evidence
            .filter((e) => e.source !== 'probe')
            .map((e) => ({
              physicalLocation: {
                artifactLocation: { uri: e.source },
                ...(e.line !== undefined ? { region: { startLine: e.line, snippet: { text: e.text } } } : {}),
              },
            })),
        })),
      },
    ],
  };
}
