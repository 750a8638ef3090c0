// What the TLS checks share: the phone models in play (or a default), the ASA version and its cipher lists.
import { KEYWORD_OF, serverMinVersion } from '../../asa/ciphers.js';
import type { Evidence } from '../../findings/types.js';
import { DEFAULT_MODEL, type PhoneModel, phoneModel } from '../../model/catalogue.js';
import { asaVersion, type ModelFact, phoneModelsOf } from '../derive.js';
import type { AuditFacts } from '../facts.js';

export interface TlsModels {
  models: { model: PhoneModel; evidence: Evidence | undefined }[];
  /** True when no input names a model and the catalogue's default model stands in. */
  assumed: boolean;
}

export function tlsModels(f: AuditFacts): TlsModels {
  const known = phoneModelsOf(f).filter((m): m is ModelFact & { model: PhoneModel } => m.model !== undefined);
  if (known.length > 0)
    return { models: known.map((m) => ({ model: m.model, evidence: m.evidence })), assumed: false };
  const d = phoneModel(DEFAULT_MODEL);
  return { models: d ? [{ model: d, evidence: undefined }] : [], assumed: true };
}

/** `ssl cipher` keywords for the TLS versions the phones use, plus dtlsv1. */
export function keywordsFor(models: readonly PhoneModel[]): ('tlsv1' | 'tlsv1.1' | 'tlsv1.2' | 'dtlsv1')[] {
  const set = new Set<'tlsv1' | 'tlsv1.1' | 'tlsv1.2' | 'dtlsv1'>();
  for (const m of models) for (const v of m.tlsVersions.value) set.add(KEYWORD_OF[v]);
  const order = ['tlsv1', 'tlsv1.1', 'tlsv1.2'] as const;
  return [...order.filter((k) => set.has(k)), 'dtlsv1'];
}

export { asaVersion, serverMinVersion };
