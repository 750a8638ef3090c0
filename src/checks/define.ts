// The small helper every configuration check is written with: an id, the inputs it needs, a pure run function.
import type { RuleId } from '../findings/catalogue/index.js';
import type { Draft } from '../findings/finding.js';
import type { AuditFacts } from './facts.js';

export interface CheckContext {
  now: Date;
  /** `cert-expiring` fires when the certificate expires within this many days. */
  expiryDays: number;
  /** Days before expiry the renewal should begin (the time to bring every phone inside for the new hash). */
  leadDays: number;
}

/** A check either returns what it found (possibly nothing) or says why it could not check. */
export type CheckOutcome = Draft[] | { notChecked: string };

export interface Check {
  id: RuleId;
  /** What it reads, for the `notChecked` list and documentation. */
  needs: string;
  run(facts: AuditFacts, ctx: CheckContext): CheckOutcome;
}

export function defineCheck(c: Check): Check {
  return c;
}

export const notChecked = (reason: string): CheckOutcome => ({ notChecked: reason });
