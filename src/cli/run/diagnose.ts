// What `vpnphone diagnose` does, and the report output it shares with `doctor`; loaded only when a command runs.
import { timelineEntries } from '../../logs/timeline.js';
import type { Deployment } from '../../model/schema.js';
import type { Report } from '../../report/finding.js';
import { type Format, render } from '../../report/render.js';
import { collectLogs } from '../collect.js';
import { parseMaxSize } from '../inputs.js';
import { loadDeploymentFile, UsageError, writeOutput } from '../io.js';
import type { ReportOptions } from '../report-options.js';
import { reportStatus } from '../status.js';

export function loadOptionalDeployment(path: string | undefined): Deployment | undefined {
  return path ? loadDeploymentFile(path).deployment : undefined;
}

/** Renders a report (and the timeline, when asked; redacted in `render`) and returns the exit status (2 when a check threw). */
export function emitReport(
  o: ReportOptions,
  format: Format,
  report: Report,
  timeline: ReturnType<typeof timelineEntries> | undefined,
  dropped: number,
  command: string,
): number {
  const tl = timeline ? { entries: timeline, dropped } : undefined;
  writeOutput(render(report, format, tl, { command }), o.output);
  return reportStatus(report);
}

export async function diagnose(
  paths: string[],
  o: ReportOptions,
  format: Format,
  year: number | undefined,
): Promise<number> {
  const limits = parseMaxSize(o.maxSize);
  const deployment = loadOptionalDeployment(o.deployment);
  const html = format === 'html';
  const timeline = o.timeline === true || html;
  const r = await collectLogs(paths, { deployment, timeline, year, limits, hash: html });
  if (r.readable === 0 && r.inputs.every((i) => i.kind === 'rejected' || i.kind === 'archive')) {
    const why = r.rejected.map((x) => x.reason);
    throw new UsageError(`nothing could be read${why.length > 0 ? `:\n  ${why.join('\n  ')}` : ''}`);
  }
  const report: Report = {
    inputs: r.inputs,
    findings: r.findings,
    ...(r.notChecked.length > 0 ? { notChecked: r.notChecked } : {}),
  };
  const tl = timeline ? timelineEntries(r.timeline.events, r.findings, r.timeline.years) : undefined;
  return emitReport(o, format, report, tl, r.timeline.dropped, 'diagnose');
}
