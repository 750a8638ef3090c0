// Parsers for more ASA `show` outputs engineers collect: nameif, interface ip brief, ssl ciphers, vpn-sessiondb summary.
// Pure text → typed facts with line numbers, one line at a time (no pattern backtracks over a line).
import type { Loc } from './running-config.js';
import { at, numbered } from './show.js';
import { splitLines } from './tree.js';

/** The white-space separated words of a line (split by hand: no pattern over the line). */
function words(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    const start = i;
    while (i < s.length && s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 9) i++;
    if (i > start) out.push(s.slice(start, i));
  }
  return out;
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** The header lines of the outputs, as their words (the detectors and parsers share them). */
const NAMEIF_HEADER = ['Interface', 'Name', 'Security'];
const IP_BRIEF_HEADER = ['Interface', 'IP-Address', 'OK?', 'Method', 'Status', 'Protocol'];

function isHeader(line: string, header: readonly string[]): boolean {
  const w = words(line);
  return w.length === header.length && w.every((x, i) => x === header[i]);
}

/** Whether a text holds the header of `show nameif` / `show interface ip brief` (for the classifier). */
// Each first looks for a word its header must hold: the classifier asks every input's first 256 KB, and
// splitting that into lines for nothing cost more than the rest of classifying a short-line file.
export function hasNameifHeader(text: string): boolean {
  if (!text.includes('Security')) return false;
  return splitLines(text).some((l) => l.startsWith('Interface') && isHeader(l, NAMEIF_HEADER));
}
export function hasIpBriefHeader(text: string): boolean {
  if (!text.includes('IP-Address')) return false;
  return splitLines(text).some((l) => l.startsWith('Interface') && isHeader(l, IP_BRIEF_HEADER));
}

export interface NameifRow {
  hardware: string;
  nameif: string;
  security: number;
  loc: Loc;
}

/** `show nameif`: `GigabitEthernet0/0   outside   0` under `Interface  Name  Security`. */
export function parseShowNameif(text: string, lineOffset = 0): NameifRow[] {
  const out: NameifRow[] = [];
  let inTable = false;
  for (const l of numbered(text, lineOffset)) {
    if (isHeader(l.text, NAMEIF_HEADER)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    const w = words(l.text);
    if (w.length !== 3 || !/^\d{1,3}$/.test(w[2] ?? '')) continue;
    out.push({ hardware: w[0] ?? '', nameif: w[1] ?? '', security: Number(w[2]), loc: at(l) });
  }
  return out;
}

export interface IpBriefRow {
  hardware: string;
  /** Undefined for `unassigned`. */
  ip: string | undefined;
  method: string;
  /** `up`, `down`, `admin down`, `administratively down`. */
  status: string;
  protocol: string;
  loc: Loc;
}

/** `show interface ip brief`: hardware, address, OK?, method, status (may be two words), protocol. */
export function parseShowInterfaceIpBrief(text: string, lineOffset = 0): IpBriefRow[] {
  const out: IpBriefRow[] = [];
  let inTable = false;
  for (const l of numbered(text, lineOffset)) {
    if (isHeader(l.text, IP_BRIEF_HEADER)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    const w = words(l.text);
    if (w.length < 6 || (w[2] !== 'YES' && w[2] !== 'NO')) continue;
    const addr = w[1] ?? '';
    if (addr !== 'unassigned' && !IPV4.test(addr)) continue;
    out.push({
      hardware: w[0] ?? '',
      ip: addr === 'unassigned' ? undefined : addr,
      method: w[3] ?? '',
      status: w.slice(4, -1).join(' '),
      protocol: w[w.length - 1] ?? '',
      loc: at(l),
    });
  }
  return out;
}

export interface SslCipherListShown {
  /** `default`, `tlsv1`, `tlsv1.1`, `tlsv1.2`, `dtlsv1`, `dtlsv1.2`. */
  keyword: string;
  /** `medium`, `high`, `custom`, ... as shown in parentheses. */
  level: string;
  ciphers: string[];
  loc: Loc;
}

const CIPHER_NAME = /^[A-Z0-9][A-Z0-9_-]*$/;

/**
 * `show ssl ciphers` (9.x): `tlsv1.2 (medium):` then one cipher per indented line: the lists the ASA
 * really offers, per protocol version, in its order.
 */
export function parseShowSslCiphers(text: string, lineOffset = 0): SslCipherListShown[] {
  const out: SslCipherListShown[] = [];
  let cur: SslCipherListShown | undefined;
  for (const l of numbered(text, lineOffset)) {
    const t = l.text.trim();
    const head = /^((?:default|tlsv1(?:\.[123])?|dtlsv1(?:\.2)?)) \(([\w-]+)\):$/.exec(t);
    if (head?.[1] && head[2]) {
      cur = { keyword: head[1], level: head[2], ciphers: [], loc: at(l) };
      out.push(cur);
      continue;
    }
    if (cur && l.text !== t && CIPHER_NAME.test(t)) cur.ciphers.push(t);
    else if (t !== '') cur = undefined;
  }
  return out;
}

/** Whether a text is `show ssl ciphers` output (its title line, or two list headers). */
export function looksLikeShowSslCiphers(text: string): boolean {
  // Both answers need a `): ` list header or the title line.
  if (!text.includes('):') && !text.includes('Current cipher configuration:')) return false;
  let lists = 0;
  for (const l of splitLines(text)) {
    const t = l.trim();
    if (t === 'Current cipher configuration:') return true;
    if (/^(?:default|tlsv1(?:\.[123])?|dtlsv1(?:\.2)?) \([\w-]+\):$/.test(t) && ++lists >= 2) return true;
  }
  return false;
}

export interface SessionSummaryRow {
  /** `AnyConnect Client`, `SSL/TLS/DTLS`, `Site-to-Site VPN`, `IKEv2 IPsec`, ... */
  name: string;
  active: number;
  cumulative: number | undefined;
  loc: Loc;
}

export interface SessionSummary {
  /** Rows of the `VPN Session Summary` table. */
  sessions: SessionSummaryRow[];
  /** Rows of the `Tunnels Summary` table. */
  tunnels: SessionSummaryRow[];
}

/** `show vpn-sessiondb` (summary): `AnyConnect Client :  38 : 330351 : 442 : 0` rows in two tables. */
export function parseShowVpnSessiondbSummary(text: string, lineOffset = 0): SessionSummary {
  const out: SessionSummary = { sessions: [], tunnels: [] };
  let table: SessionSummaryRow[] | undefined;
  for (const l of numbered(text, lineOffset)) {
    const t = l.text.trim();
    if (t === 'VPN Session Summary') table = out.sessions;
    else if (t === 'Tunnels Summary') table = out.tunnels;
    if (!table) continue;
    const parts = t.split(':').map((p) => p.trim());
    if (parts.length < 3 || parts[0] === '' || !/^\d+$/.test(parts[1] ?? '')) continue;
    if (/^Total|^Device/.test(parts[0] ?? '')) continue;
    const cum = parts[2] ?? '';
    table.push({
      name: parts[0] ?? '',
      active: Number(parts[1]),
      cumulative: /^\d+$/.test(cum) ? Number(cum) : undefined,
      loc: at(l),
    });
  }
  return out;
}

/** Whether a text is the `show vpn-sessiondb` summary (its table titles). */
export function looksLikeSessiondbSummary(text: string): boolean {
  if (!text.includes('VPN Session Summary')) return false;
  let title = false;
  let columns = false;
  for (const l of splitLines(text)) {
    const t = l.trim();
    if (t === 'VPN Session Summary') title = true;
    else if (t.startsWith('Active : Cumulative')) columns = true;
    if (title && columns) return true;
  }
  return false;
}
