// `vpnphone audit <paths...>`: reads what engineers have (ASA output, phone configs, certificates, AXL) and checks it.
// The checks load only when the command runs (../run/audit.ts).
import { type Command, Option } from 'commander';
import { DEFAULT_LEAD_DAYS } from '../../renew/lead.js';
import type { ExitStatus } from '../errors.js';
import { DEFAULT_MAX_SIZE_MB, MAX_SIZE_HELP } from '../max-size.js';
import { addOutputOptions } from '../report-options.js';
import type { AuditOpts } from '../run/audit.js';

export function registerAudit(program: Command, exit: ExitStatus): void {
  const cmd = program
    .command('audit')
    .description(
      'check ASA output, phone configuration files, certificates and CUCM (AXL) data for the mistakes that break VPN phones',
    )
    .argument(
      '<paths...>',
      'files, folders (recursively), .tar/.tar.gz/.tgz/.gz/.zip archives, recognized by content; - reads standard input',
    )
    .addOption(
      new Option('-f, --format <format>', 'report format (html: one self-contained page)')
        .choices(['text', 'json', 'sarif', 'html'])
        .default('text'),
    )
    .option('--json', 'short for --format json')
    .option(
      '-d, --deployment <file>',
      'deployment file: its facts are used, and drift from the running configuration is reported',
    )
    .option('--expiry-days <n>', 'warn when the headend certificate expires within N days', '60')
    .option(
      '--lead-days <n>',
      'days before expiry the renewal should begin (time to bring every phone inside for the new hash)',
      String(DEFAULT_LEAD_DAYS),
    )
    .option('--now <date>', 'the date to check expiry against (ISO 8601, for reproducible reports)')
    .option('--max-size <mb>', MAX_SIZE_HELP, String(DEFAULT_MAX_SIZE_MB))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output');
  addOutputOptions(cmd)
    .addHelpText(
      'after',
      `
Inputs are recognized by content, not by name: show running-config (or more system:running-config),
show version, show ip, show crypto ca certificates, show vpn-sessiondb anyconnect, show ssl, a terminal
capture or show tech-support holding several of them, SEP<MAC>.cnf.xml(.sgn), certificates (PEM/DER),
deployment.yaml, AXL getVpnGateway/getVpnProfile/getVpnGroup responses. Anything else is reported
as unrecognized-input and never stops the audit. Sections of one ASA (show running-config webvpn,
... tunnel-group, ... ssl; one session or several files, told by the prompt's hostname) are audited
as one configuration; what a check needs and was not captured is listed under "Not checked" with the
command to run. Several ASAs (a primary and its backups, each known by its hostname) are each checked
against the URLs their group-urls serve, or, with -d, the gateways the deployment gives them; a phone's
url2 or url3 whose headend configuration was not collected is "Not checked", never a mismatch.

Exit status: 0 no finding at the --fail-on severity (default: error), 1 at least one, 2 could not
run, or nothing at all could be read and checked (each input is named on standard error with why).
Text on a terminal is coloured (not with NO_COLOR or --no-color); a finding seen in many files shows
each line once with the count of files, --verbose lists them all.

Examples:
  vpnphone audit running-config.txt show-version.txt SEP682C7B40B5CE.cnf.xml
  vpnphone audit examples/audit/lab
  vpnphone audit --json capture.log asa-identity.pem > report.json
  vpnphone audit --format sarif -o audit.sarif --fail-on warning collected/
  vpnphone audit --min-severity warning site-configs/
  vpnphone audit --format html -o audit.html collected/
  ssh admin@asa 'show running-config' | vpnphone audit - --deployment deployment.yaml
  vpnphone audit -d examples/branch-office/deployment.yaml asa/vpn1.cfg asa/vpn2.cfg tftp/
  vpnphone audit --now 2026-12-01 --expiry-days 90 running-config.txt`,
    )
    .action(async (paths: string[], o: AuditOpts) =>
      exit(await (await import('../run/audit.js')).audit(paths, o)),
    );
}
