// The phone configuration file SEP<MAC>.cnf.xml: written from the deployment, and read back (also .sgn files).
import { XMLParser } from 'fast-xml-parser';
import { normalizeModelName } from '../model/catalogue.js';
import type { LoadedDeployment } from '../model/load.js';
import type { Phone } from '../model/schema.js';
import { xmlEscape } from './xml.js';

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

const num = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const bool = (v: unknown): boolean | undefined => {
  const n = num(v);
  return n === undefined ? undefined : n !== 0;
};

/** Parses a phone configuration file (plain XML, or .sgn with its binary header). Pure. */
export function parsePhoneConfig(data: Uint8Array | string): ParsedPhoneConfig {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const start = xmlStart(bytes);
  if (start < 0) throw new PhoneConfigParseError('no XML found (expected <device> or <?xml)');
  const xml = Buffer.from(bytes.subarray(start)).toString('utf8');
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true }).parse(xml, true);
  } catch (e) {
    throw new PhoneConfigParseError(`invalid XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const device = doc['device'] as Record<string, unknown> | undefined;
  if (!device || typeof device !== 'object') throw new PhoneConfigParseError('no <device> element');
  const lines = elementLines(xml, bytes, start);
  const g = device['vpnGroup'] as Record<string, unknown> | undefined;
  let vpn: PhoneVpnConfig | undefined;
  if (g && typeof g === 'object') {
    const addresses = (g['addresses'] ?? {}) as Record<string, unknown>;
    const creds = (g['credentials'] ?? {}) as Record<string, unknown>;
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
    vpn = {
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

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function elementLines(xml: string, bytes: Uint8Array, start: number): Record<string, number> {
  // Lines count from the start of the file, header included.
  const headerLines = Buffer.from(bytes.subarray(0, start)).toString('latin1').split('\n').length - 1;
  const out: Record<string, number> = {};
  xml.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/<([A-Za-z][\w]*)[\s>]/g)) {
      const tag = m[1];
      if (tag && out[tag] === undefined) out[tag] = headerLines + i + 1;
    }
  });
  return out;
}
