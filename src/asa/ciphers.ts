// The ASA's TLS/DTLS cipher lists in force (custom or by level and software version) and the cipher a phone settles on.
import type { TlsVersion } from '../model/catalogue.js';
import {
  type AsaRunningConfig,
  type AsaSslCipher,
  asaVersionAtLeast,
  SSL_ENCRYPTION_CIPHERS,
} from './running-config.js';

/**
 * Approximation of the ASA 9.x `medium` (default) list in server order, from Cisco's ASA command
 * reference for `ssl cipher`: from 9.4 the ASA supports and prefers elliptic-curve suites
 * (the cause of CSCuu02848); before 9.4 it has none.
 */
const DEFAULT_ORDER = [
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-AES256-GCM-SHA384',
  'AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
  'DHE-RSA-AES256-SHA256',
  'AES256-SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES128-GCM-SHA256',
  'AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'DHE-RSA-AES128-SHA256',
  'AES128-SHA256',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'DHE-RSA-AES256-SHA',
  'AES256-SHA',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'DHE-RSA-AES128-SHA',
  'AES128-SHA',
];
const LOW_EXTRA = ['DES-CBC3-SHA', 'RC4-SHA', 'RC4-MD5'];

export const DEFAULTS_SOURCE =
  'ASA `ssl cipher` defaults (medium level; EC suites from 9.4, CSCuu02848), approximated by vpnphone';

/** Elliptic-curve key exchange or signature, in OpenSSL names and their old aliases (EECDH, AECDH). */
export function isEcCipher(c: string): boolean {
  return /^(ECDHE|ECDH|EECDH|AECDH)-|ECDSA/.test(c);
}

/** Suites usable below TLS 1.2 (and in DTLS 1.0 / Cisco DTLS 0.9): CBC with SHA-1 MAC only. */
export function usableBelowTls12(c: string): boolean {
  return !/GCM|SHA256|SHA384|CHACHA/.test(c);
}

export type CipherKeyword = 'tlsv1' | 'tlsv1.1' | 'tlsv1.2' | 'dtlsv1';

export const KEYWORD_OF: Record<TlsVersion, CipherKeyword> = {
  TLSv1: 'tlsv1',
  'TLSv1.1': 'tlsv1.1',
  'TLSv1.2': 'tlsv1.2',
};

export interface CipherList {
  keyword: CipherKeyword;
  ciphers: string[];
  /** The `ssl cipher` line in force, or undefined for the software default. */
  line: AsaSslCipher | undefined;
  /** True when the list is the ASA's default (depends on the software version). */
  isDefault: boolean;
}

function levelList(level: string, ecCapable: boolean): string[] {
  const base = DEFAULT_ORDER.filter((c) => ecCapable || !isEcCipher(c));
  switch (level) {
    case 'all':
    case 'low':
      return [...base, ...LOW_EXTRA];
    case 'high':
      return base.filter((c) => c.includes('AES256'));
    case 'fips':
      return base.filter((c) => c.includes('AES'));
    default:
      return base;
  }
}

/**
 * The cipher list the ASA uses for a protocol version: its own `ssl cipher` line, else
 * `ssl cipher default ...`, else the software default. `asaVersion` undefined means unknown (assume ≥ 9.4).
 */
export function cipherListFor(
  cfg: Pick<AsaRunningConfig, 'sslCiphers'> & Partial<Pick<AsaRunningConfig, 'sslEncryption'>>,
  keyword: CipherKeyword,
  asaVersion: string | undefined,
): CipherList {
  const ecCapable = asaVersion === undefined || asaVersionAtLeast(asaVersion, [9, 4]);
  const own = [...cfg.sslCiphers].reverse().find((c) => c.version === keyword);
  const dflt = [...cfg.sslCiphers].reverse().find((c) => c.version === 'default');
  const line = own ?? dflt ?? legacyCipherLine(cfg.sslEncryption);
  const tls12 = keyword === 'tlsv1.2';
  const usable = (cs: string[]) => (tls12 ? cs : cs.filter(usableBelowTls12));
  if (!line)
    return { keyword, ciphers: usable(levelList('medium', ecCapable)), line: undefined, isDefault: true };
  const ciphers = line.custom ?? levelList(line.level, ecCapable);
  return { keyword, ciphers: usable(ciphers), line, isDefault: false };
}

/**
 * Pre-9.3 `ssl encryption aes256-sha1 aes128-sha1 ...` (8.x, 9.0-9.2) as the one custom list it is for every
 * protocol version, in its order; unknown names are kept upper-cased.
 */
export function legacyCipherLine(enc: AsaRunningConfig['sslEncryption']): AsaSslCipher | undefined {
  if (!enc) return undefined;
  const custom = enc.value.map((n) => SSL_ENCRYPTION_CIPHERS[n.toLowerCase()] ?? n.toUpperCase());
  return { version: 'default', level: 'custom', custom, loc: enc.loc };
}

/** Whether the ASA writes cipher lists as `ssl cipher` (9.3 and later) or `ssl encryption` (before); `both` when unknown. */
export type CipherSyntax = 'cipher' | 'encryption' | 'both';

export function cipherSyntaxFor(asaVersion: string | undefined): CipherSyntax {
  if (asaVersion === undefined) return 'both';
  return asaVersionAtLeast(asaVersion, [9, 3]) ? 'cipher' : 'encryption';
}

/** OpenSSL cipher names as `ssl encryption` keywords (the ones it has: AES and 3DES/DES with SHA-1, RC4). */
export function sslEncryptionWords(ciphers: readonly string[]): string[] {
  const back = new Map(Object.entries(SSL_ENCRYPTION_CIPHERS).map(([k, v]) => [v, k]));
  return [...new Set(ciphers.map((c) => back.get(c)).filter((x): x is string => x !== undefined))];
}

const ORDER: TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2'];

/** `tlsv1.2` / `TLSv1.2` / `tlsv1` → TlsVersion; `sslv3`/`any` → undefined (no higher minimum than TLS 1.0). */
export function tlsVersionOf(keyword: string): TlsVersion | undefined {
  const k = keyword.toLowerCase();
  if (k === 'tlsv1' || k === 'tlsv1.0') return 'TLSv1';
  if (k === 'tlsv1.1') return 'TLSv1.1';
  if (k === 'tlsv1.2' || k === 'tlsv1.3') return 'TLSv1.2';
  return undefined;
}

/** The minimum TLS version the ASA accepts (`ssl server-min-version`, older `ssl server-version`). */
export function serverMinVersion(
  cfg: Pick<AsaRunningConfig, 'sslServerMinVersion' | 'sslServerVersion'>,
): { version: TlsVersion; raw: string; line: AsaRunningConfig['sslServerMinVersion'] } | undefined {
  const line = cfg.sslServerMinVersion ?? cfg.sslServerVersion;
  if (!line) return undefined;
  const raw = line.value.toLowerCase();
  if (raw === 'tlsv1.3') return { version: 'TLSv1.2', raw, line };
  const v = tlsVersionOf(raw);
  return v ? { version: v, raw, line } : undefined;
}

/** The TLS version a phone ends up with: the highest it supports at or above the ASA minimum. */
export function negotiatedVersion(
  phoneVersions: readonly TlsVersion[],
  min: TlsVersion | undefined,
): TlsVersion | undefined {
  const floor = min ? ORDER.indexOf(min) : 0;
  const ok = phoneVersions
    .filter((v) => ORDER.indexOf(v) >= floor)
    .sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a));
  return ok[0];
}

/** The server picks (ASA: its own order) the first of its ciphers the client offers. */
export function settleCipher(
  serverOrder: readonly string[],
  clientOffer: readonly string[],
): string | undefined {
  return serverOrder.find((c) => clientOffer.includes(c));
}
