// The phone configuration file SEP<MAC>.cnf.xml: written from the deployment, and read back (also .sgn files).
import { lazyPackage } from '../lazy.js';
import { normalizeModelName } from '../model/catalogue.js';
import type { LoadedDeployment } from '../model/load.js';
import type { Phone } from '../model/schema.js';
import { xmlEscape } from './xml.js';

/** The XML parser, loaded when a phone configuration is first read. */
const fastXml = lazyPackage<typeof import('fast-xml-parser')>('fast-xml-parser');

/** `authMethod` values in the phone configuration. */
export const AUTH_METHOD = { 'user-password': 0, 'password-only': 1, certificate: 2 } as const;

export interface PhoneVpnConfig {
  mtu: number | undefined;
  failConnectTime: number | undefined;
  authMethod: number | undefined;
  pswdPersistent: boolean | undefined;
  autoNetDetect: boolean | undefined;
  enableHostIDCheck: boolean | undefined;
  /** url1..url3, in order. */
  urls: string[];
  hashAlg: number | undefined;
  /** certHash1..certHash10 (base64 SHA-1), in order. */
  certHashes: string[];
}

export interface ParsedPhoneConfig {
  /** Present when the file has a <vpnGroup>. */
  vpn: PhoneVpnConfig | undefined;
  deviceProtocol: string | undefined;
  /** `<modelName>` (`Cisco 7975`), when the file has one. */
  modelName: string | undefined;
  /** `<loadInformation>` (`SCCP75.9-4-2SR3-1S`), when the file has one. */
  loadInformation: string | undefined;
  /** 1-based line of each element's first appearance, for evidence (`url1`, `certHash2`, `mtu`, ...). */
  lines: Record<string, number>;
  /** Bytes of signature header skipped before the XML (a .sgn file), 0 for plain XML. */
  signedHeaderBytes: number;
}

export class PhoneConfigParseError extends Error {
  override readonly name = 'PhoneConfigParseError';
}

export function phoneConfigFileName(mac: string): string {
  return `SEP${mac.toUpperCase()}.cnf.xml`;
}

/** The certificate hashes a phone gets: every certificate of the group's gateways in gateway order, at most 10. */
export function certHashesFor(loaded: LoadedDeployment): string[] {
  const c = loaded.deployment.cucm;
  const hashes: string[] = [];
  for (const gname of c.vpnGroup.gateways) {
    const g = c.vpnGateways.find((x) => x.name === gname);
    for (const file of g?.certificates ?? []) {
      for (const cert of (loaded.certs.get(file) ?? []).slice(0, 1)) {
        if (!hashes.includes(cert.certHash)) hashes.push(cert.certHash);
      }
    }
  }
  return hashes.slice(0, 10);
}

export function gatewayUrlsFor(loaded: LoadedDeployment): string[] {
  const c = loaded.deployment.cucm;
  return c.vpnGroup.gateways
    .map((n) => c.vpnGateways.find((g) => g.name === n)?.url)
    .filter((u): u is string => u !== undefined)
    .slice(0, 3);
}

const b = (v: boolean) => (v ? '1' : '0');

/** Writes SEP<MAC>.cnf.xml for one phone of the deployment, with the <vpnGroup> CUCM's TFTP would write. */
export function generatePhoneConfig(loaded: LoadedDeployment, phone: Phone): string {
  const d = loaded.deployment;
  const vp = d.cucm.vpnProfile;
  const urls = gatewayUrlsFor(loaded).map((u, i) => `      <url${i + 1}>${xmlEscape(u)}</url${i + 1}>`);
  const hashes = certHashesFor(loaded).map((h, i) => `      <certHash${i + 1}>${h}</certHash${i + 1}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<device>
  <fullConfig>true</fullConfig>
  <deviceProtocol>SIP</deviceProtocol>
  <deviceName>SEP${phone.mac}</deviceName>
  <modelName>Cisco ${xmlEscape(normalizeModelName(phone.model))}</modelName>
  <commonProfile>
    <name>${xmlEscape(d.cucm.commonPhoneProfile.name)}</name>
  </commonProfile>
  <vpnGroup>
    <mtu>${vp.mtu}</mtu>
    <failConnectTime>${vp.failToConnect}</failConnectTime>
    <authMethod>${AUTH_METHOD[vp.clientAuthentication]}</authMethod>
    <pswdPersistent>${b(vp.passwordPersistence)}</pswdPersistent>
    <autoNetDetect>${b(vp.autoNetworkDetect)}</autoNetDetect>
    <enableHostIDCheck>${b(vp.hostIdCheck)}</enableHostIDCheck>
    <addresses>
${urls.join('\n')}
    </addresses>
    <credentials>
      <hashAlg>0</hashAlg>
${hashes.join('\n')}
    </credentials>
  </vpnGroup>
</device>
`;
}

/** Finds where the XML starts in a plain or signed (.sgn) configuration file. */
export function xmlStart(data: Uint8Array): number {
  const text = Buffer.from(data.subarray(0, Math.min(data.length, 1 << 16))).toString('latin1');
  const m = /<\?xml|<device[\s>]/.exec(text);
  return m ? m.index : -1;
}

/** Where a `<vpnGroup>` fragment starts (a pasted `cat` of part of a file), or -1. */
function fragmentStart(data: Uint8Array): number {
  const text = Buffer.from(data.subarray(0, Math.min(data.length, 1 << 16))).toString('latin1');
  return text.indexOf('<vpnGroup>');
}

const num = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const bool = (v: unknown): boolean | undefined => {
  const n = num(v);
  return n === undefined ? undefined : n !== 0;
};

/** The <vpnGroup> settings from its leaf values (`mtu`, `url1`, `certHash2`, ...). */
function vpnFrom(
  g: Record<string, unknown>,
  addresses: Record<string, unknown>,
  creds: Record<string, unknown>,
) {
  const urls: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const u = addresses[`url${i}`];
    if (typeof u === 'string' && u !== '') urls.push(decodeEntities(u));
  }
  const certHashes: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const h = creds[`certHash${i}`];
    if (typeof h === 'string' && h !== '') certHashes.push(h.trim());
  }
  return {
    mtu: num(g['mtu']),
    failConnectTime: num(g['failConnectTime']),
    authMethod: num(g['authMethod']),
    pswdPersistent: bool(g['pswdPersistent']),
    autoNetDetect: bool(g['autoNetDetect']),
    enableHostIDCheck: bool(g['enableHostIDCheck']),
    urls,
    hashAlg: num(creds['hashAlg']),
    certHashes,
  };
}

/** Parses a phone configuration file (plain XML, or .sgn with its binary header). Pure; throws on invalid XML. */
export function parsePhoneConfig(data: Uint8Array | string): ParsedPhoneConfig {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const start = xmlStart(bytes);
  if (start < 0) throw new PhoneConfigParseError('no XML found (expected <device> or <?xml)');
  const xml = Buffer.from(bytes.subarray(start)).toString('utf8');
  let doc: Record<string, unknown>;
  try {
    doc = new (fastXml().XMLParser)({ ignoreAttributes: true, parseTagValue: false, trimValues: true }).parse(
      xml,
      true,
    );
  } catch (e) {
    throw new PhoneConfigParseError(`invalid XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const device = doc['device'] as Record<string, unknown> | undefined;
  if (!device || typeof device !== 'object') throw new PhoneConfigParseError('no <device> element');
  const lines = elementLines(xml, bytes, start);
  const g = device['vpnGroup'] as Record<string, unknown> | undefined;
  const vpn =
    g && typeof g === 'object'
      ? vpnFrom(
          g,
          (g['addresses'] ?? {}) as Record<string, unknown>,
          (g['credentials'] ?? {}) as Record<string, unknown>,
        )
      : undefined;
  const proto = device['deviceProtocol'];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return {
    vpn,
    deviceProtocol: typeof proto === 'string' ? proto : undefined,
    modelName: text(device['modelName']),
    loadInformation: text(device['loadInformation']),
    lines,
    signedHeaderBytes: start,
  };
}

/** A phone configuration as found: parsed strictly, else read tolerantly with what was wrong and where. */
export interface ReadPhoneConfig {
  parsed: ParsedPhoneConfig;
  /** Set when strict XML parsing failed: the error and its line in the file (header lines included). */
  problem?: { message: string; line?: number };
  /** Set for a `<vpnGroup>` fragment without `<device>` (a pasted part of a file). */
  fragment?: true;
}

/**
 * Reads a phone configuration file the way engineers find it: strict XML first; when that fails (a
 * slipped tag in a published example, a pasted fragment), a tolerant reader still finds <vpnGroup>,
 * <deviceProtocol> and the element lines, and the XML error is kept with its line. Throws only when
 * there is no XML at all.
 */
export function readPhoneConfig(data: Uint8Array | string): ReadPhoneConfig {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let start = xmlStart(bytes);
  const fragment = start < 0;
  if (fragment) start = fragmentStart(bytes);
  if (start < 0) throw new PhoneConfigParseError('no XML found (expected <device> or <?xml)');
  const headerLines = Buffer.from(bytes.subarray(0, start)).toString('latin1').split('\n').length - 1;
  const xml = Buffer.from(bytes.subarray(start)).toString('utf8');
  if (!fragment) {
    const v = fastXml().XMLValidator.validate(xml);
    if (v === true) {
      try {
        return { parsed: parsePhoneConfig(bytes) };
      } catch {
        // Valid XML without <device>: read tolerantly below.
      }
    }
  }
  const t = tolerantRead(xml, headerLines);
  const parsed: ParsedPhoneConfig = { ...t, signedHeaderBytes: start };
  if (fragment) return { parsed, fragment: true };
  const v = fastXml().XMLValidator.validate(xml);
  const problem =
    v === true
      ? { message: 'no <device> element' }
      : { message: `invalid XML: ${v.err.msg.replace(/\.$/, '')}`, line: headerLines + v.err.line };
  return { parsed, problem };
}

interface Leaf {
  value: string;
  line: number;
}

/**
 * A forgiving, linear scan of XML: comments skipped, each element's first line, and each leaf
 * element's text with the names of the elements open around it. A close tag closes up to the
 * nearest open element of its name (and is ignored when none is open), so one slipped tag does
 * not hide the rest of the file.
 */
function tolerantRead(xml: string, headerLines: number): Omit<ParsedPhoneConfig, 'signedHeaderBytes'> {
  const lines: Record<string, number> = {};
  const stack: string[] = [];
  const open = new Map<string, number>();
  let vpnDepth = -1;
  let vpnSeen = false;
  let inVpn = false;
  const g: Record<string, Leaf> = {};
  let deviceProtocol: string | undefined;
  let modelName: string | undefined;
  let loadInformation: string | undefined;
  let line = headerLines + 1;
  let i = 0;
  let last: { name: string; textFrom: number } | undefined;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (xml.charCodeAt(k) === 10) line++;
    i = to;
  };
  const pop = () => {
    const n = stack.pop();
    if (n === undefined) return;
    open.set(n, (open.get(n) ?? 1) - 1);
    if (inVpn && stack.length <= vpnDepth) inVpn = false;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    advance(lt);
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      advance(end < 0 ? xml.length : end + 3);
      last = undefined;
      continue;
    }
    const gt = xml.indexOf('>', lt + 1);
    if (gt < 0) break;
    const tagLine = line;
    const inner = xml.slice(lt + 1, gt);
    advance(gt + 1);
    if (inner.startsWith('?') || inner.startsWith('!')) continue;
    const closing = inner.startsWith('/');
    const name = /^\/?\s*([A-Za-z_][\w.-]*)/.exec(inner)?.[1];
    if (!name) continue;
    if (closing) {
      if (last && last.name === name) {
        const value = xml.slice(last.textFrom, lt).trim();
        if (inVpn && g[name] === undefined) g[name] = { value, line: lines[name] ?? tagLine };
        if (name === 'deviceProtocol' && deviceProtocol === undefined && !inVpn) deviceProtocol = value;
        if (name === 'modelName' && modelName === undefined && !inVpn && value !== '') modelName = value;
        if (name === 'loadInformation' && loadInformation === undefined && !inVpn && value !== '')
          loadInformation = value;
      }
      last = undefined;
      if ((open.get(name) ?? 0) > 0) {
        while (stack.length > 0 && stack[stack.length - 1] !== name) pop();
        pop();
      }
      continue;
    }
    if (lines[name] === undefined) lines[name] = tagLine;
    if (inner.endsWith('/')) {
      last = undefined;
      continue;
    }
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (name === 'vpnGroup' && !vpnSeen) {
      vpnSeen = true;
      inVpn = true;
      vpnDepth = stack.length - 1;
    }
    last = { name, textFrom: gt + 1 };
  }
  const values = Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.value]));
  return {
    vpn: vpnSeen ? vpnFrom(values, values, values) : undefined,
    deviceProtocol,
    modelName,
    loadInformation,
    lines,
  };
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text with each XML comment blanked (line breaks kept, so lines still count): linear, by indexOf. */
export function blankComments(xml: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = xml.indexOf('<!--', i);
    if (open < 0) return out + xml.slice(i);
    const close = xml.indexOf('-->', open + 4);
    const end = close < 0 ? xml.length : close + 3;
    out += xml.slice(i, open) + xml.slice(open, end).replace(/[^\n]/g, ' ');
    i = end;
  }
}

function elementLines(xml: string, bytes: Uint8Array, start: number): Record<string, number> {
  // Lines count from the start of the file, header included; a commented-out element has no line.
  const headerLines = Buffer.from(bytes.subarray(0, start)).toString('latin1').split('\n').length - 1;
  const out: Record<string, number> = {};
  blankComments(xml)
    .split('\n')
    .forEach((line, i) => {
      for (const m of line.matchAll(/<([A-Za-z][\w]*)[\s>]/g)) {
        const tag = m[1];
        if (tag && out[tag] === undefined) out[tag] = headerLines + i + 1;
      }
    });
  return out;
}
