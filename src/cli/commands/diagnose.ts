// `vpnphone diagnose <paths...>`: phone console logs, PRT archives, ASA syslog/debug and ocserv logs → findings.
// The log parsers and checks load only when the command runs (../run/diagnose.ts).
import type { Command } from 'commander';
import type { ExitStatus } from '../errors.js';
import { addReportOptions, parseFormat, parseYear, type ReportOptions } from '../report-options.js';

export function registerDiagnose(program: Command, exit: ExitStatus): void {
  addReportOptions(
    program
      .command('diagnose')
      .description(
        'read phone console logs, problem reports (PRT .tar.gz), ASA syslog/debug output and ocserv logs; report the known failures',
      )
      .argument(
        '<paths...>',
        'log files, folders, .tar/.tar.gz/.tgz/.gz/.zip archives, or - for standard input',
      ),
  )
    .addHelpText(
      'after',
      `
Exit status: 0 no finding at the --fail-on severity (default: error), 1 at least one, 2 could not
run, or nothing at all could be read and checked (each input is named on standard error with why).
Text on a terminal is coloured (not with NO_COLOR or --no-color); a finding seen in many files shows
each line once with the count of files, --verbose lists them all. VPNPHONE_THREADS=2 reads a log file
of 64 MiB or more on two threads (the findings are the same as on one).

Examples:
  vpnphone diagnose prt-20200330-122321-SEP682C7B40B5CE.tar.gz
  vpnphone diagnose phone.log asa-debug.txt --timeline
  vpnphone diagnose logs/ -d deployment.yaml --format sarif -o findings.sarif
  vpnphone diagnose prt-20200330-122321-SEP682C7B40B5CE.tar.gz --format html -o report.html
  ssh asa 'show logging' | vpnphone diagnose - --json`,
    )
    .action(async (paths: string[], o: ReportOptions) => {
      const format = parseFormat(o);
      const year = parseYear(o.year);
      exit(await (await import('../run/diagnose.js')).diagnose(paths, o, format, year));
    });
}
