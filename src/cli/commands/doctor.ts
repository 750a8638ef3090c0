// `vpnphone doctor <paths...>`: everything the engineer collected, in one report — the audit's configuration
// checks on configurations and certificates, and the log checks on phone, ASA and ocserv logs.
// The checks load only when the command runs (../run/doctor.ts).
import type { Command } from 'commander';
import { DEFAULT_LEAD_DAYS } from '../../renew/lead.js';
import { type ExitStatus, UsageError } from '../errors.js';
import { addReportOptions, parseFormat, parseYear } from '../report-options.js';
import type { DoctorOptions } from '../run/doctor.js';

export function registerDoctor(program: Command, exit: ExitStatus): void {
  addReportOptions(
    program
      .command('doctor')
      .description(
        'one report on everything collected: classifies each file, runs the configuration checks (as `audit`) ' +
          'and the log checks (as `diagnose`) together',
      )
      .argument(
        '<paths...>',
        'a folder of whatever was collected, files, .tar/.tar.gz/.tgz/.gz/.zip archives (PRT, RTMT), or - for standard input',
      ),
  )
    .option('--now <date>', 'the date to check certificate expiry against (ISO 8601)')
    .option('--expiry-days <n>', 'warn when the headend certificate expires within N days', '60')
    .option(
      '--lead-days <n>',
      'days before expiry the renewal should begin (time to bring every phone inside for the new hash)',
      String(DEFAULT_LEAD_DAYS),
    )
    .addHelpText(
      'after',
      `
Inputs are recognized by content: ASA show running-config / show version / show ip / show crypto ca
certificates / show vpn-sessiondb / show ssl (or a capture of several), SEP<MAC>.cnf.xml(.sgn),
certificates, deployment.yaml, AXL responses — and logs: phone console logs, problem reports (PRT
.tar.gz, read as a stream), ASA syslog, 'show logging' and debug output, ocserv logs. A deployment
file found among the inputs (or given with -d) puts its names into the fixes.

--format html writes one self-contained page (findings, evidence, fixes with copy buttons, inputs with
their SHA-256, the timeline as phone and headend lanes) that opens offline; send it with -o FILE.

Exit status: 0 no finding at the --fail-on severity (default: error), 1 at least one, 2 could not
run, or nothing at all could be read and checked (each input is named on standard error with why).
Text on a terminal is coloured (not with NO_COLOR or --no-color); a finding seen in many files shows
each line once with the count of files, --verbose lists them all.

Examples:
  vpnphone doctor collected/
  vpnphone doctor examples/doctor/dtls-cipher-mismatch --timeline
  vpnphone doctor examples/doctor/backup-cert-not-on-phones
  vpnphone doctor prt-20200402-091512-SEP682C7B40B5CE.tar.gz running-config.txt -d deployment.yaml
  vpnphone doctor collected/ --format sarif -o doctor.sarif --fail-on warning
  vpnphone doctor collected/ --format html -o report.html
  vpnphone doctor collected/ --verbose | less -R`,
    )
    .action(async (paths: string[], o: DoctorOptions) => {
      const format = parseFormat(o);
      const year = parseYear(o.year);
      if (!/^\d+$/.test(o.expiryDays))
        throw new UsageError(`--expiry-days ${o.expiryDays}: expected a whole number`);
      if (!/^\d+$/.test(o.leadDays))
        throw new UsageError(`--lead-days ${o.leadDays}: expected a whole number`);
      let now: Date | undefined;
      if (o.now !== undefined) {
        now = new Date(o.now);
        if (Number.isNaN(now.getTime()))
          throw new UsageError(`--now ${o.now}: not a date (use e.g. 2026-12-01)`);
      }
      exit(await (await import('../run/doctor.js')).doctor(paths, o, format, year, now));
    });
}
