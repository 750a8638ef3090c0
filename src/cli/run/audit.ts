// What `vpnphone audit` does; loaded by ../commands/audit.ts only when the command runs.
import { runAudit } from '../../checks/audit.js';
import { InputError, walkInputs } from '../../inputs/walk.js';
import { type Format, render } from '../../report/render.js';
import { loadDeploymentFile, readerBeside, UsageError, writeOutput } from '../io.js';
import { reportStatus } from '../status.js';

export interface AuditOpts {
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

/** Runs the audit and returns the exit status (0 no error finding, 1 one or more). */
export function audit(paths: string[], o: AuditOpts): number {
  const format: Format = o.json ? 'json' : o.format;
  const expiryDays = positiveInt('--expiry-days', o.expiryDays);
  const maxMb = positiveInt('--max-size', o.maxSize);
  let now: Date | undefined;
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${o.now}: not a date (use e.g. 2026-12-01)`);
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
    readFileFor: readerBeside,
  });
  writeOutput(render(report, format), o.output);
  return reportStatus(report);
}
