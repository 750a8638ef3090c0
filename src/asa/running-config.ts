// Typed facts extracted from the generic ASA configuration tree: interfaces, pools, policies, tunnel groups, PKI, ssl.

import { closest } from '../checks/config/util.js';
import { type CertInfo, certInfoFromDer } from '../pki/cert.js';
import {
  GROUP_POLICY,
  GROUP_POLICY_WEBVPN,
  type KnownSubcommands,
  TRUSTPOINT,
  TUNNEL_GROUP_GENERAL,
  TUNNEL_GROUP_WEBVPN,
  WEBVPN,
} from './subcommands.js';
import { type ConfigLine, type ConfigTree, countNodes, parseConfigTree, words } from './tree.js';

/** Where a fact comes from: the 1-based line and its exact text. */
export interface Loc {
  line: number;
  text: string;
  /**
   * The input the line is in, when the configuration was merged from several (a capture's sections, files of
   * one ASA); evidence uses it before the configuration's first source.
   */
  source?: string;
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

/**
 * The parts of a running configuration a check may need; a section capture (`show running-config ssl`)
 * holds some of them. `crypto-ca` is trustpoints and certificate chains, `crypto-vpn` the site-to-site
 * side (`crypto map`, `crypto ikev1|ikev2`, `crypto ipsec`, `crypto isakmp`).
 */
export type ConfigPart =
  | 'interface'
  | 'pool'
  | 'group-policy'
  | 'tunnel-group'
  | 'webvpn'
  | 'ssl'
  | 'crypto-ca'
  | 'crypto-vpn';

/** The command that shows each part, for a `notChecked` that says what to collect. */
export const PART_COMMAND: Record<ConfigPart, string> = {
  interface: 'show running-config interface',
  pool: 'show running-config ip local pool',
  'group-policy': 'show running-config group-policy',
  'tunnel-group': 'show running-config tunnel-group',
  webvpn: 'show running-config webvpn',
  ssl: 'show running-config ssl',
  'crypto-ca': 'show running-config crypto ca',
  'crypto-vpn': 'show running-config crypto',
};

/** What of the ASA's configuration was read. */
export interface ConfigCoverage {
  /** A whole running configuration (`: Saved` / `ASA Version` ... `: end`, or `show running-config` with no argument). */
  complete: boolean;
  /** The parts read (for a complete configuration: every part, present or not). */
  parts: Set<ConfigPart>;
  /** The section commands read, as typed (`show running-config ssl`), in order. */
  sections: string[];
}

/** `crypto map` / `crypto ikev1|ikev2` / `crypto ipsec` / `crypto isakmp` lines: the site-to-site side, modeled as lines. */
export interface AsaSiteToSite {
  cryptoMaps: { name: string; iface?: string; loc: Loc }[];
  /** `crypto ikev1 enable outside`, `crypto ikev2 policy 10`, `crypto isakmp ...`. */
  ike: Loc[];
  /** `crypto ipsec ikev1 transform-set ...`, `crypto ipsec ikev2 ipsec-proposal ...`. */
  ipsec: Loc[];
}

/** A sub-command of a modeled block that vpnphone does not know (a typo, or a command it does not model). */
export interface UnknownSubcommand {
  /** The block's command, e.g. `tunnel-group X webvpn-attributes`. */
  block: string;
  loc: Loc;
  /** A known sub-command close to it (probably meant). */
  guess?: string;
}

export interface AsaRunningConfig {
  /** What was read: a complete configuration or sections of one. */
  coverage: ConfigCoverage;
  /** Sources merged into this configuration, in order (the first is `Sourced.source`). */
  sources: string[];
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
  /** Pre-9.3 `ssl encryption des-sha1 aes128-sha1 ...` (8.x, 9.0-9.2): one cipher list for every version. */
  sslEncryption?: Valued<string[]>;
  ipsec: AsaSiteToSite;
  /** Sub-commands of modeled blocks vpnphone does not know (at most 50), reported as unrecognized input. */
  unknownSubcommands: UnknownSubcommand[];
  /** Lines read, and how many commands no extractor models (kept, counted, never an error). */
  lineCount: number;
  commandCount: number;
  unmodeledCount: number;
  /** The first unmodeled top-level commands (at most 50), for `--verbose`-style reporting. */
  unmodeledSample: Loc[];
}

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

/** Every part, for a complete configuration. */
export const ALL_PARTS: readonly ConfigPart[] = Object.keys(PART_COMMAND) as ConfigPart[];

const SITE_TO_SITE_WORDS = new Set(['map', 'dynamic-map', 'ikev1', 'ikev2', 'ipsec', 'isakmp']);

/** The part a top-level command belongs to, if any. */
function partOf(first: string, second: string | undefined): ConfigPart | undefined {
  switch (first) {
    case 'interface':
      return 'interface';
    case 'ip':
      return second === 'local' ? 'pool' : undefined;
    case 'group-policy':
      return 'group-policy';
    case 'tunnel-group':
      return 'tunnel-group';
    case 'webvpn':
      return 'webvpn';
    case 'ssl':
      return 'ssl';
    case 'crypto':
      if (second === 'ca') return 'crypto-ca';
      return second !== undefined && SITE_TO_SITE_WORDS.has(second) ? 'crypto-vpn' : undefined;
    default:
      return undefined;
  }
}

/** What a tree holds: its parts, the top-level families, and whether it carries a running configuration's header or end. */
export interface TreeShape {
  parts: Set<ConfigPart>;
  /** Distinct first words of top-level commands (at most a few counted). */
  families: number;
  hostname: string | undefined;
  hasInterface: boolean;
  header: boolean;
}

export function treeShape(tree: ConfigTree): TreeShape {
  const parts = new Set<ConfigPart>();
  const families = new Set<string>();
  let hostname: string | undefined;
  let header = tree.comments.some((c) => /^: (?:Saved|end)\b/.test(c.text));
  for (const n of tree.roots) {
    const sp = n.text.indexOf(' ');
    const first = sp < 0 ? n.text : n.text.slice(0, sp);
    if (families.size < 8) families.add(first);
    if (!MODELED_FIRST_WORDS.has(first)) continue;
    // The second word by hand: most modeled lines need no full tokenizing here (the builder does it once).
    const after = sp < 0 ? '' : n.text.slice(sp + 1).trimStart();
    const sp2 = after.indexOf(' ');
    const second = after === '' ? undefined : sp2 < 0 ? after : after.slice(0, sp2);
    if (first === 'hostname' && second) hostname ??= words(n.text)[1];
    if (first === 'ASA' && second === 'Version') header = true;
    const p = partOf(first, second);
    if (p) parts.add(p);
  }
  return { parts, families: families.size, hostname, hasInterface: parts.has('interface'), header };
}

/**
 * Whether a file read without any prompt is a whole running configuration: its header (`: Saved`,
 * `ASA Version`) or `: end`, or a `hostname` or interfaces among several kinds of commands (a section
 * output such as `show running-config tunnel-group` has one kind, and never a hostname).
 */
export function looksComplete(shape: TreeShape): boolean {
  return shape.header || ((shape.hostname !== undefined || shape.hasInterface) && shape.families >= 2);
}

/**
 * What a `show running-config ARG` section holds: everything without an argument (or `all`), the part
 * its argument names, nothing for a named object (`tunnel-group X` shows one of them) or a filter (`| include`).
 */
export function sectionCoverage(canonical: string): { complete: boolean; parts: ConfigPart[] } {
  const arg = canonical
    .replace(/^show running-config\s*/, '')
    .replace(/^all\b\s*/, '')
    .trim();
  if (arg === '') return { complete: true, parts: [] };
  if (arg.startsWith('|')) return { complete: false, parts: [] };
  const w = arg.split(/\s+/);
  const [a = '', b] = w;
  const single = (p: ConfigPart): { complete: false; parts: ConfigPart[] } => ({
    complete: false,
    parts: w.length === 1 ? [p] : [],
  });
  if (a === 'ip') return { complete: false, parts: b === undefined || b === 'local' ? ['pool'] : [] };
  if (a === 'interface' || a === 'nameif') return single('interface');
  if (a === 'group-policy' || a === 'tunnel-group' || a === 'webvpn' || a === 'ssl')
    return single(a === 'ssl' ? 'ssl' : a);
  if (a === 'crypto') {
    if (b === undefined) return { complete: false, parts: ['crypto-ca', 'crypto-vpn'] };
    if (b === 'ca') return { complete: false, parts: w.length <= 3 ? ['crypto-ca'] : [] };
    return { complete: false, parts: SITE_TO_SITE_WORDS.has(b) ? ['crypto-vpn'] : [] };
  }
  return { complete: false, parts: [] };
}

/** Old `ssl encryption` names (8.x, 9.0-9.2) as OpenSSL cipher names. */
export const SSL_ENCRYPTION_CIPHERS: Record<string, string> = {
  'des-sha1': 'DES-CBC-SHA',
  '3des-sha1': 'DES-CBC3-SHA',
  'rc4-md5': 'RC4-MD5',
  'rc4-sha1': 'RC4-SHA',
  'aes128-sha1': 'AES128-SHA',
  'aes256-sha1': 'AES256-SHA',
  'dhe-aes128-sha1': 'DHE-RSA-AES128-SHA',
  'dhe-aes256-sha1': 'DHE-RSA-AES256-SHA',
  'null-sha1': 'NULL-SHA',
};

/** How a part of the configuration was read: the whole configuration, or a section with the parts it shows. */
export interface PartOptions {
  /** The input it is in: set on every fact's `Loc`, so evidence names the right file when parts are merged. */
  source?: string;
  complete: boolean;
  /** The parts a section shows (by its command); undefined: the parts it holds. */
  parts?: readonly ConfigPart[];
  /** The section's command as typed. */
  command?: string;
}

function emptyConfig(): AsaRunningConfig {
  return {
    coverage: { complete: false, parts: new Set(), sections: [] },
    sources: [],
    interfaces: [],
    pools: [],
    groupPolicies: [],
    tunnelGroups: [],
    webvpn: { enables: [] },
    trustpoints: [],
    certificateChains: [],
    sslTrustPoints: [],
    sslCiphers: [],
    ipsec: { cryptoMaps: [], ike: [], ipsec: [] },
    unknownSubcommands: [],
    lineCount: 0,
    commandCount: 0,
    unmodeledCount: 0,
    unmodeledSample: [],
  };
}

/**
 * Builds one ASA's typed facts from one or more parts (a whole configuration, or the sections of a
 * capture), in the order given: a group policy or tunnel group met in two parts is one object, and
 * every `Loc` keeps its own line number (and source).
 */
export class RunningConfigBuilder {
  readonly cfg: AsaRunningConfig = emptyConfig();
  private readonly gpIndex = new Map<string, AsaGroupPolicy>();
  private readonly tgIndex = new Map<string, AsaTunnelGroup>();
  private readonly tpIndex = new Map<string, AsaTrustpoint>();
  private source: string | undefined;

  /** Each unknown word's closest known one, worked out once per list (a configuration repeats its lines). */
  private readonly guesses = new Map<KnownSubcommands, Map<string, string | undefined>>();

  private guessOf(first: string, list: KnownSubcommands): string | undefined {
    let seen = this.guesses.get(list);
    if (!seen) {
      seen = new Map();
      this.guesses.set(list, seen);
    }
    if (seen.has(first)) return seen.get(first);
    // Past this many different unknown words the configuration is no one's typing: no more guesses.
    if (seen.size >= 512) return undefined;
    const guess = closest(first, [...list.words]);
    seen.set(first, guess);
    return guess;
  }

  private loc(n: ConfigLine): Loc {
    return this.source !== undefined
      ? { line: n.line, text: n.text, source: this.source }
      : { line: n.line, text: n.text };
  }

  private unmodeled(n: ConfigLine): void {
    this.cfg.unmodeledCount++;
    if (this.cfg.unmodeledSample.length < 50) this.cfg.unmodeledSample.push(this.loc(n));
  }

  /** Children an extractor did not use are counted as unmodeled; under a block with a known list, unknown ones are recorded. */
  private rest(
    block: ConfigLine,
    children: readonly ConfigLine[],
    used?: Set<ConfigLine>,
    list?: KnownSubcommands,
  ) {
    for (const c of children) {
      if (used?.has(c)) continue;
      this.cfg.unmodeledCount += countNodes([c]);
      if (list) this.checkKnown(block, c, list);
    }
  }

  private checkKnown(block: ConfigLine, c: ConfigLine, list: KnownSubcommands): void {
    const w = words(c.text);
    const first = (w[0] === 'no' ? w[1] : w[0]) ?? '';
    if (first === '' || list.words.has(first) || this.cfg.unknownSubcommands.length >= 50) return;
    const guess = this.guessOf(first, list);
    if (list.report === 'typos' && guess === undefined) return;
    this.cfg.unknownSubcommands.push({
      block: block.text,
      loc: this.loc(c),
      ...(guess !== undefined ? { guess } : {}),
    });
  }

  /** Adds a part: its facts, what it covers, and its source. */
  add(tree: ConfigTree, opts: PartOptions): this {
    const cfg = this.cfg;
    this.source = opts.source;
    if (opts.source !== undefined && !cfg.sources.includes(opts.source)) cfg.sources.push(opts.source);
    if (opts.complete) {
      cfg.coverage.complete = true;
      for (const p of ALL_PARTS) cfg.coverage.parts.add(p);
    } else {
      for (const p of opts.parts ?? treeShape(tree).parts) cfg.coverage.parts.add(p);
      if (opts.command !== undefined) cfg.coverage.sections.push(opts.command);
    }
    cfg.lineCount += tree.lineCount;
    cfg.commandCount += tree.nodeCount;
    for (const n of tree.roots) this.root(n);
    return this;
  }

  private readonly locOf = (x: ConfigLine): Loc => this.loc(x);

  private root(n: ConfigLine): void {
    const cfg = this.cfg;
    const loc = this.locOf;
    // Most lines of a large configuration (access-list, object, route, ...) are not modeled: skip tokenizing them.
    const sp = n.text.indexOf(' ');
    if (!MODELED_FIRST_WORDS.has(sp < 0 ? n.text : n.text.slice(0, sp))) {
      this.unmodeled(n);
      this.rest(n, n.children);
      return;
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
      this.rest(n, n.children, used);
      cfg.interfaces.push(itf);
    } else if (a === 'ip' && b === 'local' && c === 'pool' && d) {
      const range = w[4] ?? '';
      const [first = '', last = ''] = range.split('-');
      const mi = w.indexOf('mask');
      cfg.pools.push({ name: d, first, last, mask: mi > 0 ? w[mi + 1] : undefined, loc: loc(n) });
    } else if (a === 'group-policy' && b && (c === 'internal' || c === 'attributes' || c === 'external')) {
      const gp = getOrAdd<AsaGroupPolicy>(cfg.groupPolicies, this.gpIndex, b, () => ({ name: b }));
      if (c === 'internal' || c === 'external') gp.internal = loc(n);
      else {
        gp.attributes = loc(n);
        this.groupPolicyAttributes(gp, n);
      }
    } else if (a === 'tunnel-group' && b && c) {
      const tg = getOrAdd(cfg.tunnelGroups, this.tgIndex, b, () => ({
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
        this.rest(n, n.children, used, TUNNEL_GROUP_GENERAL);
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
        this.rest(n, n.children, used, TUNNEL_GROUP_WEBVPN);
      } else {
        this.unmodeled(n);
        this.rest(n, n.children);
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
      this.rest(n, n.children, used, WEBVPN);
    } else if (a === 'crypto' && b === 'ca' && c === 'trustpoint' && d) {
      const tp = getOrAdd<AsaTrustpoint>(cfg.trustpoints, this.tpIndex, d, () => ({ name: d, loc: loc(n) }));
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
      this.rest(n, n.children, used, TRUSTPOINT);
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
    } else if (a === 'crypto' && (b === 'map' || b === 'dynamic-map') && c) {
      // `crypto map NAME SEQ ...` or `crypto map NAME interface IFACE`.
      cfg.ipsec.cryptoMaps.push({
        name: c,
        ...(d === 'interface' && w[4] ? { iface: w[4] } : {}),
        loc: loc(n),
      });
    } else if (a === 'crypto' && (b === 'ikev1' || b === 'ikev2' || b === 'isakmp')) {
      cfg.ipsec.ike.push(loc(n));
    } else if (a === 'crypto' && b === 'ipsec') {
      cfg.ipsec.ipsec.push(loc(n));
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
    } else if (a === 'ssl' && b === 'encryption' && c) {
      cfg.sslEncryption = { value: w.slice(2), loc: loc(n) };
    } else if (a === 'ssl' && b === 'server-version' && c) {
      cfg.sslServerVersion = { value: c, loc: loc(n) };
    } else if (a === 'ssl' && b === 'server-min-version' && c) {
      cfg.sslServerMinVersion = { value: c, loc: loc(n) };
    } else {
      this.unmodeled(n);
      this.rest(n, n.children);
    }
  }

  private groupPolicyAttributes(gp: AsaGroupPolicy, n: ConfigLine): void {
    const used = new Set<ConfigLine>();
    for (const ch of n.children) {
      const cw = words(ch.text);
      // Read for split-tunnel-not-tunnelall, and still listed among the lines kept as they are.
      if (cw[0] === 'split-tunnel-policy' && cw[1] !== undefined) {
        gp.splitTunnelPolicy = { value: cw[1], loc: this.loc(ch) };
        continue;
      }
      if (cw[0] === 'vpn-tunnel-protocol') gp.vpnTunnelProtocol = { value: cw.slice(1), loc: this.loc(ch) };
      else if (cw[0] === 'address-pools' && cw[1] === 'value')
        gp.addressPools = { value: cw.slice(2), loc: this.loc(ch) };
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
            gp.anyconnectDtls = { value: gw[3], loc: this.loc(g) };
            inner.add(g);
          }
        }
        this.rest(ch, ch.children, inner, GROUP_POLICY_WEBVPN);
      } else continue;
      used.add(ch);
    }
    this.rest(n, n.children, used, GROUP_POLICY);
  }
}

/** Parses an ASA running configuration (or `more system:running-config`) into typed facts. Pure, never throws. */
export function parseRunningConfig(text: string, opts: { lineOffset?: number } = {}): AsaRunningConfig {
  return extractRunningConfig(parseConfigTree(text, opts));
}

/** One tree's facts; whether it is complete is told from its content (`looksComplete`). */
export function extractRunningConfig(tree: ConfigTree): AsaRunningConfig {
  return new RunningConfigBuilder().add(tree, { complete: looksComplete(treeShape(tree)) }).cfg;
}

/**
 * Whether the configuration is a remote-access SSL VPN headend at all: a `webvpn` block, a
 * remote-access tunnel group (or one with webvpn attributes) or an `ssl trust-point`.
 */
export function hasVpnHeadend(cfg: AsaRunningConfig): boolean {
  return (
    cfg.webvpn.loc !== undefined ||
    cfg.sslTrustPoints.length > 0 ||
    cfg.tunnelGroups.some((tg) => tg.type?.value === 'remote-access' || tg.webvpnAttributes !== undefined)
  );
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
