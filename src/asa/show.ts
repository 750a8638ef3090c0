// Parsers for ASA `show` command output: version (licenses), ip, crypto ca certificates, vpn-sessiondb, ssl.
import type { Loc, Valued } from './running-config.js';
import { splitLines } from './tree.js';

export interface Line {
  line: number;
  text: string;
}

/** A text's lines, numbered from `lineOffset + 1`, without trailing white space. */
export function numbered(text: string, lineOffset: number): Line[] {
  // trimEnd, not a `\s+$` pattern: that one backtracks over every run of spaces (a line of 100k spaces took 15 s).
  return splitLines(text).map((t, i) => ({ line: lineOffset + i + 1, text: t.trimEnd() }));
}

const LICENSE_NAME = /^[A-Za-z][\w ./&()-]*$/;

/**
 * A `Name : Value` line as name and value (both trimmed; the name is a letter then word characters,
 * spaces and `./&()-`), or undefined. Split at the first colon by hand: the pattern this replaces
 * (`^\s*(name*?)\s*:\s*(.+?)\s*$`) was quadratic in a line's runs of spaces.
 */
export function licenseLine(text: string): { name: string; value: string } | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (value === '' || !LICENSE_NAME.test(name)) return undefined;
  return { name, value };
}

export const at = (l: Line): Loc => ({ line: l.line, text: l.text.trim() });

export interface ShowVersion {
  /** `9.12(2)9` from `Cisco Adaptive Security Appliance Software Version 9.12(2)9`. */
  software?: Valued<string>;
  hostname?: string;
  /** Every `Name : Value` license line. */
  licenses: { name: string; value: string; loc: Loc }[];
  /** The `AnyConnect for Cisco VPN Phone : Enabled|Disabled` line. */
  vpnPhone?: Valued<string>;
}

export function parseShowVersion(text: string, lineOffset = 0): ShowVersion {
  const out: ShowVersion = { licenses: [] };
  for (const l of numbered(text, lineOffset)) {
    const sw = /(?:Adaptive Security Appliance|Firepower Threat Defense|ASA) Software Version\s+(\S+)/i.exec(
      l.text,
    );
    if (sw?.[1] && !out.software) out.software = { value: sw[1].replace(/[,;]$/, ''), loc: at(l) };
    const up = /^(\S+) up \d/.exec(l.text);
    if (up?.[1]) out.hostname = up[1];
    const lic = licenseLine(l.text);
    if (lic) {
      out.licenses.push({ name: lic.name, value: lic.value, loc: at(l) });
      if (/^AnyConnect for Cisco VPN Phone$/i.test(lic.name) && !out.vpnPhone)
        out.vpnPhone = { value: lic.value.split(/\s{2,}/)[0] ?? lic.value, loc: at(l) };
    }
  }
  return out;
}

export interface ShowIpRow {
  hardware: string;
  nameif: string;
  ip: string;
  mask: string;
  method: string;
  loc: Loc;
  /** `system` rows are configured addresses; `current` rows are in use (failover may differ). */
  table: 'system' | 'current';
}

export function parseShowIp(text: string, lineOffset = 0): ShowIpRow[] {
  const out: ShowIpRow[] = [];
  let table: ShowIpRow['table'] = 'system';
  for (const l of numbered(text, lineOffset)) {
    if (/^System IP Addresses:/i.test(l.text.trim())) table = 'system';
    else if (/^Current IP Addresses:/i.test(l.text.trim())) table = 'current';
    const m = /^\s*(\S+)\s+(\S+)\s+(\d+\.\d+\.\d+\.\d+)\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)/.exec(l.text);
    if (m?.[1] && m[2] && m[3] && m[4] && m[5])
      out.push({ hardware: m[1], nameif: m[2], ip: m[3], mask: m[4], method: m[5], loc: at(l), table });
  }
  return out;
}

export interface ShowCaCertificate {
  role: 'ca' | 'identity';
  serial?: string;
  subjectCN?: string;
  issuerCN?: string;
  keyType?: 'RSA' | 'EC' | 'other';
  keyBits?: number;
  endDate?: Date;
  endDateText?: string;
  startDate?: Date;
  /** `Status: Available` (or `Pending`, ...). */
  status?: string;
  /** `Certificate Usage: General Purpose` / `Signature` / `Encryption`. */
  usage?: string;
  /** The subject as shown, its `cn=`, `o=`, ... lines joined with commas. */
  subject?: string;
  trustpoints: string[];
  loc: Loc;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** `00:00:00 UTC Jan 3 2036` (ASA's date format) as a Date. */
export function parseAsaDate(s: string): Date | undefined {
  const m = /(\d{1,2}):(\d{2}):(\d{2})\s+(\w+)\s+(\w{3})\s+(\d{1,2})\s+(\d{4})/.exec(s);
  if (!m) return undefined;
  const mon = MONTHS[(m[5] ?? '').toLowerCase()];
  if (mon === undefined) return undefined;
  // ASA prints the configured clock zone (`clock timezone`, `clock summer-time`): UTC unless set.
  const offset = ZONE_HOURS[(m[4] ?? '').toUpperCase()] ?? 0;
  return new Date(
    Date.UTC(Number(m[7]), mon, Number(m[6]), Number(m[1]) - offset, Number(m[2]), Number(m[3])),
  );
}

/** Hours east of UTC of the zone names ASAs commonly print; an unknown name is read as UTC (off by hours at most). */
const ZONE_HOURS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
  CET: 1,
  CEST: 2,
  BST: 1,
  JST: 9,
};

export function parseShowCryptoCaCertificates(text: string, lineOffset = 0): ShowCaCertificate[] {
  const out: ShowCaCertificate[] = [];
  let cur: ShowCaCertificate | undefined;
  let pending: 'subject' | 'issuer' | 'trustpoints' | undefined;
  for (const l of numbered(text, lineOffset)) {
    const t = l.text.trim();
    if (/^(CA Certificate|Certificate|Router Certificate|Identity Certificate)$/i.test(t)) {
      cur = { role: /^CA/i.test(t) ? 'ca' : 'identity', trustpoints: [], loc: at(l) };
      out.push(cur);
      pending = undefined;
      continue;
    }
    if (!cur) continue;
    const serial = /^Certificate Serial Number:\s*(\S+)/i.exec(t);
    const key = /^Public Key Type:\s*(\w+)(?:\s*\((\d+) bits?\))?/i.exec(t);
    const end = /^end\s+date:\s*(.+)$/i.exec(t);
    const start = /^start\s+date:\s*(.+)$/i.exec(t);
    const tps = /^Associated Trustpoints:\s*(.*)$/i.exec(t);
    const status = /^Status:\s*(\S.*)$/i.exec(t);
    const usage = /^Certificate Usage:\s*(\S.*)$/i.exec(t);
    if (serial?.[1]) cur.serial = serial[1];
    else if (status?.[1]) cur.status = status[1];
    else if (usage?.[1]) cur.usage = usage[1];
    else if (key) {
      const k = (key[1] ?? '').toUpperCase();
      cur.keyType = k === 'RSA' ? 'RSA' : k === 'EC' || k === 'ECDSA' ? 'EC' : 'other';
      if (key[2]) cur.keyBits = Number(key[2]);
    } else if (/^Subject Name:/i.test(t)) {
      pending = 'subject';
      continue;
    } else if (/^Issuer Name:/i.test(t)) {
      pending = 'issuer';
      continue;
    } else if (start) {
      const d = parseAsaDate(start[1] ?? '');
      if (d) cur.startDate = d;
    } else if (end) {
      if (end[1]) cur.endDateText = end[1];
      const d = parseAsaDate(end[1] ?? '');
      if (d) cur.endDate = d;
    } else if (tps) {
      cur.trustpoints.push(...(tps[1] ?? '').split(/\s+/).filter((x) => x !== ''));
      pending = 'trustpoints';
      continue;
    } else if ((pending === 'subject' || pending === 'issuer') && !/^[A-Za-z ]+:/.test(t)) {
      const cn = /(?:^|[,\s])cn=([^,]+)/i.exec(t);
      if (cn?.[1]) {
        if (pending === 'subject') cur.subjectCN ??= cn[1].trim();
        else cur.issuerCN ??= cn[1].trim();
      }
      if (pending === 'subject' && t !== '') cur.subject = cur.subject ? `${cur.subject},${t}` : t;
      continue;
    } else if (pending === 'trustpoints' && /^\S+$/.test(t) && !t.includes(':')) {
      cur.trustpoints.push(t);
      continue;
    }
    // Any other `Name:` line ends a multi-line field.
    if (t.includes(':')) pending = undefined;
  }
  return out;
}

export interface VpnSession {
  username: string;
  groupPolicy?: string;
  tunnelGroup?: string;
  protocol?: string;
  encryption?: string;
  /** Phone model from a username like `CP-8861-SEP682C7B40B5CE`. */
  phoneModel?: string;
  phoneMac?: string;
  /** `show vpn-sessiondb detail anyconnect`: each tunnel's own section. */
  tunnels?: SessionTunnel[];
  /** `Client Ver` of the first tunnel that names one (`Cisco SVC IPPhone Client v1.0 (1.0)`, `... for Windows 4.9`). */
  clientVersion?: string;
  /** True when the client is a phone: a phone certificate's username or the IP phone client's version. */
  phoneClient?: boolean;
  loc: Loc;
}

/** One tunnel of a detailed session: `SSL-Tunnel:` then its indented fields. */
export interface SessionTunnel {
  type: 'AnyConnect-Parent' | 'SSL-Tunnel' | 'DTLS-Tunnel';
  encryption?: string;
  hashing?: string;
  /** `Ciphersuite` (9.x): the OpenSSL name of the suite in use. */
  cipherSuite?: string;
  /** `Encapsulation`: TLSv1.0, TLSv1.2, DTLSv1.0, ... */
  encapsulation?: string;
  clientType?: string;
  clientVersion?: string;
  loc: Loc;
}

const TUNNEL_TYPES: readonly SessionTunnel['type'][] = ['AnyConnect-Parent', 'SSL-Tunnel', 'DTLS-Tunnel'];

/** Whether a client version is Cisco's IP phone client (`Cisco SVC IPPhone Client v1.0`). */
export function isPhoneClientVersion(v: string): boolean {
  return /IPPhone|IP Phone/i.test(v);
}

/**
 * `CP-8861-SEP682C7B40B5CE` → model 8861, MAC 682C7B40B5CE (a phone certificate's CN). A MAC masked in a
 * published capture (`CP-7962G-SEPXXXXXXXXXXXX`) still names the model; the MAC is then absent.
 */
export function phoneFromUsername(u: string): { model: string; mac?: string } | undefined {
  const m = /^CP-(\w+?)-SEP([0-9A-Za-z*]{12})$/.exec(u.trim());
  if (!m?.[1] || !m[2]) return undefined;
  return /^[0-9A-Fa-f]{12}$/.test(m[2]) ? { model: m[1], mac: m[2].toUpperCase() } : { model: m[1] };
}

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLetterOrSpace = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32;
const isSpace = (s: string, i: number): boolean => i < s.length && /\s/.test(s.charAt(i));

/**
 * From an upper-case letter at `i`: letters and spaces, optional white space, then `:` and a white
 * space character. Returns the colon's index, or `stop`, where the scan failed: every start between
 * `i` and `stop` fails there too, which is what keeps the field scanner linear.
 */
function scanKey(s: string, i: number): { colon: number } | { stop: number; spaceFrom: number } {
  let j = i + 1;
  while (j < s.length && isLetterOrSpace(s.charCodeAt(j))) j++;
  const spaceFrom = j;
  while (isSpace(s, j)) j++;
  if (s.charCodeAt(j) === 58 && isSpace(s, j + 1)) return { colon: j };
  return { stop: j, spaceFrom };
}

/**
 * The `Key : value` fields of a session line; two may share one (`Group Policy  : VPN-Phone
 * Tunnel Group : VPN-Phone`): a value ends where two or more white space characters precede the
 * next key. A hand-written scanner, linear in the line: the lazy pattern it replaces took 15 s on
 * a 100 KB line of letters.
 */
export function sessionFields(s: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  let i = 0;
  let key: { start: number; colon: number } | undefined;
  // Find the first key.
  while (i < s.length && !key) {
    if (!isUpper(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const r = scanKey(s, i);
    if ('colon' in r) key = { start: i, colon: r.colon };
    else i = r.stop;
  }
  while (key) {
    const valueStart = key.colon + 2;
    let next: { start: number; colon: number } | undefined;
    let end = s.length;
    let j = valueStart;
    while (j < s.length) {
      if (!isSpace(s, j)) {
        j++;
        continue;
      }
      let k = j;
      while (isSpace(s, k)) k++;
      if (k - j >= 2 && isUpper(s.charCodeAt(k))) {
        const r = scanKey(s, k);
        if ('colon' in r) {
          next = { start: k, colon: r.colon };
          end = j;
          break;
        }
        // The white space the failed scan ended in may still precede a key.
        j = r.spaceFrom;
      } else j = k;
    }
    out.push({
      key: s.slice(key.start, key.colon).trim(),
      value: s.slice(Math.min(valueStart, s.length), end).trim(),
    });
    key = next;
  }
  return out;
}

export function parseShowVpnSessiondb(text: string, lineOffset = 0): VpnSession[] {
  const out: VpnSession[] = [];
  let cur: VpnSession | undefined;
  let tunnel: SessionTunnel | undefined;
  for (const l of numbered(text, lineOffset)) {
    const t = l.text.trim();
    // `SSL-Tunnel:` alone on its line opens that tunnel's section of a detailed session.
    const type = t.endsWith(':') ? TUNNEL_TYPES.find((x) => t === `${x}:`) : undefined;
    if (type && cur) {
      tunnel = { type, loc: at(l) };
      cur.tunnels ??= [];
      cur.tunnels.push(tunnel);
      continue;
    }
    // Two fields may share a line: `Group Policy  : VPN-Phone        Tunnel Group : VPN-Phone`.
    for (const { key, value } of sessionFields(l.text)) {
      if (key === 'Username') {
        cur = { username: value, loc: at(l) };
        tunnel = undefined;
        const p = phoneFromUsername(value);
        if (p) {
          cur.phoneModel = p.model;
          if (p.mac) cur.phoneMac = p.mac;
          cur.phoneClient = true;
        }
        out.push(cur);
      } else if (tunnel && cur) {
        if (key === 'Encryption') tunnel.encryption = value;
        else if (key === 'Hashing') tunnel.hashing = value;
        else if (key === 'Ciphersuite') tunnel.cipherSuite = value;
        else if (key === 'Encapsulation') tunnel.encapsulation = value;
        else if (key === 'Client Type') tunnel.clientType = value;
        else if (key === 'Client Ver') {
          tunnel.clientVersion = value;
          cur.clientVersion ??= value;
          if (isPhoneClientVersion(value)) cur.phoneClient = true;
        }
      } else if (cur) {
        if (key === 'Group Policy') cur.groupPolicy = value;
        else if (key === 'Tunnel Group') cur.tunnelGroup = value;
        else if (key === 'Protocol') cur.protocol = value;
        else if (key === 'Encryption') cur.encryption = value;
      }
    }
  }
  return out;
}

export interface ShowSsl {
  /** `Accept connections using SSLv3 or greater and negotiate to TLSv1 or greater`. */
  acceptMin?: Valued<string>;
  /** `Interface outside: asa-identity-cert` lines under `SSL trust-points:`. */
  trustpoints: { iface: string | undefined; trustpoint: string; loc: Loc }[];
  /** `Self-signed (EC 256 bits ...) certificate available`: the temporary certificates. */
  selfSigned: Loc[];
}

export function parseShowSsl(text: string, lineOffset = 0): ShowSsl {
  const out: ShowSsl = { trustpoints: [], selfSigned: [] };
  for (const l of numbered(text, lineOffset)) {
    const t = l.text.trim();
    const accept = /^Accept connections using (\S+) or greater/i.exec(t);
    const itf = /^Interface (\S+):\s*(\S+)/.exec(t);
    const dflt = /^Default:\s*(\S+)/.exec(t);
    if (accept) out.acceptMin = { value: accept[1] ?? '', loc: at(l) };
    else if (itf?.[1] && itf[2]) out.trustpoints.push({ iface: itf[1], trustpoint: itf[2], loc: at(l) });
    else if (dflt?.[1]) out.trustpoints.push({ iface: undefined, trustpoint: dflt[1], loc: at(l) });
    else if (/^Self-signed .*certificate available/i.test(t)) out.selfSigned.push(at(l));
  }
  return out;
}
