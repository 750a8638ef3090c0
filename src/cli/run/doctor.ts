// What `vpnphone doctor` does; loaded by ../commands/doctor.ts only when the command runs.
import { auditFacts } from '../../checks/audit.js';
import { crashesIn } from '../../checks/crash.js';
import { type AuditFacts, addInput, emptyFacts } from '../../checks/facts.js';
import { namesForLog } from '../../checks/names.js';
import { type Draft, type Finding, renderFinding } from '../../findings/finding.js';
import { type TimelineEntry, timelineEntries } from '../../logs/timeline.js';
import type { Report } from '../../report/finding.js';
import type { Format } from '../../report/render.js';
import { collectLogs, mergeInputs } from '../collect.js';
import { type InputInfo, type MemoryInput, parseMaxSize } from '../inputs.js';
import { loadDeploymentFile, readerBeside } from '../io.js';
import { progressOn } from '../progress.js';
import { parseOutputOptions, type ReportOptions } from '../report-options.js';
import { emitReport } from './diagnose.js';

/**
 * The log findings, each worded with the names of the headend it concerns: the one serving the URL its
 * evidence shows the phone connecting to (a backup's failure names the backup), else the audit's.
 */
function renderLogFindings(facts: AuditFacts, drafts: readonly Draft[]): Finding[] {
  const namesFor = namesForLog(facts);
  return drafts.map((d) => renderFinding(d, namesFor(d.evidence)));
}

export interface DoctorOptions extends ReportOptions {
  now?: string;
  expiryDays: string;
  leadDays: string;
}

export async function doctor(
  paths: string[],
  o: DoctorOptions,
  format: Format,
  year: number | undefined,
  now: Date | undefined,
): Promise<number> {
  parseOutputOptions(o);
  const html = format === 'html';
  const r = await doctorReport(paths, { ...o, timeline: o.timeline === true || html }, year, now, {
    hash: html,
  });
  return emitReport(o, format, r.report, r.timeline, r.dropped, 'doctor', r.checked);
}

export interface DoctorRun {
  report: Report;
  timeline: TimelineEntry[] | undefined;
  dropped: number;
  /** Inputs read and checked (configurations taken whole, the deployment, logs); 0: nothing was. */
  checked: number;
}

/**
 * The doctor's report on paths and on inputs in memory (`vpnphone ui`), read by the one input reader.
 */
export async function doctorReport(
  paths: readonly string[],
  o: DoctorOptions,
  year: number | undefined,
  now: Date | undefined,
  extra: {
    memory?: readonly MemoryInput[];
    hash?: boolean;
    /** Files a deployment names (certificates), by the deployment's source (default: beside it on disk). */
    readFileFor?: (source: string) => (file: string) => Uint8Array;
  } = {},
): Promise<DoctorRun> {
  const limits = parseMaxSize(o.maxSize);
  // The terminal's progress line, only for the command line (the web page has its own).
  const progress = extra.memory ? undefined : progressOn();
  const given = o.deployment ? { source: o.deployment, value: loadDeploymentFile(o.deployment) } : undefined;

  // Configuration inputs go to the audit whole; logs stream through the log checks.
  const configs: { input: InputInfo; bytes: Uint8Array }[] = [];
  const logs = await collectLogs(paths, {
    deployment: given?.value.deployment,
    timeline: o.timeline === true,
    year,
    limits,
    configs: (input, bytes) => configs.push({ input, bytes }),
    ...(extra.memory ? { memory: extra.memory } : {}),
    hash: extra.hash === true,
    ...(progress ? { progress } : {}),
    ...(now ? { now: now.getTime() } : {}),
  });
  const auditOptions = {
    ...(given ? { deployment: given } : {}),
    ...(now ? { now } : {}),
    expiryDays: Number(o.expiryDays),
    leadDays: Number(o.leadDays),
    readFileFor: extra.readFileFor ?? readerBeside,
  };
  const facts = emptyFacts();
  if (given) {
    facts.deployment = given;
    facts.deploymentFromOption = true;
  }
  for (const { input, bytes } of configs)
    addInput(
      facts,
      { source: input.source, bytes },
      input.hint !== undefined ? { kind: input.kind, hint: input.hint } : { kind: input.kind },
      auditOptions,
    );
  const audit = auditFacts(facts, auditOptions);
  // The log side's names, resolved once, after every input was read: the deployment's (given, or one
  // among the inputs, recognized by content like any other), else those the running configuration gives.
  const logFindings = renderLogFindings(facts, logs.drafts);
  const report: Report = {
    inputs: mergeInputs(logs.inputs, audit.inputs),
    findings: [...audit.findings, ...logFindings],
    // Without any configuration input, one line says so instead of every configuration check.
    ...(configs.length === 0
      ? {
          notChecked: [
            {
              id: 'configuration checks',
              reason:
                'no ASA output, phone configuration, certificate, AXL response or deployment among the inputs',
            },
            ...crashesIn(audit.notChecked),
            ...logs.notChecked,
          ],
        }
      : audit.notChecked.length + logs.notChecked.length > 0
        ? { notChecked: [...audit.notChecked, ...logs.notChecked] }
        : {}),
  };
  const timeline = o.timeline
    ? timelineEntries(logs.timeline.events, logFindings, logs.timeline.years)
    : undefined;
  const checked = configs.length + (given ? 1 : 0) + logs.checked;
  return { report, timeline, dropped: logs.timeline.dropped, checked };
}
