// Reads CUCM AXL responses (getVpnGateway, listVpnGateway, getVpnGroup, getVpnProfile, getCommonPhoneConfig,
// listPhone; AXL 10.5 to 15) into the facts the audit compares.
import { splitLines } from '../asa/tree.js';
import { readAxlXml } from './axl-xml.js';

export interface AxlLoc {
  line: number;
  text: string;
}

export interface AxlVpnGateway {
  name: string;
  url: string | undefined;
  certificateCount: number;
  /** Serial numbers of the gateway's certificates (upper-case hex, leading zeros removed). */
  certificateSerials: string[];
  uuid?: string;
  loc: AxlLoc;
}

export interface AxlVpnProfile {
  name: string;
  mtu: number | undefined;
  failToConnect: number | undefined;
  /** certificate | user-password | password-only, from AXL's text. */
  clientAuthentication: 'certificate' | 'user-password' | 'password-only' | undefined;
  hostIdCheck: boolean | undefined;
  autoNetworkDetect: boolean | undefined;
  uuid?: string;
  loc: AxlLoc;
}

export interface AxlVpnGroup {
  name: string;
  /** Gateway names by priority. */
  gateways: string[];
  uuid?: string;
  loc: AxlLoc;
}

/** getCommonPhoneConfig: the VPN group and profile a common phone profile gives its phones. */
export interface AxlCommonPhoneConfig {
  name: string;
  vpnGroup: string | undefined;
  vpnProfile: string | undefined;
  uuid?: string;
  loc: AxlLoc;
}

/** listPhone / getPhone: a device, its model (`Cisco 8861`) and load (`sip88xx.14-1-1-0001-136`). */
export interface AxlPhone {
  name: string;
  model: string | undefined;
  commonPhoneConfig: string | undefined;
  loadInformation: string | undefined;
  uuid?: string;
  loc: AxlLoc;
}

export interface AxlFacts {
  gateways: AxlVpnGateway[];
  profiles: AxlVpnProfile[];
  groups: AxlVpnGroup[];
  commonPhoneConfigs: AxlCommonPhoneConfig[];
  phones: AxlPhone[];
}

/** An element's text: a string, or `#text` of an element with attributes (`<vpnGatewayName uuid="…">vpn1</…>`). */
const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const t = (v as Record<string, unknown>)['#text'];
    return typeof t === 'string' || typeof t === 'number' ? String(t) : '';
  }
  return undefined;
};
const num = (v: unknown): number | undefined => {
  const s = str(v);
  const n = s === undefined || s.trim() === '' ? Number.NaN : Number(s);
  return Number.isFinite(n) ? n : undefined;
};
const bool = (v: unknown): boolean | undefined => {
  const s = str(v)?.toLowerCase();
  return s === 'true' || s === 't' || s === '1'
    ? true
    : s === 'false' || s === 'f' || s === '0'
      ? false
      : undefined;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
const objects = (v: unknown): Record<string, unknown>[] =>
  list(v).filter(
    (x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x),
  );

function authOf(v: unknown): AxlVpnProfile['clientAuthentication'] {
  const s = (str(v) ?? '').toLowerCase();
  if (s === '') return undefined;
  if (s.includes('cert') || s === '2') return 'certificate';
  if (s.includes('only') || s === '1') return 'password-only';
  if (s.includes('user') || s === '0') return 'user-password';
  return undefined;
}

/** A certificate serial as hex without separators or leading zeros, upper case (AXL and X.509 spell it differently). */
export function normalizeSerial(s: string): string {
  return s
    .replace(/[^0-9a-fA-F]/g, '')
    .replace(/^0+(?=.)/, '')
    .toUpperCase();
}

/** [A-Za-z0-9_:.-], the characters of an element name as the line index reads them. */
const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;

/**
 * Finds the first line holding `>value<` (an element's whole text) or `<tag`, from an index built
 * in one pass: searching the lines once per object made 16,000 gateways cost 16,000 x 16,000 scans.
 */
function lineFinder(text: string): (needle: string | undefined, fallbackTag: string) => AxlLoc {
  const lines = splitLines(text);
  const firstText = new Map<string, number>();
  const firstTag = new Map<string, number>();
  lines.forEach((l, i) => {
    // One pass per line: `>value<` is the text between a `>` and the next `<` with neither inside.
    let gt = -1;
    for (let c = 0; c < l.length; c++) {
      const ch = l.charCodeAt(c);
      if (ch === 62) gt = c;
      else if (ch === 60) {
        if (gt >= 0) {
          const value = l.slice(gt + 1, c);
          if (!firstText.has(value)) firstText.set(value, i);
        }
        gt = -1;
        let e = c + 1;
        while (e < l.length && e - c <= 100 && isNameChar(l.charCodeAt(e))) e++;
        const tag = l.slice(c + 1, e);
        if (tag !== '' && !firstTag.has(tag)) firstTag.set(tag, i);
      }
    }
  });
  const loc = (i: number): AxlLoc => ({ line: i + 1, text: (lines[i] ?? '').trim().slice(0, 300) });
  const tagLine = new Map<string, number>();
  const firstLineOfTag = (tag: string): number => {
    let found = tagLine.get(tag);
    if (found === undefined) {
      // As `line.includes('<' + tag)` did: any element whose name starts with the tag.
      found = 0;
      let best = Number.POSITIVE_INFINITY;
      for (const [t, i] of firstTag) if (t.startsWith(tag) && i < best) best = i;
      if (best !== Number.POSITIVE_INFINITY) found = best;
      tagLine.set(tag, found);
    }
    return found;
  };
  return (needle, fallbackTag) => {
    if (needle !== undefined) {
      const i = firstText.get(needle.slice(1, -1));
      if (i !== undefined) return loc(i);
    }
    return loc(firstLineOfTag(fallbackTag));
  };
}

/**
 * Reads the objects the way the AXL schema (10.5 to 15, namespace http://www.cisco.com/AXL/API/<ver>)
 * places them: `get…Response/return/<object uuid>` and `list…Response/return/<object>*`; a request
 * (`addVpnGateway/vpnGateway`) is read alike. A `vpnGateway` inside a group's `vpnGateways` is a
 * member (vpnGatewayName, priority), not a gateway. One walk over the parsed document.
 */
export function parseAxlResponse(text: string): AxlFacts {
  const where = lineFinder(text);
  const empty = (): AxlFacts => ({
    gateways: [],
    profiles: [],
    groups: [],
    commonPhoneConfigs: [],
    phones: [],
  });
  let doc: unknown;
  try {
    doc = readAxlXml(text);
  } catch {
    return empty();
  }
  const out = empty();
  const uuidOf = (o: Record<string, unknown>) => {
    const u = o['@_uuid'];
    return typeof u === 'string' && u !== '' ? { uuid: u } : {};
  };
  const gateway = (g: Record<string, unknown>): AxlVpnGateway => {
    const name = str(g['name'] ?? g['vpnGatewayName']) ?? '';
    const url = str(g['url'] ?? g['vpnGatewayUrl']);
    const certs: Record<string, unknown>[] = [];
    for (const c of objects(g['certificates'] ?? g['vpnGatewayCertificates']))
      certs.push(...objects(c['certificate']));
    const certificateSerials = certs
      .map((c) => normalizeSerial(str(c['serialNumber']) ?? ''))
      .filter((x) => x !== '');
    return {
      name,
      url,
      certificateCount: certs.length,
      certificateSerials,
      ...uuidOf(g),
      loc: where(url ? `>${url}<` : undefined, 'vpnGateway'),
    };
  };
  const profile = (p: Record<string, unknown>): AxlVpnProfile => {
    const name = str(p['name']) ?? '';
    return {
      name,
      mtu: num(p['mtu']),
      failToConnect: num(p['failToConnect']),
      clientAuthentication: authOf(p['clientAuthentication']),
      hostIdCheck: bool(p['enableHostIdCheck']),
      autoNetworkDetect: bool(p['autoNetworkDetection']),
      ...uuidOf(p),
      loc: where(name ? `>${name}<` : undefined, 'vpnProfile'),
    };
  };
  const group = (g: Record<string, unknown>): AxlVpnGroup => {
    const name = str(g['name']) ?? '';
    const members: Record<string, unknown>[] = [];
    // The schema's members are vpnGateways/vpnGateway; `member` is read too (older hand-made answers).
    for (const v of objects(g['vpnGateways']))
      members.push(...objects(v['vpnGateway']), ...objects(v['member']));
    const named = members
      .map((m) => ({ name: str(m['vpnGatewayName']) ?? '', prio: num(m['priority']) ?? 0 }))
      .sort((a, b) => a.prio - b.prio)
      .map((m) => m.name);
    return { name, gateways: named, ...uuidOf(g), loc: where(name ? `>${name}<` : undefined, 'vpnGroup') };
  };
  const common = (c: Record<string, unknown>): AxlCommonPhoneConfig => {
    const name = str(c['name']) ?? '';
    return {
      name,
      vpnGroup: str(c['vpnGroupName']),
      vpnProfile: str(c['vpnProfileName']),
      ...uuidOf(c),
      loc: where(name ? `>${name}<` : undefined, 'commonPhoneConfig'),
    };
  };
  const phone = (p: Record<string, unknown>): AxlPhone => {
    const name = str(p['name']) ?? '';
    return {
      name,
      model: str(p['model']) ?? str(p['product']),
      commonPhoneConfig: str(p['commonPhoneConfigName']),
      loadInformation: str(p['loadInformation']),
      ...uuidOf(p),
      loc: where(name ? `>${name}<` : undefined, 'phone'),
    };
  };
  // An explicit stack: nesting depth is the document's, never the call stack's.
  const stack: { node: unknown; key: string; parent: string }[] = [{ node: doc, key: '', parent: '' }];
  while (stack.length > 0) {
    const { node, key, parent } = stack.pop() as { node: unknown; key: string; parent: string };
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], key, parent });
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const o = node as Record<string, unknown>;
    if (key === 'vpnGateway' && parent !== 'vpnGateways') {
      out.gateways.push(gateway(o));
      continue;
    }
    if (key === 'vpnProfile') {
      out.profiles.push(profile(o));
      continue;
    }
    if (key === 'vpnGroup') {
      out.groups.push(group(o));
      continue;
    }
    if (key === 'commonPhoneConfig') {
      out.commonPhoneConfigs.push(common(o));
      continue;
    }
    if (key === 'phone' && parent === 'return') {
      out.phones.push(phone(o));
      continue;
    }
    const entries = Object.entries(o);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i] as [string, unknown];
      if (!k.startsWith('@_') && k !== '#text') stack.push({ node: v, key: k, parent: key });
    }
  }
  return out;
}
