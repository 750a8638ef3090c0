// The report options `diagnose` and `doctor` share, and their parsing; apart from both commands' code so that
// the command (loaded at start) and what it runs (loaded on demand) both use them without importing each other.
import type { Command } from 'commander';
import type { Format } from '../report/render.js';
import { UsageError } from './errors.js';
import { DEFAULT_MAX_SIZE_MB, MAX_SIZE_HELP } from './max-size.js';

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
  return cmd
    .option('-f, --format <format>', 'text, json, sarif or html (one self-contained page)', 'text')
    .option('--json', 'same as --format json')
    .option('--timeline', 'also print the VPN events of all inputs merged in time order, findings marked')
    .option('-d, --deployment <file>', 'deployment file (YAML): fixes name its objects')
    .option(
      '--year <year>',
      'year of the first year-less log timestamp (default: from the PRT file name, an archive member time or the headend logs read alongside, else the latest year not in the future)',
    )
    .option('--max-size <mb>', MAX_SIZE_HELP, String(DEFAULT_MAX_SIZE_MB))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output');
}
