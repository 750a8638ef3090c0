// Renders a report as text (for people), JSON (RULES.md shape), SARIF 2.1.0 (for code-scanning tools) or HTML,
// with the timeline when asked. The one output edge of the checking commands: secrets are redacted here.
import { CATALOGUE } from '../findings/catalogue/index.js';
import { type Finding, messageWithCount, type Report, sortFindings } from '../findings/finding.js';
import type { Evidence, InputSummary, Severity } from '../findings/types.js';
import { clockOffset, renderTimeline } from '../logs/timeline.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { type HtmlMeta, renderHtml, reportHtml, type Timeline } from './html.js';
import { redactDeep } from './redact.js';

export type { HtmlMeta, Timeline } from './html.js';

export const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** How to render: severity floor and text folding and colour; for HTML, the command and its tables. */
export interface RenderOptions extends HtmlMeta {
  /** Only findings of this severity or worse are reported (every format); default info (all). */
  minSeverity?: Severity;
  /** Text: every evidence line, input and not-checked entry, instead of folding them. */
  verbose?: boolean;
  /** Text: ANSI colours (the caller decides: a terminal, NO_COLOR, --color / --no-color). */
  color?: boolean;
}

/** How many findings of each severity, checks not run and inputs a report holds (JSON and SARIF carry it). */
export interface Counts {
  error: number;
  warning: number;
  info: number;
  notChecked: number;
  inputs: number;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a finding of severity `s` reaches `min` (info < warning < error). */
export function atLeast(s: Severity, min: Severity): boolean {
  return RANK[s] >= RANK[min];
}

export function countsOf(report: Report): Counts {
  const n = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  return {
    error: n('error'),
    warning: n('warning'),
    info: n('info'),
    notChecked: report.notChecked?.length ?? 0,
    inputs: report.inputs.length,
  };
}

/**
 * The report in `format`, with the timeline before it (text), as a `timeline` key (JSON) or drawn as lanes
 * (HTML, with `meta`: the command and the tables it adds); SARIF has no place for it. Every string of the report and timeline goes through `redactSecrets` first, whatever the
 * format, so no check or parser has to remember to.
 */
export function render(
  report: Report,
  format: Format,
  timeline?: Timeline,
  options: RenderOptions = {},
): string {
  const min = options.minSeverity ?? 'info';
  const all = redactDeep(report);
  const safe = { ...all, findings: all.findings.filter((f) => atLeast(f.severity, min)) };
  const hidden = all.findings.length - safe.findings.length;
  const events = timeline ? redactDeep([...timeline.entries]) : undefined;
  switch (format) {
    case 'html':
      return renderHtml(
        safe,
        events && timeline ? { entries: events, dropped: timeline.dropped } : undefined,
        redactDeep(htmlMeta(options)),
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
    case 'text': {
      const text = renderText(safe, { ...options, hidden, min });
      return events && timeline ? `${renderTimeline(events, timeline.dropped)}\n${text}` : text;
    }
  }
}

/** The HTML report as a fragment (for `vpnphone ui`), redacted like every format. */
export function renderHtmlFragment(report: Report, timeline?: Timeline, meta?: HtmlMeta): string {
  const events = timeline
    ? { entries: redactDeep([...timeline.entries]), dropped: timeline.dropped }
    : undefined;
  return reportHtml(redactDeep(report), events, meta ? redactDeep(meta) : undefined);
}

/** The JSON report: the tool, the RULES.md keys, the extra keys, and the counts. */
export function toJson(report: Report): Report & { tool: { name: string; version: string }; counts: Counts } {
  const { inputs, findings, ...extra } = report;
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    inputs,
    findings: sortFindings(findings),
    ...extra,
    counts: countsOf(report),
  };
}

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

export function summaryLine(findings: readonly Finding[]): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/** ANSI styles, or none. */
function painter(on: boolean) {
  const sgr = (code: string) => (s: string) => (on && s !== '' ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {
    bold: sgr('1'),
    dim: sgr('2'),
    green: sgr('32'),
    severity: { error: sgr('1;31'), warning: sgr('1;33'), info: sgr('36') } as Record<
      Severity,
      (s: string) => string
    >,
  };
}
type Paint = ReturnType<typeof painter>;

/** Beyond this many files (inputs of a kind, or sources of one finding) the text folds them. */
const FOLD_FILES = 3;
/** A finding folded shows at most this many distinct evidence lines. */
const FOLD_LINES = 4;
/** The one not-checked line names at most this many checks. */
const FOLD_IDS = 5;
const VERBOSE_HINT = '--verbose lists them';

function renderText(report: Report, o: RenderOptions & { hidden: number; min: Severity }): string {
  const paint = painter(o.color === true);
  const out: string[] = [];
  if (report.inputs.length > 0) {
    out.push(paint.bold('Inputs:'));
    out.push(...inputLines(report.inputs, o.verbose === true));
    out.push('');
  }
  const sorted = sortFindings(report.findings);
  for (const sev of ['error', 'warning', 'info'] as const) {
    const group = sorted.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push(paint.bold(`${HEADINGS[sev]} (${group.length}):`));
    for (const f of group) {
      out.push(`  ${paint.severity[sev](`[${f.severity}]`)} ${paint.bold(f.id)}: ${f.title}`);
      for (const l of messageWithCount(f).split('\n')) out.push(`      ${l}`);
      out.push(...evidenceLines(f.evidence, o.verbose === true, paint));
      if (f.fix) {
        const lines = f.fix.split('\n');
        out.push(`      ${paint.green('fix:')} ${lines[0]}`);
        for (const l of lines.slice(1)) out.push(`           ${l}`);
      }
      out.push('');
    }
  }
  if (sorted.length === 0) out.push(o.hidden > 0 ? `No findings of ${o.min} or worse.` : 'No findings.', '');
  const notChecked = report.notChecked ?? [];
  if (notChecked.length > 0) {
    // A check that threw is a bug: always named with its error. The rest lack an input: one line.
    const crashed = notChecked.filter((n) => n.error !== undefined);
    const shown = o.verbose ? notChecked : crashed;
    if (shown.length > 0) {
      out.push(paint.bold(`Not checked (${notChecked.length}):`));
      for (const n of shown) out.push(`  ${n.id}: ${n.reason}`);
    }
    const folded = notChecked.filter((n) => !shown.includes(n));
    if (folded.length > 0) {
      const ids = folded.slice(0, FOLD_IDS).map((n) => n.id);
      const more = folded.length - ids.length;
      out.push(
        `${paint.bold(`Not checked (${folded.length}${shown.length > 0 ? ' more' : ''}):`)} ${ids.join(', ')}${more > 0 ? ` and ${more} more` : ''} (--verbose says what each needs)`,
      );
    }
    out.push('');
  }
  const tail = [
    ...(report.inputs.length > 0 ? [plural(report.inputs.length, 'input')] : []),
    ...(notChecked.length > 0 ? [`${notChecked.length} not checked`] : []),
    ...(o.hidden > 0 ? [`${o.hidden} below ${o.min} not shown`] : []),
  ];
  const worst = sorted[0]?.severity;
  const summary = `Summary: ${summaryLine(sorted)}${tail.length > 0 ? `; ${tail.join(', ')}` : ''}`;
  out.push(worst && worst !== 'info' ? paint.severity[worst](summary) : paint.bold(summary));
  return `${out.join('\n')}\n`;
}

/** One line per input; past FOLD_FILES inputs of one kind, the first and how many more (unless verbose). */
function inputLines(inputs: readonly InputSummary[], verbose: boolean): string[] {
  const label = (i: InputSummary) => `${i.kind}${i.hint ? `: ${i.hint}` : ''}`;
  const byLabel = new Map<string, InputSummary[]>();
  for (const i of inputs) {
    const l = label(i);
    byLabel.set(l, [...(byLabel.get(l) ?? []), i]);
  }
  const out: string[] = [];
  const folded = new Set<string>();
  for (const i of inputs) {
    const l = label(i);
    const same = byLabel.get(l) ?? [];
    if (!verbose && !i.sections && same.length > FOLD_FILES) {
      if (folded.has(l)) continue;
      folded.add(l);
      out.push(`  ${i.source} and ${same.length - 1} more  (${l}; ${VERBOSE_HINT})`);
      continue;
    }
    out.push(`  ${i.source}  (${l})`);
    for (const s of i.sections ?? [])
      out.push(
        `      ${s.line !== undefined ? `line ${s.line}: ` : ''}${s.command || '(before the first prompt)'}  (${s.kind})`,
      );
  }
  return out;
}

/**
 * The evidence lines. Seen in more than FOLD_FILES files (and not verbose), a finding shows each distinct
 * line once with how many more files have it; past FOLD_LINES distinct lines, the first two and how many
 * files more.
 */
function evidenceLines(evidence: readonly Evidence[], verbose: boolean, paint: Paint): string[] {
  const at = (e: Evidence) => (e.line !== undefined ? `${e.source}:${e.line}` : e.source);
  const line = (e: Evidence, also = '') => `      > ${paint.dim(`${at(e)}${also}:`)} ${e.text}`;
  const sources = [...new Set(evidence.map((e) => e.source))];
  if (verbose || sources.length <= FOLD_FILES) return evidence.map((e) => line(e));
  // The same line (number and text) in several files is one group.
  const groups = new Map<string, { first: Evidence; sources: Set<string> }>();
  for (const e of evidence) {
    const key = `${e.line ?? ''}\0${e.text}`;
    const g = groups.get(key);
    if (g) g.sources.add(e.source);
    else groups.set(key, { first: e, sources: new Set([e.source]) });
  }
  const all = [...groups.values()];
  const shown = all.length <= FOLD_LINES ? all : all.slice(0, 2);
  const out: string[] = [];
  const covered = new Set<string>();
  for (const g of shown) {
    const others = g.sources.size - 1;
    out.push(line(g.first, others > 0 ? ` and ${others} more file${others === 1 ? '' : 's'}` : ''));
    for (const s of g.sources) covered.add(s);
  }
  const rest = sources.filter((s) => !covered.has(s));
  if (shown.length < all.length) {
    const more = all.length - shown.length;
    const files =
      rest.length > 0
        ? ` in ${plural(rest.length, 'more file')}: ${rest.slice(0, 2).join(', ')}${rest.length > 2 ? ', …' : ''}`
        : '';
    out.push(`      > ${paint.dim(`… ${plural(more, 'more line')}${files} (${VERBOSE_HINT})`)}`);
  }
  return out;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** An input's path as a SARIF URI reference: spaces, `%`, `?` and `#` escaped, `/` kept. */
function sarifUri(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

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
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: 'https://github.com/vpnphone/vpnphone',
            rules: ids.map((id) => ({
              id,
              shortDescription: { text: CATALOGUE[id].title },
              help: { text: CATALOGUE[id].fix },
              defaultConfiguration: { level: SARIF_LEVEL[CATALOGUE[id].severity] },
            })),
          },
        },
        properties: {
          counts: countsOf(report),
          ...(report.notChecked ? { notChecked: report.notChecked } : {}),
        },
        artifacts: report.inputs.map((i) => ({
          location: { uri: sarifUri(i.source) },
          description: { text: i.kind },
        })),
        results: sorted.map((f) => ({
          ruleId: f.id,
          level: SARIF_LEVEL[f.severity],
          message: { text: `${messageWithCount(f)}\nFix: ${f.fix}` },
          locations: f.evidence
            .filter((e) => e.source !== 'probe')
            .map((e) => ({
              physicalLocation: {
                artifactLocation: { uri: sarifUri(e.source) },
                ...(e.line !== undefined ? { region: { startLine: e.line, snippet: { text: e.text } } } : {}),
              },
            })),
        })),
      },
    ],
  };
}

/** The HTML report's own part of the options. */
function htmlMeta(o: RenderOptions): HtmlMeta {
  return {
    ...(o.command !== undefined ? { command: o.command } : {}),
    ...(o.generatedAt !== undefined ? { generatedAt: o.generatedAt } : {}),
    ...(o.facts !== undefined ? { facts: o.facts } : {}),
    ...(o.sections !== undefined ? { sections: o.sections } : {}),
  };
}
