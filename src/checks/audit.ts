// The audit: classify inputs, build facts, run every configuration check, and return a RULES.md report.
import {
  type Draft,
  type Finding,
  mergeDrafts,
  type Report,
  renderFindings,
  sortFindings,
} from '../findings/finding.js';
import type { ObjectNames } from '../findings/names.js';
import type { NotCheckedEntry } from '../findings/types.js';
import { DEFAULT_LEAD_DAYS } from '../renew/lead.js';
import { CONFIG_CHECKS } from './config/index.js';
import { crashEntry } from './crash.js';
import type { Check, CheckContext } from './define.js';
import { type AuditFacts, type BuildOptions, buildFacts, type RawInput } from './facts.js';
import { headendRuns } from './headends.js';
import { namesFromFacts } from './names.js';

export type NotChecked = NotCheckedEntry;

/** The RULES.md report plus what could not be checked for lack of an input. */
export interface AuditReport extends Report {
  notChecked: NotChecked[];
}

export interface AuditOptions extends BuildOptions {
  now?: Date;
  /** Default 60. */
  expiryDays?: number;
  /** Default DEFAULT_LEAD_DAYS (../renew/lead.ts). */
  leadDays?: number;
  checks?: readonly Check[];
}

/**
 * Runs the configuration checks on facts and words what they found, with the names resolved from the facts
 * (or `names`). One problem in many inputs is one finding. Pure. A check that throws does not stop the
 * others: it becomes a `notChecked` entry carrying its error (`crashEntry`), which the command reports and
 * exits 2 for.
 */
export function runConfigChecks(
  facts: AuditFacts,
  ctx: CheckContext,
  checks: readonly Check[] = CONFIG_CHECKS,
  names: ObjectNames = namesFromFacts(facts),
): { findings: Finding[]; notChecked: NotChecked[] } {
  const drafts: Draft[] = [];
  const notChecked: NotChecked[] = [];
  for (const c of checks) {
    try {
      const r = c.run(facts, ctx);
      if (Array.isArray(r)) drafts.push(...r);
      else notChecked.push({ id: c.id, reason: r.notChecked });
    } catch (e) {
      notChecked.push(crashEntry(c.id, e));
    }
  }
  return { findings: sortFindings(renderFindings(mergeDrafts(drafts), names)), notChecked };
}

/**
 * The checks once per headend (src/checks/headends.ts), each run worded with its own headend's names; a
 * finding two runs share (a phone-side problem) is reported once. A check not run for several headends is
 * one notChecked entry, its reasons joined.
 */
export function runHeadendChecks(
  facts: AuditFacts,
  ctx: CheckContext,
  checks: readonly Check[] = CONFIG_CHECKS,
): { findings: Finding[]; notChecked: NotChecked[] } {
  const { runs, notChecked: unserved } = headendRuns(facts);
  if (runs.length === 1 && runs[0] && unserved.length === 0) return runConfigChecks(runs[0], ctx, checks);
  const findings = new Map<string, Finding>();
  const notChecked = new Map<string, { entry: NotChecked; reasons: string[] }>();
  const skip = (n: NotChecked) => {
    const had = notChecked.get(n.id);
    if (!had) notChecked.set(n.id, { entry: n, reasons: [n.reason] });
    else if (!had.reasons.includes(n.reason)) had.reasons.push(n.reason);
  };
  unserved.forEach(skip);
  for (const run of runs) {
    const r = runConfigChecks(run, ctx, checks);
    for (const x of r.findings) {
      const key = JSON.stringify(x);
      if (!findings.has(key)) findings.set(key, x);
    }
    r.notChecked.forEach(skip);
  }
  return {
    findings: sortFindings([...findings.values()]),
    notChecked: [...notChecked.values()].map(({ entry, reasons }) => ({
      ...entry,
      reason: reasons.join('; '),
    })),
  };
}

/** The report for already-built facts. */
export function auditFacts(facts: AuditFacts, opts: AuditOptions = {}): AuditReport {
  const ctx: CheckContext = {
    now: opts.now ?? new Date(),
    expiryDays: opts.expiryDays ?? 60,
    leadDays: opts.leadDays ?? DEFAULT_LEAD_DAYS,
  };
  const { findings, notChecked } = runHeadendChecks(facts, ctx, opts.checks);
  return {
    inputs: facts.inputs.map((i) => ({
      source: i.source,
      kind: i.kind,
      ...(i.hint !== undefined ? { hint: i.hint } : {}),
      ...(i.sections ? { sections: i.sections } : {}),
    })),
    findings,
    notChecked,
  };
}

/** Classifies and parses raw inputs, then audits them. Pure: file access only through `opts.readFileFor`. */
export function runAudit(inputs: readonly RawInput[], opts: AuditOptions = {}): AuditReport {
  return auditFacts(buildFacts(inputs, opts), opts);
}
