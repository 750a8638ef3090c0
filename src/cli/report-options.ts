// The report options `diagnose` and `doctor` share, and their parsing; apart from both commands' code so that
// the command (loaded at start) and what it runs (loaded on demand) both use them without importing each other.
import type { Command } from 'commander';
import type { Severity } from '../findings/types.js';
import type { Format, RenderOptions } from '../report/render.js';
import { UsageError } from './errors.js';
import { DEFAULT_MAX_SIZE_MB, MAX_SIZE_HELP } from './max-size.js';
import type { FailOn } from './status.js';

export interface ReportOptions extends OutputOptions {
  format?: string;
  json?: boolean;
  timeline?: boolean;
  deployment?: string;
  year?: string;
  maxSize?: string;
  output?: string;
}

/** What every checking command (audit, diagnose, doctor) takes about its output and exit status. */
export interface OutputOptions {
  minSeverity?: string;
  failOn?: string;
  verbose?: boolean;
  /** true for --color, false for --no-color, undefined for neither (a terminal decides). */
  color?: boolean;
  output?: string;
}

export function parseFormat(o: ReportOptions): Format {
  const f = o.json ? 'json' : (o.format ?? 'text');
  if (f !== 'text' && f !== 'json' && f !== 'sarif' && f !== 'html')
    throw new UsageError(`--format ${f}: use text, json, sarif or html`);
  return f;
}

export function parseYear(y: string | undefined): number | undefined {
  if (y === undefined) return undefined;
  const n = Number(y);
  if (!Number.isInteger(n) || n < 1990 || n > 2100) throw new UsageError(`--year ${y}: a year such as 2020`);
  return n;
}

export function addReportOptions(cmd: Command): Command {
  return addOutputOptions(
    cmd
      .option('-f, --format <format>', 'text, json, sarif or html (one self-contained page)', 'text')
      .option('--json', 'same as --format json')
      .option('--timeline', 'also print the VPN events of all inputs merged in time order, findings marked')
      .option('-d, --deployment <file>', 'deployment file (YAML): fixes name its objects')
      .option(
        '--year <year>',
        'year of the first year-less log timestamp (default: from the PRT file name, an archive member time or the headend logs read alongside, else the latest year not in the future)',
      )
      .option('--max-size <mb>', MAX_SIZE_HELP, String(DEFAULT_MAX_SIZE_MB))
      .option('-o, --output <file>', 'write the report to FILE instead of standard output'),
  );
}

/** The output options every checking command takes (after its own). */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option(
      '--min-severity <level>',
      'report only findings of this severity or worse: info, warning or error',
      'info',
    )
    .option(
      '--fail-on <level>',
      'exit 1 when a finding of this severity or worse is found: error, warning, or never',
      'error',
    )
    .option('--verbose', 'text: list every file, evidence line and not-checked check instead of folding them')
    .option('--color', 'colour the text report even when standard output is not a terminal')
    .option('--no-color', 'never colour the text report (as when NO_COLOR is set)');
}

const LEVELS = ['info', 'warning', 'error'];

/**
 * Colour when asked (--color / --no-color), else never when NO_COLOR is set (no-color.org), else when the
 * report goes to a terminal that is not `dumb`. FORCE_COLOR is not read: test runners set it for their
 * children, and a report piped into a file or another tool must stay plain unless --color says otherwise.
 */
export function wantsColor(
  flag: boolean | undefined,
  toFile: boolean,
  env: NodeJS.ProcessEnv = process.env,
  isTTY: boolean = process.stdout.isTTY === true,
): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR']) return false;
  return !toFile && isTTY && env['TERM'] !== 'dumb';
}

export function parseOutputOptions(o: OutputOptions): { render: RenderOptions; failOn: FailOn } {
  const min = o.minSeverity ?? 'info';
  if (!LEVELS.includes(min)) throw new UsageError(`--min-severity ${min}: use info, warning or error`);
  const failOn = o.failOn ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never')
    throw new UsageError(`--fail-on ${failOn}: use error, warning or never`);
  return {
    render: {
      minSeverity: min as Severity,
      verbose: o.verbose === true,
      color: wantsColor(o.color, o.output !== undefined),
    },
    failOn,
  };
}
