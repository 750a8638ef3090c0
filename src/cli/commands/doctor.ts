// `vpnphone doctor <paths...>`: everything the engineer collected, in one report — the audit's configuration
// checks on configurations and certificates, and the log checks on phone, ASA and ocserv logs.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runAudit } from '../../checks/audit.js';
import type { RawInput } from '../../checks/facts.js';
import { classifyProbe } from '../../inputs/classify.js';
import { renderTimeline, timelineEntries } from '../../logs/timeline.js';
import { type LoadedDeployment, loadDeployment } from '../../model/load.js';
import { exitCodeFor, type Report } from '../../report/finding.js';
import { render, toJson } from '../../report/render.js';
import { collectLogs } from '../collect.js';
import type { RawSink } from '../inputs.js';
import { loadDeploymentFile, UsageError, writeOutput } from '../io.js';
import { addReportOptions, parseFormat, parseYear, type ReportOptions } from './diagnose.js';

/** The audit reads whole files; larger configuration files are reported, not read. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

interface DoctorOptions extends ReportOptions {
  now?: string;
  expiryDays: string;
}

function readerFor(source: string) {
  return (file: string) => readFileSync(isAbsolute(file) ? file : resolve(dirname(source), file));
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
    const r = loadDeployment(readFileSync(c, 'utf8'), c, readerFor(c));
    if (r.ok) return { source: c, value: { deployment: r.deployment, certs: r.certs } };
  }
  return undefined;
}

export function registerDoctor(program: Command): void {
  addReportOptions(
    program
      .command('doctor')
      .description(
        'one report on everything collected: classifies each file, runs the configuration checks (as `audit`) ' +
          'and the log checks (as `diagnose`) together',
      )
      .argument(
        '<paths...>',
        'a folder of whatever was collected, files, .tar/.tar.gz/.tgz/.gz archives (PRT), or - for standard input',
      ),
  )
    .option('--now <date>', 'the date to check certificate expiry against (ISO 8601)')
    .option('--expiry-days <n>', 'warn when the headend certificate expires within N days', '60')
    .addHelpText(
      'after',
      `
Inputs are recognized by content: ASA show running-config / show version / show ip / show crypto ca
certificates / show vpn-sessiondb / show ssl (or a capture of several), SEP<MAC>.cnf.xml(.sgn),
certificates, deployment.yaml, AXL responses — and logs: phone console logs, problem reports (PRT
.tar.gz, read as a stream), ASA syslog, 'show logging' and debug output, ocserv logs. A deployment
file found among the inputs (or given with -d) puts its names into the fixes.

Exit status: 0 no error finding, 1 at least one error finding, 2 could not run.

Examples:
  vpnphone doctor collected/
  vpnphone doctor examples/doctor/dtls-cipher-mismatch --timeline
  vpnphone doctor prt-20200402-091512-SEP682C7B40B5CE.tar.gz running-config.txt -d deployment.yaml
  vpnphone doctor collected/ --format sarif -o doctor.sarif`,
    )
    .action(async (paths: string[], o: DoctorOptions) => {
      const format = parseFormat(o);
      const year = parseYear(o.year);
      if (!/^\d+$/.test(o.expiryDays))
        throw new UsageError(`--expiry-days ${o.expiryDays}: expected a whole number`);
      let now: Date | undefined;
      if (o.now !== undefined) {
        now = new Date(o.now);
        if (Number.isNaN(now.getTime()))
          throw new UsageError(`--now ${o.now}: not a date (use e.g. 2026-12-01)`);
      }
      const given = o.deployment
        ? { source: o.deployment, value: loadDeploymentFile(o.deployment) }
        : undefined;
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
      const audit = runAudit(configs, {
        ...(given ? { deployment: given } : {}),
        ...(now ? { now } : {}),
        expiryDays: Number(o.expiryDays),
        readFileFor: (source) => readerFor(source),
      });
      if (logs.readable === 0 && configs.length === 0) {
        const why = logs.findings.filter((f) => f.id === 'input-rejected').map((f) => f.message);
        throw new UsageError(`nothing could be read${why.length > 0 ? `:\n  ${why.join('\n  ')}` : ''}`);
      }
      const report: Report = {
        inputs: [...audit.inputs, ...logs.inputs].sort((a, b) =>
          a.source < b.source ? -1 : a.source > b.source ? 1 : 0,
        ),
        findings: [...audit.findings, ...logs.findings],
        // Without any configuration input, one line says so instead of every configuration check.
        ...(configs.length === 0
          ? {
              notChecked: [
                {
                  id: 'configuration checks',
                  reason:
                    'no ASA output, phone configuration, certificate, AXL response or deployment among the inputs',
                },
              ],
            }
          : audit.notChecked.length > 0
            ? { notChecked: audit.notChecked }
            : {}),
      };
      const timeline = o.timeline ? timelineEntries(logs.timeline.events, logs.findings) : undefined;
      let out: string;
      if (format === 'json' && timeline)
        out = `${JSON.stringify({ ...toJson(report), timeline }, null, 2)}\n`;
      else if (format === 'text' && timeline)
        out = `${renderTimeline(timeline, logs.timeline.dropped)}\n${render(report, 'text')}`;
      else out = render(report, format);
      writeOutput(out, o.output);
      process.exitCode = exitCodeFor(report.findings);
    });
}
