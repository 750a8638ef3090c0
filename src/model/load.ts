// Parses deployment.yaml text into a validated Deployment, with one problem per mistake naming line and column.
import { isIPv4 } from 'node:net';
import type { Alias, LineCounter, Node, parseDocument } from 'yaml';
import { lazyPackage } from '../lazy.js';
import { type CertInfo, readCertificates } from '../pki/cert.js';
import { phoneModel } from './catalogue.js';
import { gatewaysOf, headendNames, headendPath, normalizeDeployment } from './headends.js';
import { ipv4ToInt } from './ipv4.js';
import type { Deployment, Headend } from './schema.js';
import { schemas } from './schema.js';
import {
  MAX_UNKNOWN_KEYS,
  MAX_YAML_ALIASES,
  MAX_YAML_BYTES,
  MAX_YAML_DEPTH,
  MAX_YAML_ENTRIES,
  yamlDepthExcess,
  yamlEntriesExcess,
} from './yaml-limits.js';

/** The YAML parser, loaded when a deployment is first read. */
const yaml = lazyPackage<typeof import('yaml')>('yaml');

export interface ModelProblem {
  source: string;
  line: number;
  column: number;
  /** Dotted path of the offending value, e.g. `headend.tunnelGroup.addressPool`. */
  path: string;
  message: string;
}

/** A deployment with its certificate files read: `certs` maps each file path as written to its certificates. */
export interface LoadedDeployment {
  deployment: Deployment;
  certs: ReadonlyMap<string, CertInfo[]>;
  /** What is worth saying but blocks nothing: a phone model the catalogue does not hold. */
  warnings?: ModelProblem[];
}

export type ParseResult =
  | { ok: true; deployment: Deployment; warnings: ModelProblem[] }
  | { ok: false; problems: ModelProblem[] };
export type LoadResult = ({ ok: true } & LoadedDeployment) | { ok: false; problems: ModelProblem[] };

/** Reads a file named in the deployment (relative paths are the caller's to resolve); throws when unreadable. */
export type FileReader = (path: string) => Uint8Array;

export function formatProblem(p: ModelProblem): string {
  return `${p.source}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

type Path = readonly (string | number)[];

class Locator {
  constructor(
    private readonly doc: ReturnType<typeof parseDocument>,
    private readonly lc: LineCounter,
    private readonly source: string,
  ) {}

  /** The position of the value at `path`, or of the nearest ancestor that exists; `keyOf` points at a key. */
  problem(path: Path, message: string, keyOf?: string): ModelProblem {
    let node: Node | null | undefined;
    let p = [...path];
    if (keyOf !== undefined) {
      const parent = this.doc.getIn(p, true);
      if (yaml().isMap(parent)) {
        const pair = parent.items.find((it) => yaml().isScalar(it.key) && String(it.key.value) === keyOf);
        if (pair && yaml().isScalar(pair.key)) node = pair.key;
      }
      p = [...p, keyOf];
    }
    for (let q = [...path]; node == null; q = q.slice(0, -1)) {
      const n = q.length === 0 ? this.doc.contents : this.doc.getIn(q, true);
      if (n && typeof n === 'object' && 'range' in n) node = n as Node;
      if (q.length === 0) break;
    }
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lc.linePos(offset);
    return { source: this.source, line: pos.line, column: pos.col, path: p.join('.'), message };
  }
}

/** The first key seen twice in one map (scalar keys, compared as the YAML library does by value), in one pass. */
function duplicateKey(doc: ReturnType<typeof parseDocument>): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  yaml().visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const it of map.items) {
        const k = yaml().isScalar(it.key) ? it.key.value : it.key;
        if (seen.has(k)) {
          found = { key: String(k), offset: (it.key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0 };
          return yaml().visit.BREAK;
        }
        seen.add(k);
      }
      return undefined;
    },
  });
  return found;
}

function firstAlias(doc: ReturnType<typeof parseDocument>): Alias | undefined {
  let found: Alias | undefined;
  yaml().visit(doc, {
    Alias(_key, node) {
      found = node;
      return yaml().visit.BREAK;
    },
  });
  return found;
}

/**
 * An alias naming no anchor set before it, as `file:line:col` (the YAML library would throw on it
 * later). One visit in document order, keeping the anchors seen so far.
 */
function aliasProblemOf(
  doc: ReturnType<typeof parseDocument>,
  lc: LineCounter,
  source: string,
): ModelProblem | undefined {
  const anchors = new Set<string>();
  let problem: ModelProblem | undefined;
  yaml().visit(doc, (_key, node) => {
    if (yaml().isAlias(node)) {
      if (anchors.has(node.source)) return undefined;
      const pos = lc.linePos(node.range?.[0] ?? 0);
      problem = {
        source,
        line: pos.line,
        column: pos.col,
        path: '',
        message: `YAML alias *${node.source} names no anchor (&${node.source}) set before it`,
      };
      return yaml().visit.BREAK;
    }
    if ((yaml().isScalar(node) || yaml().isMap(node) || yaml().isSeq(node)) && node.anchor)
      anchors.add(node.anchor);
    return undefined;
  });
  return problem;
}

/** Parses and validates a deployment file's text. Pure: `source` only names the file in messages. */
export function parseDeployment(text: string, source: string): ParseResult {
  return parseLocated(text, source).result;
}

/**
 * The last text refused, with its problems: the same file is often met twice (doctor's `-d` and the same
 * file among its inputs; classified, then read), and a refused one is never worth parsing again.
 */
let lastRefused: { text: string; source: string; result: ParseResult } | undefined;

/** parseDeployment, and on success the parsed document's locator (loadDeployment's problems use it). */
function parseLocated(text: string, source: string): { result: ParseResult; loc?: Locator } {
  if (lastRefused?.text === text && lastRefused.source === source) return { result: lastRefused.result };
  const parsed = parseText(text, source);
  lastRefused = parsed.result.ok ? undefined : { text, source, result: parsed.result };
  return parsed;
}

function parseText(text: string, source: string): { result: ParseResult; loc?: Locator } {
  const fail = (line: number, column: number, message: string): { result: ParseResult } => ({
    result: { ok: false, problems: [{ source, line, column, path: '', message }] },
  });
  if (text.length > MAX_YAML_BYTES)
    return fail(1, 1, `${text.length} characters: larger than any deployment file (limit ${MAX_YAML_BYTES})`);
  // The YAML parser recurses on nesting: bound it before parsing, so no input can overflow the stack.
  const deep = yamlDepthExcess(text);
  if (deep) return fail(deep.line, deep.column, `YAML nested deeper than ${MAX_YAML_DEPTH} levels`);
  // Its time follows the number of entries: bound them too, before any parsing.
  const many = yamlEntriesExcess(text);
  if (many)
    return fail(
      many.line,
      many.column,
      `more than ${MAX_YAML_ENTRIES} YAML entries (lines and items): larger than any deployment file`,
    );
  const lc = new (yaml().LineCounter)();
  let doc: ReturnType<typeof parseDocument>;
  try {
    // The library's own key check compares each key with every earlier one (quadratic): duplicateKey does it.
    doc = yaml().parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    // Not expected below the depth bound; still a problem with the file, never an internal error.
    return fail(1, 1, `YAML could not be read: ${(e as Error).message}`);
  }
  if (doc.errors.length > 0) {
    return {
      result: {
        ok: false,
        problems: doc.errors.map((e) => {
          const pos = lc.linePos(e.pos[0]);
          return {
            source,
            line: pos.line,
            column: pos.col,
            path: '',
            message: `YAML syntax error: ${e.message.split('\n')[0]}`,
          };
        }),
      },
    };
  }
  const dup = duplicateKey(doc);
  if (dup) {
    const pos = lc.linePos(dup.offset);
    return fail(
      pos.line,
      pos.col,
      `YAML syntax error: Map keys must be unique (${JSON.stringify(dup.key)} again)`,
    );
  }
  const loc = new Locator(doc, lc, source);
  const aliasProblem = aliasProblemOf(doc, lc, source);
  if (aliasProblem) return { result: { ok: false, problems: [aliasProblem] } };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    const first = firstAlias(doc);
    const pos = lc.linePos(first?.range?.[0] ?? 0);
    const excessive = /alias count/i.test((e as Error).message);
    return fail(
      pos.line,
      pos.col,
      excessive
        ? `YAML aliases expand to too many nodes (limit ${MAX_YAML_ALIASES}): a deployment needs none`
        : `YAML could not be read: ${(e as Error).message}`,
    );
  }
  if (data === null || data === undefined) {
    return {
      result: {
        ok: false,
        problems: [loc.problem([], 'the file is empty: expected headend, cucm and phones')],
      },
    };
  }
  const parsed = schemas().deploymentSchema.safeParse(data);
  if (!parsed.success) {
    const problems: ModelProblem[] = [];
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys.slice(0, MAX_UNKNOWN_KEYS))
          problems.push(loc.problem(path, `unknown key "${k}"`, k));
        if (issue.keys.length > MAX_UNKNOWN_KEYS)
          problems.push(loc.problem(path, `and ${issue.keys.length - MAX_UNKNOWN_KEYS} more unknown keys`));
      } else {
        const value = doc.getIn(path);
        const choices =
          issue.code === 'invalid_value' ? ` (one of: ${issue.values.map(String).join(', ')})` : '';
        problems.push(loc.problem(path, value === undefined ? `is required${choices}` : issue.message));
      }
    }
    return { result: { ok: false, problems: sortProblems(problems) } };
  }
  const input = parsed.data;
  if (input.headend && input.headends)
    return {
      result: {
        ok: false,
        problems: [loc.problem([], 'write headend: (one) or headends: (a list), not both', 'headends')],
      },
    };
  if (!input.headend && !input.headends)
    return {
      result: {
        ok: false,
        problems: [loc.problem(['headend'], 'is required (or headends:, a list of headends)')],
      },
    };
  const d = normalizeDeployment(input);
  const warnings: ModelProblem[] = [];
  const problems = crossReferenceProblems(d, loc, warnings);
  if (problems.length > 0) return { result: { ok: false, problems: sortProblems(problems) } };
  return { result: { ok: true, deployment: d, warnings }, loc };
}

/** Parses, validates and reads every certificate file the deployment names. */
export function loadDeployment(text: string, source: string, readFile: FileReader): LoadResult {
  const { result: parsed, loc: located } = parseLocated(text, source);
  if (!parsed.ok) return parsed;
  // A parsed deployment always comes with its locator.
  const loc = located!;
  const d = parsed.deployment;
  const certs = new Map<string, CertInfo[]>();
  const problems: ModelProblem[] = [];
  const read = (file: string, path: Path) => {
    if (certs.has(file)) return;
    let data: Uint8Array;
    try {
      data = readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(
        loc.problem(
          path,
          `cannot read certificate file "${file}"${code === 'ENOENT' ? ': no such file' : `: ${(e as Error).message}`}`,
        ),
      );
      return;
    }
    try {
      certs.set(file, readCertificates(data));
    } catch (e) {
      problems.push(loc.problem(path, `"${file}": ${(e as Error).message}`));
    }
  };
  for (const h of d.headends) {
    const at = headendPath(d, h);
    if (h.identity.certificate) read(h.identity.certificate, [...at, 'identity', 'certificate']);
    h.phoneCaTrustpoints?.forEach((t, i) => {
      if (t.certificate) read(t.certificate, [...at, 'phoneCaTrustpoints', i, 'certificate']);
    });
    if (h.ocserv?.caCert) read(h.ocserv.caCert, [...at, 'ocserv', 'caCert']);
  }
  d.cucm.vpnGateways.forEach((g, i) => {
    g.certificates.forEach((f, j) => {
      read(f, ['cucm', 'vpnGateways', i, 'certificates', j]);
    });
  });
  if (d.cucm.capfCertificate) read(d.cucm.capfCertificate, ['cucm', 'capfCertificate']);
  for (const h of d.headends) {
    if (!h.identity.key) continue;
    try {
      readFile(h.identity.key);
    } catch {
      problems.push(
        loc.problem([...headendPath(d, h), 'identity', 'key'], `cannot read key file "${h.identity.key}"`),
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, deployment: d, certs, warnings: parsed.warnings };
}

function sortProblems(ps: ModelProblem[]): ModelProblem[] {
  return ps.sort((a, b) => a.line - b.line || a.column - b.column);
}

function duplicates<T>(items: readonly T[], key: (t: T) => string): number[] {
  const seen = new Set<string>();
  const dup: number[] = [];
  items.forEach((it, i) => {
    const k = key(it);
    if (seen.has(k)) dup.push(i);
    seen.add(k);
  });
  return dup;
}

/** One headend's own consistency: names defined once, pool bounds, identity, ocserv's constraints. */
function headendProblems(d: Deployment, h: Headend, loc: Locator): ModelProblem[] {
  const out: ModelProblem[] = [];
  const at = headendPath(d, h);
  const c = d.cucm;
  const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name).join(', ');
  for (const i of duplicates(h.interfaces, (x) => x.name))
    out.push(
      loc.problem([...at, 'interfaces', i, 'name'], `duplicate interface name "${h.interfaces[i]?.name}"`),
    );
  for (const i of duplicates(h.pools, (x) => x.name))
    out.push(loc.problem([...at, 'pools', i, 'name'], `duplicate pool name "${h.pools[i]?.name}"`));
  for (const i of duplicates(h.groupPolicies, (x) => x.name))
    out.push(
      loc.problem(
        [...at, 'groupPolicies', i, 'name'],
        `duplicate group policy "${h.groupPolicies[i]?.name}"`,
      ),
    );

  if (!h.interfaces.some((i) => i.name === h.outside))
    out.push(
      loc.problem(
        [...at, 'outside'],
        `interface "${h.outside}" is not defined (interfaces: ${names(h.interfaces)})`,
      ),
    );
  h.pools.forEach((p, i) => {
    if (ipv4ToInt(p.first) > ipv4ToInt(p.last))
      out.push(
        loc.problem(
          [...at, 'pools', i, 'last'],
          `pool "${p.name}" ends (${p.last}) before it starts (${p.first})`,
        ),
      );
  });
  const tg = h.tunnelGroup;
  if (!h.pools.some((p) => p.name === tg.addressPool))
    out.push(
      loc.problem(
        [...at, 'tunnelGroup', 'addressPool'],
        `address pool "${tg.addressPool}" is not defined (pools: ${names(h.pools)})`,
      ),
    );
  if (!h.groupPolicies.some((p) => p.name === tg.groupPolicy))
    out.push(
      loc.problem(
        [...at, 'tunnelGroup', 'groupPolicy'],
        `group policy "${tg.groupPolicy}" is not defined (group policies: ${names(h.groupPolicies)})`,
      ),
    );
  const certAuthHeadend = tg.authentication === 'certificate';
  const certAuthProfile = c.vpnProfile.clientAuthentication === 'certificate';
  if (certAuthHeadend !== certAuthProfile)
    out.push(
      loc.problem(
        ['cucm', 'vpnProfile', 'clientAuthentication'],
        `client authentication "${c.vpnProfile.clientAuthentication}" disagrees with ${d.headends.length > 1 ? `headend ${h.name}'s` : "the tunnel group's"} "authentication ${tg.authentication}"`,
      ),
    );
  if (h.identity.enroll === 'self' && h.identity.certificate)
    out.push(
      loc.problem(
        [...at, 'identity', 'enroll'],
        'enroll: self makes a new certificate each time the configuration is pasted; once it is exported, name it under certificate and remove enroll',
      ),
    );
  if (h.identity.enroll === undefined && !h.identity.certificate)
    out.push(
      loc.problem(
        [...at, 'identity'],
        'name the certificate the headend presents (certificate: FILE), or write enroll: self for a new one',
        'certificate',
      ),
    );
  if (h.kind === 'ocserv') {
    if (h.identity.enroll === 'self')
      out.push(
        loc.problem(
          [...at, 'identity', 'enroll'],
          'ocserv cannot enroll: name its certificate and key files (vpnphone cert create identity makes them)',
        ),
      );
    if (new URL(tg.groupUrl).pathname !== '/svc')
      out.push(
        loc.problem(
          [...at, 'tunnelGroup', 'groupUrl'],
          'an ocserv headend serves phones at the path /svc: the URL must be https://HOST/svc',
        ),
      );
    if (!h.identity.key)
      out.push(
        loc.problem([...at, 'identity'], 'an ocserv headend needs the identity private key file (key)'),
      );
  }
  if (
    certAuthHeadend &&
    !c.capfCertificate &&
    !(h.phoneCaTrustpoints ?? []).length &&
    d.phones.some((p) => p.certificate === 'LSC')
  )
    d.phones.forEach((p, i) => {
      if (p.certificate === 'LSC')
        out.push(
          loc.problem(
            ['phones', i, 'certificate'],
            `LSC phones with certificate authentication need cucm.capfCertificate or ${d.headendKey === 'headend' ? 'headend' : `headends[${d.headends.indexOf(h)}]`}.phoneCaTrustpoints`,
          ),
        );
    });
  return out;
}

/** Which headend serves which gateway: every gateway names one, one URL per gateway, every headend used. */
function headendReferenceProblems(d: Deployment, loc: Locator): ModelProblem[] {
  const out: ModelProblem[] = [];
  const c = d.cucm;
  const grp = c.vpnGroup;
  for (const i of duplicates(d.headends, (x) => x.name))
    out.push(loc.problem(['headends', i, 'name'], `duplicate headend name "${d.headends[i]?.name}"`));
  if (d.headends.length > 3)
    out.push(
      loc.problem(['headends'], `${d.headends.length} headends: a VPN group leads phones to at most 3`),
    );
  c.vpnGateways.forEach((g, i) => {
    if (g.headend === undefined && d.headendKey === 'headends')
      out.push(
        loc.problem(
          ['cucm', 'vpnGateways', i],
          `gateway "${g.name}": name the headend serving ${g.url} (headend: NAME; headends: ${headendNames(d)})`,
          'url',
        ),
      );
    else if (g.headend !== undefined && !d.headends.some((h) => h.name === g.headend))
      out.push(
        loc.problem(
          ['cucm', 'vpnGateways', i, 'headend'],
          `headend "${g.headend}" is not defined (headends: ${headendNames(d)})`,
        ),
      );
  });
  for (const i of duplicates(c.vpnGateways, (x) => x.url))
    out.push(
      loc.problem(
        ['cucm', 'vpnGateways', i, 'url'],
        `gateway "${c.vpnGateways[i]?.name}" has the URL of gateway "${c.vpnGateways.find((g) => g.url === c.vpnGateways[i]?.url)?.name}": one URL per gateway`,
      ),
    );
  const groupUrls = grp.gateways.map((n) => c.vpnGateways.find((g) => g.name === n)?.url);
  for (const h of d.headends) {
    const at = headendPath(d, h);
    const tg = h.tunnelGroup;
    if (!groupUrls.includes(tg.groupUrl)) {
      out.push(
        loc.problem(
          [...at, 'tunnelGroup', 'groupUrl'],
          `group-url ${tg.groupUrl} is the URL of no gateway in VPN group "${grp.name}" (phones would never reach this headend)`,
        ),
      );
      continue;
    }
    const mine = gatewaysOf(d, h);
    if (d.headendKey === 'headends' && mine.length === 0)
      out.push(
        loc.problem([...at, 'name'], `headend "${h.name}" serves no VPN gateway (no gateway names it)`),
      );
    c.vpnGateways.forEach((g, i) => {
      if (g.headend === h.name && g.url !== tg.groupUrl)
        out.push(
          loc.problem(
            ['cucm', 'vpnGateways', i, 'url'],
            `gateway "${g.name}" names headend "${h.name}", whose group-url is ${tg.groupUrl}: phones would find no tunnel group at ${g.url}`,
          ),
        );
      if (
        g.url === tg.groupUrl &&
        g.headend !== undefined &&
        g.headend !== h.name &&
        d.headends.some((x) => x.name === g.headend)
      )
        out.push(
          loc.problem(
            ['cucm', 'vpnGateways', i, 'headend'],
            `gateway "${g.name}" names headend "${g.headend}", but ${g.url} is headend "${h.name}"'s group-url`,
          ),
        );
    });
  }
  return out;
}

/** Checks that every name used is defined and that values respect CUCM's and the phones' limits. */
function crossReferenceProblems(d: Deployment, loc: Locator, warnings: ModelProblem[]): ModelProblem[] {
  const out: ModelProblem[] = [];
  const c = d.cucm;
  const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name).join(', ');
  for (const h of d.headends) out.push(...headendProblems(d, h, loc));
  // One wording for the VPN profile mismatch however many headends disagree with it.
  const seen = new Set<string>();
  for (let i = out.length - 1; i >= 0; i--) {
    const p = out[i];
    if (!p) continue;
    const k = `${p.path}\u0000${p.message}`;
    if (seen.has(k)) out.splice(i, 1);
    seen.add(k);
  }

  const vp = c.vpnProfile;
  if (vp.mtu < 256 || vp.mtu > 1406)
    out.push(loc.problem(['cucm', 'vpnProfile', 'mtu'], `MTU ${vp.mtu} is out of range (256–1406)`));
  if (vp.failToConnect < 0 || vp.failToConnect > 600)
    out.push(
      loc.problem(
        ['cucm', 'vpnProfile', 'failToConnect'],
        `fail-to-connect ${vp.failToConnect} s is out of range (0–600)`,
      ),
    );

  for (const i of duplicates(c.vpnGateways, (x) => x.name))
    out.push(
      loc.problem(['cucm', 'vpnGateways', i, 'name'], `duplicate VPN gateway "${c.vpnGateways[i]?.name}"`),
    );
  c.vpnGateways.forEach((g, i) => {
    if (g.certificates.length > 10)
      out.push(
        loc.problem(
          ['cucm', 'vpnGateways', i, 'certificates'],
          `gateway "${g.name}" has ${g.certificates.length} certificates (at most 10)`,
        ),
      );
  });
  const grp = c.vpnGroup;
  if (grp.gateways.length > 3)
    out.push(
      loc.problem(
        ['cucm', 'vpnGroup', 'gateways'],
        `VPN group has ${grp.gateways.length} gateways (at most 3)`,
      ),
    );
  let certs = 0;
  grp.gateways.forEach((gname, i) => {
    const g = c.vpnGateways.find((x) => x.name === gname);
    if (!g)
      out.push(
        loc.problem(
          ['cucm', 'vpnGroup', 'gateways', i],
          `VPN gateway "${gname}" is not defined (gateways: ${names(c.vpnGateways)})`,
        ),
      );
    else certs += g.certificates.length;
  });
  if (certs > 10)
    out.push(
      loc.problem(
        ['cucm', 'vpnGroup', 'gateways'],
        `the VPN group's gateways hold ${certs} certificates (at most 10)`,
      ),
    );
  for (const i of duplicates(grp.gateways, (x) => x))
    out.push(
      loc.problem(['cucm', 'vpnGroup', 'gateways', i], `gateway "${grp.gateways[i]}" is listed twice`),
    );

  const cpp = c.commonPhoneProfile;
  if (cpp.vpnGroup !== grp.name)
    out.push(
      loc.problem(
        ['cucm', 'commonPhoneProfile', 'vpnGroup'],
        `VPN group "${cpp.vpnGroup}" is not defined (VPN group: ${grp.name})`,
      ),
    );
  if (cpp.vpnProfile !== vp.name)
    out.push(
      loc.problem(
        ['cucm', 'commonPhoneProfile', 'vpnProfile'],
        `VPN profile "${cpp.vpnProfile}" is not defined (VPN profile: ${vp.name})`,
      ),
    );
  out.push(...headendReferenceProblems(d, loc));

  for (const i of duplicates(d.phones, (p) => p.mac))
    out.push(loc.problem(['phones', i, 'mac'], `phone ${d.phones[i]?.mac} is listed twice`));
  d.phones.forEach((p, i) => {
    const own = phoneModel(p.model);
    const like = p.like !== undefined ? phoneModel(p.like) : undefined;
    if (p.like !== undefined && !like)
      out.push(loc.problem(['phones', i, 'like'], `"${p.like}" is not in the phone model catalogue`));
    if (own && like && own.model !== like.model)
      warnings.push(
        loc.problem(
          ['phones', i, 'like'],
          `model ${p.model} is in the catalogue as ${own.model}: its own facts are used, not like: ${p.like}`,
        ),
      );
    if (!own && !like && p.like === undefined)
      warnings.push(
        loc.problem(
          ['phones', i, 'model'],
          `phone model "${p.model}" is not in the catalogue: assumed to support the VPN client; add like: <model> (e.g. like: 8865) to say what it behaves as`,
        ),
      );
    const m = own ?? like;
    if (m?.vpnClient.value === 'no')
      out.push(
        loc.problem(['phones', i, 'model'], `model ${m.model} has no VPN client (${m.vpnClient.source})`),
      );
    if (!isIPv4(p.tftp)) out.push(loc.problem(['phones', i, 'tftp'], 'must be an IPv4 address'));
  });
  return out;
}
