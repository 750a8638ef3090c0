// What `vpnphone diagnose` does, and the report output it shares with `doctor`; loaded only when a command runs.
import { timelineEntries } from '../../logs/timeline.js';
import type { Deployment } from '../../model/schema.js';
import type { Report } from '../../report/finding.js';
import { type Format, render } from '../../report/render.js';
import { collectLogs } from '../collect.js';
import { parseMaxSize } from '../inputs.js';
import { loadDeploymentFile, writeOutput } from '../io.js';
import { progressOn } from '../progress.js';
import { parseOutputOptions, type ReportOptions } from '../report-options.js';
import { reportStatus } from '../status.js';

export function loadOptionalDeployment(path: string | undefined): Deployment | undefined {
  return path ? loadDeploymentFile(path).deployment : undefined;
}

/**
 * Renders a report (and the timeline, when asked; redacted in `render`) and returns the exit status: 2 when
 * a check threw or `checked` is 0 (nothing read and checked), else as `--fail-on` says.
 */
export function emitReport(
  o: ReportOptions,
  format: Format,
  report: Report,
  timeline: ReturnType<typeof timelineEntries> | undefined,
  dropped: number,
  command: string,
  checked: number,
): number {
  const out = parseOutputOptions(o);
  writeOutput(
    render(report, format, timeline ? { entries: timeline, dropped } : undefined, { ...out.render, command }),
    o.output,
  );
  return reportStatus(report, { failOn: out.failOn, checked });
}

export async function diagnose(
  paths: string[],
  o: ReportOptions,
  format: Format,
  year: number | undefined,
): Promise<number> {
  parseOutputOptions(o);
  const limits = parseMaxSize(o.maxSize);
  const deployment = loadOptionalDeployment(o.deployment);
  const html = format === 'html';
  const timeline = o.timeline === true || html;
  const r = await collectLogs(paths, {
    deployment,
    timeline,
    year,
    limits,
    hash: html,
    progress: progressOn(),
  });
  const report: Report = {
    inputs: r.inputs,
    findings: r.findings,
    ...(r.notChecked.length > 0 ? { notChecked: r.notChecked } : {}),
  };
  const tl = timeline ? timelineEntries(r.timeline.events, r.findings, r.timeline.years) : undefined;
  return emitReport(o, format, report, tl, r.timeline.dropped, 'diagnose', r.checked);
}
