// Findings and reports: the data every check returns and every renderer reads (RULES.md).
import type { RuleId } from '../checks/rules.js';
import { RULES } from '../checks/rules.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Evidence {
  /** The input's path, or `probe` for the live emulator. */
  source: string;
  /** 1-based line number in the source, when the evidence is a line. */
  line?: number;
  /** The exact line or value. */
  text: string;
}

export interface Finding {
  id: RuleId;
  severity: Severity;
  title: string;
  message: string;
  evidence: Evidence[];
  fix: string;
}

export interface InputSummary {
  source: string;
  kind: string;
  /** Why an input is not used, or a detail about it (e.g. a signed .sgn file). */
  hint?: string;
  /** For a capture of many commands: each command and what it was recognized as. */
  sections?: { command: string; line: number | undefined; kind: string }[];
}

/** A check that could not run for lack of an input. */
export interface NotCheckedEntry {
  id: string;
  reason: string;
  /** The check threw (a bug): its error. The command says so on standard error and exits 2. */
  error?: string;
}

export interface Report {
  inputs: InputSummary[];
  findings: Finding[];
  /** Extra key (RULES.md allows them): checks that could not run, and why. */
  notChecked?: NotCheckedEntry[];
}

export interface FindingInit {
  message: string;
  evidence?: Evidence[];
  fix?: string;
  /** Overrides the rule's default severity (e.g. `info` when a fact cannot be confirmed). */
  severity?: Severity;
}

/** Builds a finding with the catalogue's title and default severity for `id`. */
export function finding(id: RuleId, init: FindingInit): Finding {
  const rule = RULES[id];
  return {
    id,
    severity: init.severity ?? rule.severity,
    title: rule.title,
    message: init.message,
    evidence: init.evidence ?? [],
    fix: init.fix ?? rule.fix,
  };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: severity, then id, then first evidence position. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const s = ORDER[a.severity] - ORDER[b.severity];
    if (s !== 0) return s;
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    const ea = a.evidence[0];
    const eb = b.evidence[0];
    if (ea && eb) {
      if (ea.source !== eb.source) return ea.source < eb.source ? -1 : 1;
      return (ea.line ?? 0) - (eb.line ?? 0);
    }
    return 0;
  });
}

/** Exit status of the checking commands: 1 when any error finding, else 0 (2 is for usage errors). */
export function exitCodeFor(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
