// The exit status of a checking command's report; a check that threw is said on standard error (exit 2).
import { crashesIn } from '../checks/crash.js';
import { exitCodeFor, type Report } from '../report/finding.js';
import { redactSecrets } from '../report/redact.js';

/** 2 when a check threw (each is named on standard error), else 1 when an error finding, else 0. */
export function reportStatus(report: Report): number {
  const crashes = crashesIn(report.notChecked);
  for (const c of crashes)
    process.stderr.write(
      `vpnphone: internal error: the check ${c.id} threw (${redactSecrets(c.error ?? '')}); ` +
        'the other checks ran, the report lists it under "not checked". Please report this bug.\n',
    );
  return crashes.length > 0 ? 2 : exitCodeFor(report.findings);
}
