// Findings as data: what a check found (a draft: id, typed data, evidence), and the one place it becomes text.
import { CATALOGUE, type DataOf, type RuleId } from './catalogue/index.js';
import type { Entry } from './entry.js';
import type { ObjectNames } from './names.js';
import type { Evidence, InputSummary, NotCheckedEntry, Severity } from './types.js';

/** What a check found: the id, the data the catalogue words, and the evidence. No text yet. */
export interface Draft<K extends RuleId = RuleId> {
  id: K;
  data: DataOf<K>;
  evidence: Evidence[];
  /** Overrides the catalogue's default severity (e.g. `info` when a fact cannot be confirmed). */
  severity?: Severity;
  /** How many times it was seen (a log line repeating); default 1. */
  count?: number;
}

/** A finding as reports carry it (RULES.md's JSON shape, plus `count`). */
export interface Finding {
  id: RuleId;
  severity: Severity;
  title: string;
  message: string;
  evidence: Evidence[];
  fix: string;
  /** How many times the problem was seen, when more than once. */
  count?: number;
}

export interface Report {
  inputs: InputSummary[];
  findings: Finding[];
  /** Extra key (RULES.md allows them): checks that could not run, and why. */
  notChecked?: NotCheckedEntry[];
}

export function draft<K extends RuleId>(
  id: K,
  data: NoInfer<DataOf<K>>,
  evidence: Evidence[] = [],
  opts: { severity?: Severity | undefined; count?: number } = {},
): Draft<K> {
  return {
    id,
    data,
    evidence,
    ...(opts.severity !== undefined ? { severity: opts.severity } : {}),
    ...(opts.count !== undefined ? { count: opts.count } : {}),
  } as Draft<K>;
}

/** Words a draft with the catalogue, naming the deployment's objects as `names` resolved them. */
export function renderFinding(d: Draft, names: ObjectNames): Finding {
  // Each entry words its own id's data; the catalogue's type ties the two together.
  const e = CATALOGUE[d.id] as Entry<unknown>;
  const w = e.text(d.data, names);
  return {
    id: d.id,
    severity: d.severity ?? e.severity,
    title: e.title,
    message: w.message,
    evidence: d.evidence,
    fix: w.fix ?? e.fix,
    ...(d.count !== undefined && d.count > 1 ? { count: d.count } : {}),
  };
}

export function renderFindings(drafts: readonly Draft[], names: ObjectNames): Finding[] {
  return drafts.map((d) => renderFinding(d, names));
}

/** A finding from finished text, for callers not yet turned into data (the live probe). */
export function proseFinding(
  id: RuleId,
  init: { message: string; evidence?: Evidence[]; fix?: string; severity?: Severity },
): Finding {
  const e = CATALOGUE[id];
  return {
    id,
    severity: init.severity ?? e.severity,
    title: e.title,
    message: init.message,
    evidence: init.evidence ?? [],
    fix: init.fix ?? e.fix,
  };
}

/** Stable JSON of data, keys sorted, so equal data gives equal keys. */
function keyOf(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${keyOf((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

export interface MergeOptions {
  /** At most this many evidence lines from each source (a log line repeated a thousand times). */
  maxEvidencePerSource?: number;
  /**
   * Add up the counts (a log line repeating). Off, a merged finding's evidence says where it was seen
   * and no count is kept (50 phone configurations are 50 evidence lines, not "seen 50 times").
   */
  countRepeats?: boolean;
}

/**
 * One problem seen in many places is one finding (RULES.md): drafts with the same id, severity and data
 * become one, with the evidence of all (in order, without repeats) and the sum of their counts.
 */
export function mergeDrafts(drafts: readonly Draft[], opts: MergeOptions = {}): Draft[] {
  const max = opts.maxEvidencePerSource ?? Number.POSITIVE_INFINITY;
  const byKey = new Map<string, { d: Draft; count: number; perSource: Map<string, number> }>();
  const add = (m: { d: Draft; perSource: Map<string, number> }, e: Evidence) => {
    const n = m.perSource.get(e.source) ?? 0;
    if (n >= max) return;
    if (m.d.evidence.some((x) => x.source === e.source && x.line === e.line && x.text === e.text)) return;
    m.perSource.set(e.source, n + 1);
    m.d.evidence.push(e);
  };
  for (const d of drafts) {
    const key = `${d.id}\0${d.severity ?? ''}\0${keyOf(d.data)}`;
    let m = byKey.get(key);
    if (!m) {
      m = { d: { ...d, evidence: [] }, count: 0, perSource: new Map() };
      byKey.set(key, m);
    }
    m.count += d.count ?? 1;
    for (const e of d.evidence) add(m, e);
  }
  return [...byKey.values()].map(({ d, count }) => {
    const { count: _, ...rest } = d;
    return (opts.countRepeats && count > 1 ? { ...rest, count } : rest) as Draft;
  });
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

/** The message with its repeat count, as text and SARIF show it. */
export function messageWithCount(f: Finding): string {
  return f.count !== undefined && f.count > 1 ? `${f.message} (seen ${f.count} times)` : f.message;
}
