// `vpnphone diagnose <paths...>`: phone console logs, PRT archives, ASA syslog/debug and ocserv logs → findings.
// The log parsers and checks load only when the command runs (../run/diagnose.ts).
import type { Command } from 'commander';
import type { Format } from '../../report/render.js';
import { type ExitStatus, UsageError } from '../errors.js';
import { DEFAULT_MAX_SIZE_MB, MAX_SIZE_HELP } from '../max-size.js';

export interface ReportOptions {
  format?: string;
  json?: boolean;
  timeline?: boolean;
  deployment?: string;
  year?: string;
  maxSize?: string;
  output?: string;
}

export function parseFormat(o: ReportOptions): Format {
  const f = o.json ? 'json' : (o.format ?? 'text');
  if (f !== 'text' && f !== 'json' && f !== 'sarif')
    throw new UsageError(`--format ${f}: use text, json or sarif`);
  return f;
}

export function parseYear(y: string | undefined): number | undefined {
  if (y === undefined) return undefined;
  const n = Number(y);
  if (!Number.isInteger(n) || n < 1990 || n > 2100) throw new UsageError(`--year ${y}: a year such as 2020`);
  return n;
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', 'text, json or sarif', 'text')
    .option('--json', 'same as --format json')
    .option('--timeline', 'also print the VPN events of all inputs merged in time order, findings marked')
    .option('-d, --deployment <file>', 'deployment file (YAML): fixes name its objects')
    .option(
      '--year <year>',
      'year of the first year-less log timestamp (default: the latest year not in the future)',
    )
    .option('--max-size <mb>', MAX_SIZE_HELP, String(DEFAULT_MAX_SIZE_MB))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output');
}

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
Exit status: 0 no error finding, 1 at least one error finding, 2 could not run.

Examples:
  vpnphone diagnose prt-20200330-122321-SEP682C7B40B5CE.tar.gz
  vpnphone diagnose phone.log asa-debug.txt --timeline
  vpnphone diagnose logs/ -d deployment.yaml --format sarif -o findings.sarif
  ssh asa 'show logging' | vpnphone diagnose - --json`,
    )
    .action(async (paths: string[], o: ReportOptions) => {
      const format = parseFormat(o);
      const year = parseYear(o.year);
      exit(await (await import('../run/diagnose.js')).diagnose(paths, o, format, year));
    });
}
