// The finding catalogue of RULES.md: every stable id (a contract — never rename one) with its data and wording.
import { type Entry, entry, type Prose, prose } from '../entry.js';
import { CONFIG_ENTRIES } from './config.js';
import { LOG_ENTRIES } from './log.js';

const PROBE_ENTRIES = {
  'probe-step-failed': entry<Prose>(
    'probe',
    'error',
    'A probe step failed',
    'Read the step and the error; run again with a longer timeout if the network is slow.',
    prose,
  ),
};

export const CATALOGUE = { ...CONFIG_ENTRIES, ...LOG_ENTRIES, ...PROBE_ENTRIES };

export type RuleId = keyof typeof CATALOGUE;

/** Each id's data, one by one (so `DataOf<RuleId>` is the union of all, not an intersection). */
type DataMap = { [K in RuleId]: (typeof CATALOGUE)[K] extends Entry<infer D> ? D : never };

/** The data a finding of `id` carries (what its check found). */
export type DataOf<K extends RuleId> = DataMap[K];

export function isRuleId(s: string): s is RuleId {
  return Object.hasOwn(CATALOGUE, s);
}
