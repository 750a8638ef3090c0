// What `vpnphone audit` does; loaded by ../commands/audit.ts only when the command runs.
import { auditFacts } from '../../checks/audit.js';
import { addInput, emptyFacts } from '../../checks/facts.js';
import { isConfigKind, isLogKind } from '../../inputs/classify.js';
import { sortFindings } from '../../report/finding.js';
import { type Format, render } from '../../report/render.js';
import { mergeInputs, rejectionFindings } from '../collect.js';
import { type InputInfo, parseMaxSize, readInputs } from '../inputs.js';
import { loadDeploymentFile, readerBeside, UsageError, writeOutput } from '../io.js';
import { progressOn } from '../progress.js';
import { type OutputOptions, parseOutputOptions } from '../report-options.js';
import { reportStatus } from '../status.js';

export interface AuditOpts extends OutputOptions {
  format: Format;
  json?: boolean;
  deployment?: string;
  expiryDays: string;
  leadDays: string;
  now?: string;
  maxSize: string;
  output?: string;
}

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${name} ${v}: expected a whole number`);
  return Number(v);
}

const LOG_HINT =
  'a log file: the audit reads configuration, not logs; `vpnphone diagnose` or `vpnphone doctor` read logs';

/** Runs the audit and returns the exit status (0 no error finding, 1 one or more, 2 a check threw). */
export async function audit(paths: string[], o: AuditOpts): Promise<number> {
  const format: Format = o.json ? 'json' : o.format;
  const out = parseOutputOptions(o);
  const expiryDays = positiveInt('--expiry-days', o.expiryDays);
  const leadDays = positiveInt('--lead-days', o.leadDays);
  const limits = parseMaxSize(o.maxSize);
  let now: Date | undefined;
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${o.now}: not a date (use e.g. 2026-12-01)`);
  }
  const deployment = o.deployment
    ? { source: o.deployment, value: loadDeploymentFile(o.deployment) }
    : undefined;
  // Every classified input in the order met; configuration inputs with their bytes.
  const met: { input: InputInfo; bytes?: Uint8Array }[] = [];
  const progress = progressOn();
  const read = await readInputs(
    paths,
    {
      wants(input) {
        progress.input(input.source);
        met.push({ input });
        return { whole: isConfigKind(input.kind) };
      },
      whole(input, bytes) {
        progress.bytes(bytes.length);
        const last = met.at(-1);
        if (last?.input === input) last.bytes = bytes;
      },
    },
    { limits, hash: format === 'html' },
  );
  progress.done();
  const options = {
    ...(deployment ? { deployment } : {}),
    ...(now ? { now } : {}),
    expiryDays,
    leadDays,
    readFileFor: readerBeside,
  };
  const facts = emptyFacts();
  if (deployment) {
    facts.deployment = deployment;
    facts.deploymentFromOption = true;
  }
  // The inputs a configuration check reads (the deployment given with -d is one).
  let checked = deployment ? 1 : 0;
  for (const { input, bytes } of met) {
    // A configuration input that was not read (too large) is listed with the reason, never parsed empty.
    if (isConfigKind(input.kind) && bytes === undefined) continue;
    if (isConfigKind(input.kind)) checked++;
    const hint = isLogKind(input.kind) ? LOG_HINT : input.hint;
    addInput(
      facts,
      { source: input.source, bytes: bytes ?? new Uint8Array() },
      hint !== undefined ? { kind: input.kind, hint } : { kind: input.kind },
      options,
    );
  }
  const report = auditFacts(facts, options);
  const full = {
    ...report,
    inputs: mergeInputs(read.inputs, report.inputs),
    findings: sortFindings([...report.findings, ...rejectionFindings(read.rejected)]),
  };
  writeOutput(render(full, format, undefined, { ...out.render, command: 'audit' }), o.output);
  return reportStatus(full, { failOn: out.failOn, checked });
}
