// `vpnphone audit <paths...>`: reads what engineers have (ASA output, phone configs, certificates, AXL) and checks it.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { runAudit } from '../../checks/audit.js';
import { DEFAULT_MAX_FILE_BYTES, InputError, walkInputs } from '../../inputs/walk.js';
import { exitCodeFor } from '../../report/finding.js';
import { type Format, render } from '../../report/render.js';
import { loadDeploymentFile, UsageError, writeOutput } from '../io.js';

interface AuditOpts {
  format: Format;
  json?: boolean;
  deployment?: string;
  expiryDays: string;
  now?: string;
  maxSize: string;
  output?: string;
}

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} ${v}: expected a whole number`);
  return Number(v);
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'check ASA output, phone configuration files, certificates and CUCM (AXL) data for the mistakes that break VPN phones',
    )
    .argument(
      '<paths...>',
      'files or folders (recursively) to read, recognized by content; - reads standard input',
    )
    .addOption(
      new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .option('--json', 'short for --format json')
    .option(
      '-d, --deployment <file>',
      'deployment file: its facts are used, and drift from the running configuration is reported',
    )
    .option('--expiry-days <n>', 'warn when the headend certificate expires within N days', '60')
    .option('--now <date>', 'the date to check expiry against (ISO 8601, for reproducible reports)')
    .option(
      '--max-size <mb>',
      'largest file read, in MB (larger ones are reported, not read)',
      String(DEFAULT_MAX_FILE_BYTES / 1024 / 1024),
    )
    .option('-o, --output <file>', 'write the report to FILE instead of standard output')
    .addHelpText(
      'after',
      `
Inputs are recognized by content, not by name: show running-config (or more system:running-config),
show version, show ip, show crypto ca certificates, show vpn-sessiondb anyconnect, show ssl, a terminal
capture or show tech-support holding several of them, SEP<MAC>.cnf.xml(.sgn), certificates (PEM/DER),
deployment.yaml, AXL getVpnGateway/getVpnProfile/getVpnGroup responses. Anything else is reported
as unrecognized-input and never stops the audit.

Exit status: 0 no error finding, 1 at least one error finding, 2 could not run.

Examples:
  vpnphone audit running-config.txt show-version.txt SEP682C7B40B5CE.cnf.xml
  vpnphone audit examples/audit/lab
  vpnphone audit --json capture.log asa-identity.pem > report.json
  vpnphone audit --format sarif -o audit.sarif collected/
  ssh admin@asa 'show running-config' | vpnphone audit - --deployment deployment.yaml
  vpnphone audit --now 2026-12-01 --expiry-days 90 running-config.txt`,
    )
    .action((paths: string[], o: AuditOpts) => {
      const format: Format = o.json ? 'json' : o.format;
      const expiryDays = positiveInt('--expiry-days', o.expiryDays);
      const maxMb = positiveInt('--max-size', o.maxSize);
      let now: Date | undefined;
      if (o.now !== undefined) {
        now = new Date(o.now);
        if (Number.isNaN(now.getTime()))
          throw new UsageError(`--now ${o.now}: not a date (use e.g. 2026-12-01)`);
      }
      const deployment = o.deployment
        ? { source: o.deployment, value: loadDeploymentFile(o.deployment) }
        : undefined;
      let inputs: ReturnType<typeof walkInputs>;
      try {
        inputs = walkInputs(paths, { maxFileBytes: maxMb * 1024 * 1024 });
      } catch (e) {
        if (e instanceof InputError) throw new UsageError(e.message);
        throw e;
      }
      const report = runAudit(inputs, {
        ...(deployment ? { deployment } : {}),
        ...(now ? { now } : {}),
        expiryDays,
        readFileFor: (source) => (file) =>
          readFileSync(isAbsolute(file) ? file : resolve(dirname(source), file)),
      });
      writeOutput(render(report, format), o.output);
      process.exitCode = exitCodeFor(report.findings);
    });
}
