// What `vpnphone doctor` does; loaded by ../commands/doctor.ts only when the command runs.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { auditFacts } from '../../checks/audit.js';
import { crashesIn } from '../../checks/crash.js';
import { buildFacts, type RawInput } from '../../checks/facts.js';
import { namesFromRunningConfig } from '../../checks/names.js';
import { renderFindings } from '../../findings/finding.js';
import { namesFromDeployment } from '../../findings/names.js';
import { classifyProbe } from '../../inputs/classify.js';
import { timelineEntries } from '../../logs/timeline.js';
import { type LoadedDeployment, loadDeployment } from '../../model/load.js';
import type { Report } from '../../report/finding.js';
import type { Format } from '../../report/render.js';
import { collectLogs } from '../collect.js';
import type { RawSink } from '../inputs.js';
import { loadDeploymentFile, readerBeside, UsageError } from '../io.js';
import type { ReportOptions } from '../report-options.js';
import { emitReport } from './diagnose.js';

/** The audit reads whole files; larger configuration files are reported, not read. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export interface DoctorOptions extends ReportOptions {
  now?: string;
  expiryDays: string;
}

/**
 * A deployment file among the inputs (a .yaml/.yml that loads as one), so the log side can name the
 * deployment's objects in its fixes even without --deployment.
 */
export function findDeployment(
  paths: readonly string[],
): { source: string; value: LoadedDeployment } | undefined {
  const candidates: string[] = [];
  const visit = (p: string, depth: number) => {
    if (candidates.length > 50 || depth > 6) return;
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const n of readdirSync(p).sort()) if (!n.startsWith('.')) visit(join(p, n), depth + 1);
    } else if (st.isFile() && ['.yaml', '.yml'].includes(extname(p)) && statSync(p).size < 1024 * 1024) {
      candidates.push(p);
    }
  };
  for (const p of paths) if (p !== '-') visit(p, 0);
  for (const c of candidates) {
    const r = loadDeployment(readFileSync(c, 'utf8'), c, readerBeside(c));
    if (r.ok) return { source: c, value: { deployment: r.deployment, certs: r.certs } };
  }
  return undefined;
}

export async function doctor(
  paths: string[],
  o: DoctorOptions,
  format: Format,
  year: number | undefined,
  now: Date | undefined,
): Promise<number> {
  const given = o.deployment ? { source: o.deployment, value: loadDeploymentFile(o.deployment) } : undefined;
  const found = given ?? findDeployment(paths);

  // Configuration inputs go to the audit whole; logs stream through the log checks.
  const configs: RawInput[] = [];
  const raw = (source: string, head: Buffer): RawSink | undefined => {
    const c = classifyProbe({ name: source, head: head.toString('latin1'), bytes: head });
    if (c.kind === 'unrecognized') return undefined;
    const parts: Buffer[] = [];
    let size = 0;
    return {
      write(chunk) {
        size += chunk.length;
        if (size <= MAX_CONFIG_BYTES) parts.push(chunk);
      },
      end() {
        configs.push(
          size > MAX_CONFIG_BYTES
            ? {
                source,
                bytes: new Uint8Array(),
                skip: `larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB; not read`,
              }
            : { source, bytes: new Uint8Array(Buffer.concat(parts)) },
        );
      },
    };
  };
  const logs = await collectLogs(paths, {
    deployment: found?.value.deployment,
    timeline: o.timeline === true,
    year,
    raw,
    ...(now ? { now: now.getTime() } : {}),
  });
  const auditOptions = {
    ...(given ? { deployment: given } : {}),
    ...(now ? { now } : {}),
    expiryDays: Number(o.expiryDays),
    readFileFor: readerBeside,
  };
  const facts = buildFacts(configs, auditOptions);
  const audit = auditFacts(facts, auditOptions);
  // The log side's names, resolved once: the deployment's, else those the running configuration gives.
  const names = found ? namesFromDeployment(found.value.deployment) : namesFromRunningConfig(facts);
  const logFindings = renderFindings(logs.drafts, names);
  if (logs.readable === 0 && configs.length === 0) {
    const why = logs.findings.filter((f) => f.id === 'input-rejected').map((f) => f.message);
    throw new UsageError(`nothing could be read${why.length > 0 ? `:\n  ${why.join('\n  ')}` : ''}`);
  }
  const report: Report = {
    inputs: [...audit.inputs, ...logs.inputs].sort((a, b) =>
      a.source < b.source ? -1 : a.source > b.source ? 1 : 0,
    ),
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
  const timeline = o.timeline ? timelineEntries(logs.timeline.events, logFindings) : undefined;
  return emitReport(o, format, report, timeline, logs.timeline.dropped);
}
