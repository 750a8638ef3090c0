// What the TLS checks share: the phone models in play (or a default), the ASA version and its cipher lists.
import {
  type CipherKeyword,
  type CipherList,
  cipherListFor,
  KEYWORD_OF,
  serverMinVersion,
} from '../../asa/ciphers.js';
import type { Evidence } from '../../findings/types.js';
import { DEFAULT_MODEL, type PhoneModel, phoneModel } from '../../model/catalogue.js';
import { asaVersion, type ModelFact, phoneModelsOf } from '../derive.js';
import { type AuditFacts, ev } from '../facts.js';

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

export interface OfferedList extends CipherList {
  /** The `show ssl ciphers` list header, or the `ssl cipher` line, or a note that the default applies. */
  evidence: Evidence;
  /** True when `show ssl ciphers` showed the list (what the ASA really offers, not a model of it). */
  shown: boolean;
}

/**
 * The list the ASA offers for a protocol version: as `show ssl ciphers` shows it (that keyword's list,
 * else its `default` one), else from the running configuration's `ssl cipher` lines and the version.
 */
export function offeredList(f: AuditFacts, keyword: CipherKeyword, version: string | undefined): OfferedList {
  const shown = f.showSslCiphers;
  const l =
    shown?.value.find((x) => x.keyword === keyword) ?? shown?.value.find((x) => x.keyword === 'default');
  if (shown && l && l.ciphers.length > 0)
    return {
      keyword,
      ciphers: [...l.ciphers],
      line: undefined,
      isDefault: false,
      evidence: ev(shown.source, l.loc),
      shown: true,
    };
  const list = cipherListFor(f.asa?.value ?? { sslCiphers: [] }, keyword, version);
  const src = f.asa?.source ?? shown?.source ?? '';
  return {
    ...list,
    evidence: list.line
      ? ev(src, list.line.loc)
      : { source: src, text: `no \`ssl cipher ${keyword}\` line: the default list applies` },
    shown: false,
  };
}
