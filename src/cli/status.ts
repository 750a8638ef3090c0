// The exit status of a checking command's report; a check that threw, or a run that checked nothing, is said
// on standard error (exit 2).
import { crashesIn } from '../checks/crash.js';
import type { Report } from '../report/finding.js';
import { redactSecrets } from '../report/redact.js';
import { atLeast } from '../report/render.js';

/** `--fail-on`: the least severity that makes the exit status 1; `never` keeps it 0. */
export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface StatusOptions {
  failOn?: FailOn;
  /**
   * How many inputs a check read. 0 means nothing at all could be read and checked: exit 2, every input
   * named on standard error with why it was not used, so that a CI gate does not pass on an empty run.
   */
  checked?: number;
}

/**
 * 2 when a check threw (each is named on standard error) or nothing was checked; else 1 when a finding
 * reaches `--fail-on` (default: an error finding), else 0.
 */
export function reportStatus(report: Report, o: StatusOptions = {}): number {
  const crashes = crashesIn(report.notChecked);
  for (const c of crashes)
    process.stderr.write(
      `vpnphone: internal error: the check ${c.id} threw (${redactSecrets(c.error ?? '')}); ` +
        'the other checks ran, the report lists it under "not checked". Please report this bug.\n',
    );
  if (crashes.length > 0) return 2;
  if (o.checked === 0) {
    const why = unusedInputs(report);
    process.stderr.write(
      redactSecrets(
        `vpnphone: nothing could be read and checked${why.length > 0 ? `:\n${why.map((w) => `  ${w}\n`).join('')}` : ': no input\n'}`,
      ),
    );
    return 2;
  }
  const failOn = o.failOn ?? 'error';
  if (failOn === 'never') return 0;
  return report.findings.some((f) => atLeast(f.severity, failOn)) ? 1 : 0;
}

/** Each input with why no check used it: the refusal or the not-recognized finding's words, else its kind. */
export function unusedInputs(report: Report): string[] {
  const said = new Map<string, string>();
  // A refusal (a limit, a bomb) says more than "no log line" about what was read before it.
  for (const id of ['input-rejected', 'unrecognized-input'])
    for (const f of report.findings)
      if (f.id === id) for (const e of f.evidence) if (!said.has(e.source)) said.set(e.source, f.message);
  const members = (archive: string) => report.inputs.some((i) => i.source.startsWith(`${archive}!`));
  return report.inputs.map((i) => {
    if (i.kind === 'archive')
      return `${i.source}: an archive${members(i.source) ? ' (its members follow)' : ' with nothing in it that could be read'}`;
    return `${i.source}: ${said.get(i.source) ?? (i.hint ? `${i.kind}: ${i.hint}` : i.kind)}`;
  });
}
