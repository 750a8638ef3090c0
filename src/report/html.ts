// The HTML report: one self-contained page (CSS and script inline, no network reference; a Content Security
// Policy that allows only this page's own style and script) to attach to a support case or open from file://.
// It takes the report render() has already redacted; every text in it is HTML-escaped here, since evidence
// is hostile input. `vpnphone ui` shows the same fragment (reportHtml) with its own page around it.
import { createHash } from 'node:crypto';
import type { Finding, Report } from '../findings/finding.js';
import { messageWithCount, sortFindings } from '../findings/finding.js';
import type { Severity } from '../findings/types.js';
import { stripHeader, type TimelineEntry } from '../logs/timeline.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** A table a command adds to its report (the probe's steps, the renewal plan's steps). */
export interface HtmlSection {
  title: string;
  columns: string[];
  /** Cells: plain text, or commands (shown with a copy button). */
  rows: (string | { commands: string })[][];
}

export interface HtmlMeta {
  /** The command that made the report (`doctor`, `audit`...). */
  command?: string;
  /** When the run was (default: now). */
  generatedAt?: string;
  /** Headline facts before the findings (the renewal stage, the probe's result). */
  facts?: [label: string, value: string][];
  sections?: HtmlSection[];
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };
/** Evidence lines shown before the rest is folded. */
const EVIDENCE_SHOWN = 8;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML content and in quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export const REPORT_CSS = `
:root{--err:#b00020;--warn:#8a5a00;--info:#0b5cad;--line:#d0d7de;--muted:#57606a;--bg2:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#fff}
main,.vp-head{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:20px;margin:16px 0 4px}h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:15px;margin:0 0 4px}
code,pre,.mono{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-word;margin:0}
.meta{color:var(--muted);margin:0 0 8px}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}
.count{border:1px solid var(--line);border-radius:6px;padding:6px 12px;background:var(--bg2)}
.count b{font-size:18px;margin-right:4px}
.count.error b{color:var(--err)}.count.warning b{color:var(--warn)}.count.info b{color:var(--info)}
.filters{display:flex;gap:14px;flex-wrap:wrap;align-items:center;padding:8px 0;border-bottom:1px solid var(--line)}
.filters select{max-width:420px}
.finding{border:1px solid var(--line);border-left:5px solid var(--info);border-radius:6px;padding:10px 12px;margin:10px 0;break-inside:avoid}
.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}
.sev{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:4px;color:#fff;background:var(--info)}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}
.id{color:var(--muted);font-size:12.5px}
.msg{margin:4px 0 8px;white-space:pre-wrap}
.evidence{list-style:none;margin:0 0 8px;padding:0}
.ev{padding:2px 6px;border-left:3px solid var(--line);margin:2px 0;background:var(--bg2);overflow-wrap:anywhere}
.ev .where{color:var(--muted);margin-right:8px}
.ev.open{cursor:pointer}.ev.open:hover{background:#eaeef2}
.fix{border-top:1px dashed var(--line);padding-top:6px}
.fix .label{font-weight:600}
.cmds{position:relative;background:#0d1117;color:#e6edf3;border-radius:6px;padding:8px 70px 8px 10px;margin:4px 0}
.cmds button.copy{position:absolute;right:6px;top:6px}
button.copy{font-size:11.5px;padding:1px 8px;border:1px solid var(--line);border-radius:4px;background:#fff;color:#1f2328;cursor:pointer}
code.inline{background:var(--bg2);padding:0 3px;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg2)}
.hash{font-size:11.5px;color:var(--muted)}
.lanes{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:var(--bg2)}
.lanes text{font:11px system-ui,sans-serif;fill:#57606a}
.lanes .dot{fill:#8c959f}.lanes .dot.warning{fill:var(--warn)}.lanes .dot.error{fill:var(--err)}
.lanes .mark{fill:var(--err);stroke:#fff;stroke-width:1}
.tl{table-layout:fixed}.tl td{font-size:12.5px}.tl .t{width:13em;white-space:nowrap}
.tl td.phone,.tl td.headend{width:43%}
.tl tr.has-finding td.phone:not(:empty),.tl tr.has-finding td.headend:not(:empty){background:#fff0f0}
.badge{display:inline-block;margin:2px 4px 0 0;font-size:11px;padding:0 5px;border-radius:8px;background:var(--err);color:#fff;text-decoration:none}
.src{display:block;color:var(--muted);font-size:11px}
details>summary{cursor:pointer;color:var(--info)}
[hidden]{display:none!important}
.ctx{margin:4px 0 6px;border:1px solid var(--line);border-radius:6px;background:#fff;overflow:auto;max-height:320px}
.ctx div{white-space:pre;padding:0 6px}.ctx div.hit{background:#fff8c5}.ctx span.n{display:inline-block;width:5em;color:var(--muted);user-select:none}
@media print{
  .filters,button.copy,.no-print{display:none!important}
  body{font-size:10.5pt}main,.vp-head{max-width:none;padding:0}
  .cmds{background:#fff;color:#000;border:1px solid #999;padding:6px}
  .finding,.ev,tr{break-inside:avoid}a{color:inherit;text-decoration:none}
  .lanes{background:#fff}
}
`;

/** The page's behaviour: filters, copy buttons, details opened for printing. Plain ES5, no external call. */
export const REPORT_SCRIPT = `
(function(){
function all(root,s){return Array.prototype.slice.call(root.querySelectorAll(s));}
function init(root){
  function apply(){
    var sev={};all(root,'.vp-sev').forEach(function(c){sev[c.value]=c.checked;});
    var sel=root.querySelector('.vp-src');var src=sel?sel.value:'';
    all(root,'.finding').forEach(function(f){
      var srcs=f.getAttribute('data-src').split('\\n');
      f.hidden=sev[f.getAttribute('data-sev')]===false||(src!==''&&srcs.indexOf(src)<0);
    });
    all(root,'.sev-group').forEach(function(g){g.hidden=!g.querySelector('.finding:not([hidden])');});
    all(root,'.tl tr[data-src]').forEach(function(r){r.hidden=src!==''&&r.getAttribute('data-src')!==src;});
  }
  all(root,'.vp-sev,.vp-src').forEach(function(e){e.addEventListener('change',apply);});
  all(root,'button.copy').forEach(function(b){b.addEventListener('click',function(){
    var c=b.parentNode.querySelector('.cmd');copy(c?c.textContent:'',b);
  });});
}
function copy(text,b){
  function done(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy';},1500);}
  function fallback(){var a=document.createElement('textarea');a.value=text;document.body.appendChild(a);a.select();
    try{document.execCommand('copy');}catch(e){}document.body.removeChild(a);done();}
  if(navigator.clipboard&&window.isSecureContext)navigator.clipboard.writeText(text).then(done,fallback);else fallback();
}
window.addEventListener('beforeprint',function(){all(document,'details').forEach(function(d){d.open=true;});});
window.vpnphoneReport={init:init};
all(document,'.vp-report').forEach(init);
})();
`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The Content Security Policy of a page whose only style and scripts are these (by hash). */
export function contentSecurityPolicy(css: string, scripts: string[], extra = ''): string {
  const hashes = scripts.map((s) => `'sha256-${sha256Base64(s)}'`).join(' ');
  return (
    `default-src 'none'; style-src 'sha256-${sha256Base64(css)}'; script-src ${hashes}; ` +
    `img-src data:; base-uri 'none'; form-action 'none'${extra}`
  );
}

/** A whole page around `body`: the style and scripts inline, allowed by hash in the CSP meta. */
export function htmlPage(
  title: string,
  body: string,
  scripts: string[],
  css = REPORT_CSS,
  csp?: string,
): string {
  const policy = csp ?? contentSecurityPolicy(css, scripts);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

/** The whole HTML report (report and timeline already redacted by render()). */
export function renderHtml(report: Report, timeline: Timeline | undefined, meta: HtmlMeta = {}): string {
  const what = meta.command ? `vpnphone ${meta.command}` : 'vpnphone';
  return htmlPage(`${what} report`, reportHtml(report, timeline, meta), [REPORT_SCRIPT]);
}

export interface Timeline {
  entries: readonly TimelineEntry[];
  dropped: number;
}

/** The report as an HTML fragment (`<div class="vp-report">`), for the file and for `vpnphone ui`. */
export function reportHtml(report: Report, timeline: Timeline | undefined, meta: HtmlMeta = {}): string {
  const findings = sortFindings(report.findings);
  const at = meta.generatedAt ?? new Date().toISOString();
  const out: string[] = ['<div class="vp-report">', '<header class="vp-head">'];
  out.push(`<h1>${esc(meta.command ? `vpnphone ${meta.command}` : 'vpnphone')} report</h1>`);
  out.push(
    `<p class="meta">${esc(TOOL_NAME)} ${esc(TOOL_VERSION)} · run at <time>${esc(at)}</time> · ` +
      `${report.inputs.length} input${report.inputs.length === 1 ? '' : 's'}</p>`,
  );
  out.push('<div class="counts">');
  for (const s of SEVERITIES) {
    const n = findings.filter((f) => f.severity === s).length;
    out.push(`<span class="count ${s}"><b>${n}</b>${esc(HEADINGS[s].toLowerCase())}</span>`);
  }
  out.push(`<span class="count"><b>${report.notChecked?.length ?? 0}</b>not checked</span>`, '</div>');
  for (const [label, value] of meta.facts ?? [])
    out.push(`<p class="fact"><b>${esc(label)}:</b> ${esc(value)}</p>`);
  out.push('</header>', '<main>');
  out.push(filters(report, findings, timeline));
  for (const s of meta.sections ?? []) out.push(section(s));
  out.push(findingsHtml(findings));
  if (timeline) out.push(timelineHtml(timeline, findings));
  out.push(inputsHtml(report));
  if (report.notChecked && report.notChecked.length > 0) {
    out.push(`<h2>Not checked (${report.notChecked.length})</h2>`, '<ul class="not-checked">');
    for (const n of report.notChecked)
      out.push(
        `<li><code>${esc(n.id)}</code>: ${esc(n.reason)}${n.error ? ` <em>(error: ${esc(n.error)})</em>` : ''}</li>`,
      );
    out.push('</ul>');
  }
  out.push('</main>', '</div>');
  return out.join('\n');
}

/** Every source a finding's evidence or a timeline event names, in order met. */
function sourcesOf(findings: readonly Finding[], timeline: Timeline | undefined): string[] {
  const seen = new Set<string>();
  for (const f of findings) for (const e of f.evidence) seen.add(e.source);
  for (const e of timeline?.entries ?? []) seen.add(e.source);
  return [...seen];
}

function filters(report: Report, findings: readonly Finding[], timeline: Timeline | undefined): string {
  if (findings.length === 0 && !timeline) return '';
  const out = ['<div class="filters" role="group" aria-label="Filters">', '<b>Show</b>'];
  for (const s of SEVERITIES) {
    const n = findings.filter((f) => f.severity === s).length;
    out.push(
      `<label><input type="checkbox" class="vp-sev" value="${s}" checked> ${esc(HEADINGS[s].toLowerCase())} (${n})</label>`,
    );
  }
  const sources = sourcesOf(findings, timeline);
  if (sources.length > 0 || report.inputs.length > 0) {
    out.push('<label>Source <select class="vp-src"><option value="">all sources</option>');
    for (const s of sources) out.push(`<option value="${esc(s)}">${esc(s)}</option>`);
    out.push('</select></label>');
  }
  out.push('</div>');
  return out.join('\n');
}

/** Anchor of the first finding of each id, for the timeline's marks. */
function anchors(findings: readonly Finding[]): Map<string, string> {
  const m = new Map<string, string>();
  findings.forEach((f, i) => {
    if (!m.has(f.id)) m.set(f.id, `f-${i}`);
  });
  return m;
}

function findingsHtml(findings: readonly Finding[]): string {
  const out = [`<h2>Findings (${findings.length})</h2>`];
  if (findings.length === 0) out.push('<p>No findings.</p>');
  let index = 0;
  for (const sev of SEVERITIES) {
    const group = findings.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push(`<section class="sev-group ${sev}">`, `<h3>${HEADINGS[sev]} (${group.length})</h3>`);
    for (const f of group) out.push(findingHtml(f, index++));
    out.push('</section>');
  }
  return out.join('\n');
}

function evidenceItem(e: Finding['evidence'][number]): string {
  const where = e.line !== undefined ? `${e.source}:${e.line}` : e.source;
  const line = e.line !== undefined ? ` data-line="${e.line}"` : '';
  return `<li class="ev" data-src="${esc(e.source)}"${line}><code class="where">${esc(where)}</code><code class="text">${esc(e.text)}</code></li>`;
}

function findingHtml(f: Finding, index: number): string {
  const sources = [...new Set(f.evidence.map((e) => e.source))];
  const out = [
    `<article class="finding ${f.severity}" id="f-${index}" data-sev="${f.severity}" data-id="${esc(f.id)}" data-src="${esc(sources.join('\n'))}">`,
    `<h3><span class="sev ${f.severity}">${f.severity}</span> ${esc(f.title)} <span class="id">${esc(f.id)}</span></h3>`,
    `<p class="msg">${esc(messageWithCount(f))}</p>`,
  ];
  if (f.evidence.length > 0) {
    out.push('<ul class="evidence">');
    for (const e of f.evidence.slice(0, EVIDENCE_SHOWN)) out.push(evidenceItem(e));
    out.push('</ul>');
    const rest = f.evidence.slice(EVIDENCE_SHOWN);
    if (rest.length > 0) {
      out.push(
        `<details><summary>${rest.length} more evidence line${rest.length === 1 ? '' : 's'}</summary>`,
      );
      out.push('<ul class="evidence">', ...rest.map(evidenceItem), '</ul></details>');
    }
  }
  if (f.fix) out.push(`<div class="fix"><span class="label">Fix:</span> ${fixHtml(f.fix)}</div>`);
  out.push('</article>');
  return out.join('\n');
}

/** A line of a fix that is a command to type (lower-case first word, not a sentence) rather than prose. */
function isCommandLine(line: string): boolean {
  const t = line.trim();
  return /^[a-z][\w-]*(?:\s|$)/.test(t) && !/[.:]$/.test(t) && !/^(?:or|and|then|if|else|the|a|an)\s/.test(t);
}

function commandBlock(lines: string[]): string {
  return `<div class="cmds"><pre class="cmd">${esc(lines.join('\n'))}</pre><button type="button" class="copy" title="Copy the commands">Copy</button></div>`;
}

/** Inline `code` spans of prose, each with a copy button. */
function prose(line: string): string {
  return line
    .split(/(`[^`]+`)/)
    .map((part) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`')
        ? `<span class="inline-cmd"><code class="inline cmd">${esc(part.slice(1, -1))}</code> <button type="button" class="copy">Copy</button></span>`
        : esc(part),
    )
    .join('');
}

/** The fix: prose as text, runs of command lines as blocks with one copy button each. */
export function fixHtml(fix: string): string {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push(commandBlock(run));
    run = [];
  };
  for (const line of fix.split('\n')) {
    if (isCommandLine(line)) run.push(line.trim());
    else {
      flush();
      out.push(`<div>${prose(line)}</div>`);
    }
  }
  flush();
  return out.join('');
}

function section(s: HtmlSection): string {
  const out = [`<h2>${esc(s.title)}</h2>`, '<table>', '<tr>'];
  for (const c of s.columns) out.push(`<th>${esc(c)}</th>`);
  out.push('</tr>');
  for (const row of s.rows) {
    out.push('<tr>');
    for (const c of row) out.push(`<td>${typeof c === 'string' ? esc(c) : commandBlock([c.commands])}</td>`);
    out.push('</tr>');
  }
  out.push('</table>');
  return out.join('\n');
}

function inputsHtml(report: Report): string {
  if (report.inputs.length === 0) return '';
  const out = [
    `<h2>Inputs (${report.inputs.length})</h2>`,
    '<table class="inputs"><tr><th>Input</th><th>Kind</th><th>SHA-256</th></tr>',
  ];
  for (const i of report.inputs) {
    const sections = (i.sections ?? [])
      .map(
        (s) =>
          `<span class="src">${s.line !== undefined ? `line ${s.line}: ` : ''}${esc(s.command || '(before the first prompt)')} (${esc(s.kind)})</span>`,
      )
      .join('');
    out.push(
      `<tr><td class="mono">${esc(i.source)}${sections}</td><td>${esc(i.kind)}${i.hint ? `<span class="src">${esc(i.hint)}</span>` : ''}</td>` +
        `<td class="mono hash">${i.sha256 ? esc(i.sha256) : '—'}</td></tr>`,
    );
  }
  out.push('</table>');
  return out.join('\n');
}

/** The timeline: an overview (inline SVG, phone and headend lanes, findings marked) and a table of the events. */
function timelineHtml(t: Timeline, findings: readonly Finding[]): string {
  const entries = t.entries;
  const out = [
    `<h2>Timeline (${entries.length} VPN events${t.dropped > 0 ? `, ${t.dropped} more not shown` : ''}; device clocks)</h2>`,
  ];
  if (entries.length === 0) {
    out.push('<p>No VPN events found.</p>');
    return out.join('\n');
  }
  const link = anchors(findings);
  const times = entries.map((e) => (e.time === undefined ? Number.NaN : Date.parse(e.time)));
  const known = times.filter((x) => !Number.isNaN(x));
  const t0 = known.length > 0 ? Math.min(...known) : 0;
  const t1 = known.length > 0 ? Math.max(...known) : 0;
  const byTime = known.length === times.length && t1 > t0;
  const W = 1000;
  const left = 80;
  const x = (i: number) => {
    const f = byTime
      ? ((times[i] ?? t0) - t0) / (t1 - t0)
      : entries.length > 1
        ? i / (entries.length - 1)
        : 0.5;
    return (left + 10 + f * (W - left - 20)).toFixed(1);
  };
  const svg = [
    `<svg class="lanes" viewBox="0 0 ${W} 90" role="img" aria-label="Timeline: phone and headend lanes">`,
    '<text x="8" y="29">phone</text><text x="8" y="64">headend</text>',
    `<line x1="${left}" y1="25" x2="${W - 10}" y2="25" stroke="#d0d7de"/>`,
    `<line x1="${left}" y1="60" x2="${W - 10}" y2="60" stroke="#d0d7de"/>`,
  ];
  entries.forEach((e, i) => {
    const y = e.side === 'phone' ? 25 : 60;
    const title = `${e.time ?? '(no time)'} ${e.source}:${e.line} ${e.kind}`;
    if (e.findings.length > 0) {
      const cx = Number(x(i));
      svg.push(
        `<a href="#t-${i}"><path class="mark" d="M${cx} ${y - 7}L${cx + 6} ${y}L${cx} ${y + 7}L${cx - 6} ${y}Z"><title>${esc(`${title}: ${e.findings.join(', ')}`)}</title></path></a>`,
      );
    } else
      svg.push(
        `<a href="#t-${i}"><circle class="dot ${e.severity}" cx="${x(i)}" cy="${y}" r="3"><title>${esc(title)}</title></circle></a>`,
      );
  });
  if (byTime)
    svg.push(
      `<text x="${left + 10}" y="84">${esc(new Date(t0).toISOString())}</text>`,
      `<text x="${W - 10}" y="84" text-anchor="end">${esc(new Date(t1).toISOString())}</text>`,
    );
  svg.push('</svg>');
  out.push(svg.join(''));
  out.push('<table class="tl"><tr><th class="t">Time</th><th>Phone</th><th>Headend</th></tr>');
  entries.forEach((e, i) => {
    const badges = e.findings
      .map((id) => `<a class="badge" href="#${link.get(id) ?? ''}">${esc(id)}</a>`)
      .join('');
    const cell = `<code>${esc(stripHeader(e.text))}</code><span class="src">${esc(`${e.source}:${e.line}`)}</span>${badges}`;
    out.push(
      `<tr id="t-${i}" data-src="${esc(e.source)}"${e.findings.length > 0 ? ' class="has-finding"' : ''}>` +
        `<td class="t mono">${esc(e.time?.replace('T', ' ').replace('Z', '') ?? '—')}</td>` +
        `<td class="phone">${e.side === 'phone' ? cell : ''}</td><td class="headend">${e.side === 'headend' ? cell : ''}</td></tr>`,
    );
  });
  out.push('</table>');
  return out.join('\n');
}
