// Typed facts extracted from the generic ASA configuration tree: interfaces, pools, policies, tunnel groups, PKI, ssl.
import { type CertInfo, certInfoFromDer } from '../pki/cert.js';
import { type ConfigLine, type ConfigTree, countNodes, parseConfigTree, words } from './tree.js';

/** Where a fact comes from: the 1-based line and its exact text. */
export interface Loc {
  line: number;
  text: string;
}

export interface Valued<T> {
  value: T;
  loc: Loc;
}

export interface AsaInterface {
  hardware: string;
  loc: Loc;
  nameif?: Valued<string>;
  address?: Valued<{ ip: string; mask: string }>;
  securityLevel?: number;
  shutdown: boolean;
}

export interface AsaPool {
  name: string;
  first: string;
  last: string;
  mask: string | undefined;
  loc: Loc;
}

export interface AsaGroupPolicy {
  name: string;
  internal?: Loc;
  attributes?: Loc;
  vpnTunnelProtocol?: Valued<string[]>;
  /** `anyconnect ssl dtls none` (or `enable`) under the policy's nested `webvpn`. */
  anyconnectDtls?: Valued<'none' | 'enable'>;
  addressPools?: Valued<string[]>;
  /** `split-tunnel-policy tunnelall|tunnelspecified|excludespecified`. */
  splitTunnelPolicy?: Valued<string>;
}

export interface AsaGroupUrl {
  url: string;
  enabled: boolean;
  loc: Loc;
}

export interface AsaTunnelGroup {
  name: string;
  type?: Valued<string>;
  general?: Loc;
  webvpnAttributes?: Loc;
  addressPools: Valued<string>[];
  defaultGroupPolicy?: Valued<string>;
  authentication?: Valued<string[]>;
  groupUrls: AsaGroupUrl[];
  firstLoc: Loc;
}

export interface AsaTrustpoint {
  name: string;
  loc: Loc;
  enrollment?: Valued<string>;
  subjectName?: Valued<string>;
  fqdn?: Valued<string>;
  keypair?: Valued<string>;
}

export interface AsaChainCertificate {
  /** `ca` for the trustpoint's CA certificate, `identity` for the ASA's own certificate. */
  role: 'ca' | 'identity';
  serial: string;
  loc: Loc;
  info?: CertInfo;
  /** Why the hex could not be decoded, when it could not. */
  error?: string;
}

export interface AsaCertificateChain {
  trustpoint: string;
  loc: Loc;
  certificates: AsaChainCertificate[];
}

export interface AsaSslTrustPoint {
  trustpoint: string;
  /** Interface nameif; undefined means the ASA-wide fallback trustpoint. */
  iface: string | undefined;
  loc: Loc;
}

export interface AsaSslCipher {
  /** `tlsv1`, `tlsv1.1`, `tlsv1.2`, `tlsv1.3`, `dtlsv1`, `dtlsv1.2` or `default`. */
  version: string;
  /** `custom`, `all`, `low`, `medium`, `fips` or `high`. */
  level: string;
  custom: string[] | undefined;
  loc: Loc;
}

export interface AsaRunningConfig {
  hostname?: Valued<string>;
  /** From the `ASA Version 9.12(2)9` line at the top of a running configuration. */
  version?: Valued<string>;
  interfaces: AsaInterface[];
  pools: AsaPool[];
  groupPolicies: AsaGroupPolicy[];
  tunnelGroups: AsaTunnelGroup[];
  webvpn: { loc?: Loc; enables: Valued<string>[]; anyconnectEnable?: Loc };
  trustpoints: AsaTrustpoint[];
  certificateChains: AsaCertificateChain[];
  sslTrustPoints: AsaSslTrustPoint[];
  sslCiphers: AsaSslCipher[];
  sslServerVersion?: Valued<string>;
  sslServerMinVersion?: Valued<string>;
  /** Lines read, and how many commands no extractor models (kept, counted, never an error). */
  lineCount: number;
  commandCount: number;
  unmodeledCount: number;
  /** The first unmodeled top-level commands (at most 50), for `--verbose`-style reporting. */
  unmodeledSample: Loc[];
}

const loc = (n: ConfigLine): Loc => ({ line: n.line, text: n.text });

const MODELED_FIRST_WORDS = new Set([
  'ASA',
  'hostname',
  'interface',
  'ip',
  'group-policy',
  'tunnel-group',
  'webvpn',
  'crypto',
  'ssl',
]);

function getOrAdd<T extends { name: string }>(
  list: T[],
  index: Map<string, T>,
  name: string,
  make: () => T,
): T {
  let v = index.get(name);
  if (!v) {
    v = make();
    list.push(v);
    index.set(name, v);
  }
  return v;
}

/** Decodes the hex dump of a `certificate` block (words of hex digits, `quit` excluded). */
export function decodeHexCertificate(lines: readonly ConfigLine[]): Uint8Array {
  const hex = lines
    .filter((l) => l.text !== 'quit')
    .map((l) => l.text.replace(/\s+/g, ''))
    .join('');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw new Error('not a hex dump');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Parses an ASA running configuration (or `more system:running-config`) into typed facts. Pure, never throws. */
export function parseRunningConfig(text: string, opts: { lineOffset?: number } = {}): AsaRunningConfig {
  return extractRunningConfig(parseConfigTree(text, opts));
}

export function extractRunningConfig(tree: ConfigTree): AsaRunningConfig {
  const cfg: AsaRunningConfig = {
    interfaces: [],
    pools: [],
    groupPolicies: [],
    tunnelGroups: [],
    webvpn: { enables: [] },
    trustpoints: [],
    certificateChains: [],
    sslTrustPoints: [],
    sslCiphers: [],
    lineCount: tree.lineCount,
    commandCount: 0,
    unmodeledCount: 0,
    unmodeledSample: [],
  };
  const gpIndex = new Map<string, AsaGroupPolicy>();
  const tgIndex = new Map<string, AsaTunnelGroup>();
  const tpIndex = new Map<string, AsaTrustpoint>();
  const unmodeled = (n: ConfigLine) => {
    cfg.unmodeledCount++;
    if (cfg.unmodeledSample.length < 50) cfg.unmodeledSample.push(loc(n));
  };
  const countAll = (n: ConfigLine): number => countNodes([n]);
  // Children an extractor did not use are counted as unmodeled, never reported as errors.
  const rest = (children: readonly ConfigLine[], used?: Set<ConfigLine>) => {
    for (const c of children) if (!used?.has(c)) cfg.unmodeledCount += countAll(c);
  };

  cfg.commandCount = tree.nodeCount;
  for (const n of tree.roots) {
    // Most lines of a large configuration (access-list, object, route, ...) are not modeled: skip tokenizing them.
    const sp = n.text.indexOf(' ');
    if (!MODELED_FIRST_WORDS.has(sp < 0 ? n.text : n.text.slice(0, sp))) {
      unmodeled(n);
      rest(n.children);
      continue;
    }
    const w = words(n.text);
    const [a, b, c, d] = w;
    if (a === 'ASA' && b === 'Version' && c) {
      cfg.version = { value: c, loc: loc(n) };
    } else if (a === 'hostname' && b) {
      cfg.hostname = { value: b, loc: loc(n) };
    } else if (a === 'interface' && b) {
      const itf: AsaInterface = { hardware: b, loc: loc(n), shutdown: false };
      const used = new Set<ConfigLine>();
      for (const ch of n.children) {
        const cw = words(ch.text);
        if (cw[0] === 'nameif' && cw[1]) itf.nameif = { value: cw[1], loc: loc(ch) };
        else if (cw[0] === 'ip' && cw[1] === 'address' && cw[2] && cw[3])
          itf.address = { value: { ip: cw[2], mask: cw[3] }, loc: loc(ch) };
        else if (cw[0] === 'security-level' && cw[1]) itf.securityLevel = Number(cw[1]);
        else if (cw[0] === 'shutdown') itf.shutdown = true;
        else continue;
        used.add(ch);
      }
      rest(n.children, used);
      cfg.interfaces.push(itf);
    } else if (a === 'ip' && b === 'local' && c === 'pool' && d) {
      const range = w[4] ?? '';
      const [first = '', last = ''] = range.split('-');
      const mi = w.indexOf('mask');
      cfg.pools.push({ name: d, first, last, mask: mi > 0 ? w[mi + 1] : undefined, loc: loc(n) });
    } else if (a === 'group-policy' && b && (c === 'internal' || c === 'attributes' || c === 'external')) {
      const gp = getOrAdd<AsaGroupPolicy>(cfg.groupPolicies, gpIndex, b, () => ({ name: b }));
      if (c === 'internal' || c === 'external') gp.internal = loc(n);
      else {
        gp.attributes = loc(n);
        extractGroupPolicyAttributes(gp, n, rest);
      }
    } else if (a === 'tunnel-group' && b && c) {
      const tg = getOrAdd(cfg.tunnelGroups, tgIndex, b, () => ({
        name: b,
        addressPools: [],
        groupUrls: [],
        firstLoc: loc(n),
      }));
      if (c === 'type' && d) tg.type = { value: d, loc: loc(n) };
      else if (c === 'general-attributes') {
        tg.general = loc(n);
        const used = new Set<ConfigLine>();
        for (const ch of n.children) {
          const cw = words(ch.text);
          if (cw[0] === 'address-pool') {
            // `address-pool (outside) NAME` names the interface first.
            for (const p of cw.slice(1).filter((x) => !x.startsWith('(')))
              tg.addressPools.push({ value: p, loc: loc(ch) });
          } else if (cw[0] === 'default-group-policy' && cw[1])
            tg.defaultGroupPolicy = { value: cw[1], loc: loc(ch) };
          else continue;
          used.add(ch);
        }
        rest(n.children, used);
      } else if (c === 'webvpn-attributes') {
        tg.webvpnAttributes = loc(n);
        const used = new Set<ConfigLine>();
        for (const ch of n.children) {
          const cw = words(ch.text);
          if (cw[0] === 'authentication' && cw.length > 1)
            tg.authentication = { value: cw.slice(1), loc: loc(ch) };
          else if (cw[0] === 'group-url' && cw[1])
            tg.groupUrls.push({ url: cw[1], enabled: cw[2] === 'enable', loc: loc(ch) });
          else continue;
          used.add(ch);
        }
        rest(n.children, used);
      } else {
        unmodeled(n);
        rest(n.children);
      }
    } else if (a === 'webvpn' && w.length === 1) {
      cfg.webvpn.loc = loc(n);
      const used = new Set<ConfigLine>();
      for (const ch of n.children) {
        const cw = words(ch.text);
        if (cw[0] === 'enable' && cw[1]) cfg.webvpn.enables.push({ value: cw[1], loc: loc(ch) });
        else if (cw[0] === 'anyconnect' && cw[1] === 'enable') cfg.webvpn.anyconnectEnable = loc(ch);
        else continue;
        used.add(ch);
      }
      rest(n.children, used);
    } else if (a === 'crypto' && b === 'ca' && c === 'trustpoint' && d) {
      const tp = getOrAdd<AsaTrustpoint>(cfg.trustpoints, tpIndex, d, () => ({ name: d, loc: loc(n) }));
      const used = new Set<ConfigLine>();
      for (const ch of n.children) {
        const cw = words(ch.text);
        const v = { loc: loc(ch) };
        if (cw[0] === 'enrollment' && cw[1]) tp.enrollment = { value: cw.slice(1).join(' '), ...v };
        else if (cw[0] === 'subject-name' && cw[1])
          tp.subjectName = { value: ch.text.slice('subject-name'.length).trim(), ...v };
        else if (cw[0] === 'fqdn' && cw[1]) tp.fqdn = { value: cw[1], ...v };
        else if (cw[0] === 'keypair' && cw[1]) tp.keypair = { value: cw[1], ...v };
        else continue;
        used.add(ch);
      }
      rest(n.children, used);
    } else if (a === 'crypto' && b === 'ca' && c === 'certificate' && d === 'chain' && w[4]) {
      const chain: AsaCertificateChain = { trustpoint: w[4], loc: loc(n), certificates: [] };
      for (const ch of n.children) {
        const cw = words(ch.text);
        if (cw[0] !== 'certificate') continue;
        const role = cw[1] === 'ca' ? 'ca' : 'identity';
        const serial = (role === 'ca' ? cw[2] : cw[1]) ?? '';
        const cert: AsaChainCertificate = { role, serial, loc: loc(ch) };
        try {
          cert.info = certInfoFromDer(decodeHexCertificate(ch.children));
        } catch (e) {
          cert.error = (e as Error).message;
        }
        chain.certificates.push(cert);
      }
      cfg.certificateChains.push(chain);
    } else if (a === 'ssl' && b === 'trust-point' && c) {
      // `ssl trust-point NAME [IFACE]`; `ssl trust-point NAME IFACE vpnlb-ip` is a variant.
      cfg.sslTrustPoints.push({ trustpoint: c, iface: d, loc: loc(n) });
    } else if (a === 'ssl' && b === 'cipher' && c && d) {
      cfg.sslCiphers.push({
        version: c,
        level: d,
        custom: d === 'custom' ? (w[4] ?? '').split(':').filter((x) => x !== '') : undefined,
        loc: loc(n),
      });
    } else if (a === 'ssl' && b === 'server-version' && c) {
      cfg.sslServerVersion = { value: c, loc: loc(n) };
    } else if (a === 'ssl' && b === 'server-min-version' && c) {
      cfg.sslServerMinVersion = { value: c, loc: loc(n) };
    } else {
      unmodeled(n);
      rest(n.children);
    }
  }
  return cfg;
}

function extractGroupPolicyAttributes(
  gp: AsaGroupPolicy,
  n: ConfigLine,
  rest: (children: readonly ConfigLine[], used?: Set<ConfigLine>) => void,
): void {
  const used = new Set<ConfigLine>();
  for (const ch of n.children) {
    const cw = words(ch.text);
    // Read for split-tunnel-not-tunnelall, and still listed among the lines kept as they are.
    if (cw[0] === 'split-tunnel-policy' && cw[1] !== undefined) {
      gp.splitTunnelPolicy = { value: cw[1], loc: loc(ch) };
      continue;
    }
    if (cw[0] === 'vpn-tunnel-protocol') gp.vpnTunnelProtocol = { value: cw.slice(1), loc: loc(ch) };
    else if (cw[0] === 'address-pools' && cw[1] === 'value')
      gp.addressPools = { value: cw.slice(2), loc: loc(ch) };
    else if (cw[0] === 'webvpn') {
      const inner = new Set<ConfigLine>();
      for (const g of ch.children) {
        const gw = words(g.text);
        if (
          gw[0] === 'anyconnect' &&
          gw[1] === 'ssl' &&
          gw[2] === 'dtls' &&
          (gw[3] === 'none' || gw[3] === 'enable')
        ) {
          gp.anyconnectDtls = { value: gw[3], loc: loc(g) };
          inner.add(g);
        }
      }
      rest(ch.children, inner);
    } else continue;
    used.add(ch);
  }
  rest(n.children, used);
}

/** The implicit default group policy every ASA has. */
export const DEFAULT_GROUP_POLICY = 'DfltGrpPolicy';

/**
 * A group policy's effective attributes: its own, else inherited from DfltGrpPolicy (where the
 * ASA keeps the defaults). `from` says which policy each value came from.
 */
export function effectiveGroupPolicy(
  cfg: AsaRunningConfig,
  name: string,
): {
  vpnTunnelProtocol?: Valued<string[]> & { from: string };
  anyconnectDtls?: Valued<'none' | 'enable'> & { from: string };
} {
  const own = cfg.groupPolicies.find((g) => g.name === name);
  const dflt = cfg.groupPolicies.find((g) => g.name === DEFAULT_GROUP_POLICY);
  const out: ReturnType<typeof effectiveGroupPolicy> = {};
  const vtp = own?.vpnTunnelProtocol
    ? { ...own.vpnTunnelProtocol, from: name }
    : dflt?.vpnTunnelProtocol
      ? { ...dflt.vpnTunnelProtocol, from: DEFAULT_GROUP_POLICY }
      : undefined;
  if (vtp) out.vpnTunnelProtocol = vtp;
  const dtls = own?.anyconnectDtls
    ? { ...own.anyconnectDtls, from: name }
    : dflt?.anyconnectDtls
      ? { ...dflt.anyconnectDtls, from: DEFAULT_GROUP_POLICY }
      : undefined;
  if (dtls) out.anyconnectDtls = dtls;
  return out;
}

/** The group policy a tunnel group uses (DfltGrpPolicy when it names none). */
export function tunnelGroupPolicy(tg: AsaTunnelGroup): string {
  return tg.defaultGroupPolicy?.value ?? DEFAULT_GROUP_POLICY;
}

/** ASA software version `9.12(2)9` as comparable numbers [9, 12, 2, 9]. */
export function asaVersionParts(v: string): number[] {
  return (v.match(/\d+/g) ?? []).map(Number);
}

export function asaVersionAtLeast(v: string, min: readonly number[]): boolean {
  const p = asaVersionParts(v);
  for (let i = 0; i < min.length; i++) {
    const a = p[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
