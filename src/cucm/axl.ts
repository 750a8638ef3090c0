// Reads CUCM AXL responses (getVpnGateway, getVpnProfile, getVpnGroup) into the facts the audit compares.
import { XMLParser } from 'fast-xml-parser';
import { splitLines } from '../asa/tree.js';

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
  loc: AxlLoc;
}

export interface AxlVpnGroup {
  name: string;
  /** Gateway names by priority. */
  gateways: string[];
  loc: AxlLoc;
}

export interface AxlFacts {
  gateways: AxlVpnGateway[];
  profiles: AxlVpnProfile[];
  groups: AxlVpnGroup[];
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
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

/** Finds every object of the given tag anywhere in the parsed document. */
function collect(node: unknown, tag: string, out: Record<string, unknown>[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, tag, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === tag)
      for (const x of list(v)) if (x && typeof x === 'object') out.push(x as Record<string, unknown>);
    collect(v, tag, out);
  }
}

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
        while (e < l.length && e - c <= 100 && /[\w:.-]/.test(l.charAt(e))) e++;
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

/** Parses an AXL SOAP response. Pure; returns empty facts for XML that holds none of the objects. */
export function parseAxlResponse(text: string): AxlFacts {
  const where = lineFinder(text);
  let doc: unknown;
  try {
    doc = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false }).parse(text);
  } catch {
    return { gateways: [], profiles: [], groups: [] };
  }
  const gws: Record<string, unknown>[] = [];
  const pfs: Record<string, unknown>[] = [];
  const grs: Record<string, unknown>[] = [];
  collect(doc, 'vpnGateway', gws);
  collect(doc, 'vpnProfile', pfs);
  collect(doc, 'vpnGroup', grs);
  const gateways = gws.map((g) => {
    const name = str(g['name'] ?? g['vpnGatewayName']) ?? '';
    const url = str(g['url'] ?? g['vpnGatewayUrl']);
    const certs: Record<string, unknown>[] = [];
    collect(g['certificates'] ?? g['vpnGatewayCertificates'], 'certificate', certs);
    const certificateSerials = certs
      .map((c) => normalizeSerial(str(c['serialNumber']) ?? ''))
      .filter((x) => x !== '');
    return {
      name,
      url,
      certificateCount: certs.length,
      certificateSerials,
      loc: where(url ? `>${url}<` : undefined, 'vpnGateway'),
    };
  });
  const profiles = pfs.map((p) => {
    const name = str(p['name']) ?? '';
    return {
      name,
      mtu: num(p['mtu']),
      failToConnect: num(p['failToConnect']),
      clientAuthentication: authOf(p['clientAuthentication']),
      hostIdCheck: bool(p['enableHostIdCheck']),
      autoNetworkDetect: bool(p['autoNetworkDetection']),
      loc: where(name ? `>${name}<` : undefined, 'vpnProfile'),
    };
  });
  const groups = grs.map((g) => {
    const name = str(g['name']) ?? '';
    const members: Record<string, unknown>[] = [];
    collect(g['vpnGateways'], 'member', members);
    const named = members
      .map((m) => ({ name: str(m['vpnGatewayName']) ?? '', prio: num(m['priority']) ?? 0 }))
      .sort((a, b) => a.prio - b.prio)
      .map((m) => m.name);
    return { name, gateways: named, loc: where(name ? `>${name}<` : undefined, 'vpnGroup') };
  });
  return { gateways, profiles, groups };
}
