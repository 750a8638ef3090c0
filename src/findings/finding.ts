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
  /** Evidence lines there were, when more than the finding keeps (see MAX_EVIDENCE). */
  evidenceTotal?: number;
  /** Findings of the same id left out past MAX_FINDINGS_PER_ID, and how many times they were seen. */
  more?: { findings: number; count: number };
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
  /** How many evidence lines there were, when more than `evidence` keeps. */
  evidenceTotal?: number;
  /** Further findings of this id not listed (each with other data), and how many times they were seen. */
  more?: { findings: number; count: number };
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
    ...(d.evidenceTotal !== undefined ? { evidenceTotal: d.evidenceTotal } : {}),
    ...(d.more !== undefined ? { more: d.more } : {}),
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
  /** At most this many evidence lines per finding (default MAX_EVIDENCE); `evidenceTotal` says how many there were. */
  maxEvidence?: number;
  /** At most this many findings of one id (default MAX_FINDINGS_PER_ID); the last one says how many more. */
  maxPerId?: number;
  /**
   * Add up the counts (a log line repeating). Off, a merged finding's evidence says where it was seen
   * and no count is kept (50 phone configurations are 50 evidence lines, not "seen 50 times").
   */
  countRepeats?: boolean;
}

/**
 * Evidence lines kept per finding by default: every file a configuration problem is in (50 phone
 * configurations are 50 lines), within reason. The log side keeps fewer (LOG_MERGE).
 */
export const MAX_EVIDENCE = 200;
/** Findings of one id with distinct data (300,000 DNS names that failed): the first ones are listed. */
export const MAX_FINDINGS_PER_ID = 20;

/** Keys of findings not listed that are remembered, to count them once each. */
const MAX_UNLISTED = 100_000;

interface Group {
  d: Draft;
  count: number;
  perSource: Map<string, number>;
  seen: Set<string>;
  evidence: number;
}

/**
 * One problem seen in many places is one finding (RULES.md): drafts with the same id, severity and data
 * become one, with the evidence of all (in order, without repeats, at most `maxEvidence`) and the sum of
 * their counts. Drafts arrive one at a time (a log check reporting as it reads) and memory stays bounded:
 * past `maxPerId` findings of one id, further distinct ones are only counted, on the last one listed.
 */
export class DraftMerger {
  private readonly byKey = new Map<string, Group>();
  private readonly perId = new Map<
    string,
    { last: Group; groups: number; more: number; moreCount: number }
  >();
  private readonly unlisted = new Set<string>();
  private readonly maxSource: number;
  private readonly maxEvidence: number;
  private readonly maxPerId: number;

  constructor(private readonly opts: MergeOptions = {}) {
    this.maxSource = opts.maxEvidencePerSource ?? Number.POSITIVE_INFINITY;
    this.maxEvidence = opts.maxEvidence ?? MAX_EVIDENCE;
    this.maxPerId = opts.maxPerId ?? MAX_FINDINGS_PER_ID;
  }

  add(d: Draft): void {
    const key = `${d.id}\0${d.severity ?? ''}\0${keyOf(d.data)}`;
    let m = this.byKey.get(key);
    if (!m) {
      const id = this.perId.get(d.id);
      if (id && id.groups >= this.maxPerId) {
        // Distinct ones are told apart up to MAX_UNLISTED keys kept (past that each draft counts as one more).
        if (!this.unlisted.has(key)) {
          id.more++;
          if (this.unlisted.size < MAX_UNLISTED) this.unlisted.add(key);
        }
        id.moreCount += d.count ?? 1;
        return;
      }
      m = { d: { ...d, evidence: [] }, count: 0, perSource: new Map(), seen: new Set(), evidence: 0 };
      this.byKey.set(key, m);
      if (id) {
        id.groups++;
        id.last = m;
      } else this.perId.set(d.id, { last: m, groups: 1, more: 0, moreCount: 0 });
    }
    m.count += d.count ?? 1;
    for (const e of d.evidence) {
      const k = `${e.source}\0${e.line ?? ''}\0${e.text}`;
      if (m.seen.has(k)) continue;
      const n = m.perSource.get(e.source) ?? 0;
      if (n >= this.maxSource) continue;
      m.evidence++;
      if (m.d.evidence.length >= this.maxEvidence) continue;
      m.seen.add(k);
      m.perSource.set(e.source, n + 1);
      m.d.evidence.push(e);
    }
  }

  drafts(): Draft[] {
    const more = new Map<Group, { findings: number; count: number }>();
    for (const id of this.perId.values())
      if (id.more > 0) more.set(id.last, { findings: id.more, count: id.moreCount });
    return [...this.byKey.values()].map((m) => {
      const { count: _, more: _m, evidenceTotal: _t, ...rest } = m.d;
      const extra = more.get(m);
      return {
        ...rest,
        ...(this.opts.countRepeats && m.count > 1 ? { count: m.count } : {}),
        ...(m.evidence > m.d.evidence.length ? { evidenceTotal: m.evidence } : {}),
        ...(extra ? { more: extra } : {}),
      } as Draft;
    });
  }
}

export function mergeDrafts(drafts: readonly Draft[], opts: MergeOptions = {}): Draft[] {
  const m = new DraftMerger(opts);
  for (const d of drafts) m.add(d);
  return m.drafts();
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

/** The message with its repeat count, as text and SARIF show it. */
export function messageWithCount(f: Finding): string {
  const seen = f.count !== undefined && f.count > 1 ? `${f.message} (seen ${f.count} times)` : f.message;
  const shown =
    f.evidenceTotal !== undefined ? ` (${f.evidence.length} of ${f.evidenceTotal} evidence lines shown)` : '';
  const more = f.more
    ? `\nAnd ${f.more.findings} more findings of this kind, not listed (seen ${f.more.count} times in all).`
    : '';
  return `${seen}${shown}${more}`;
}
