// The facts the configuration checks read, built from classified inputs; plus the derived views several checks share.
import {
  type AsaRunningConfig,
  type Loc,
  looksComplete,
  RunningConfigBuilder,
  sectionCoverage,
  treeShape,
} from '../asa/running-config.js';
import {
  parseShowCryptoCaCertificates,
  parseShowIp,
  parseShowSsl,
  parseShowVersion,
  parseShowVpnSessiondb,
  type ShowCaCertificate,
  type ShowIpRow,
  type ShowSsl,
  type ShowVersion,
  type VpnSession,
} from '../asa/show.js';
import {
  type IpBriefRow,
  type NameifRow,
  parseShowInterfaceIpBrief,
  parseShowNameif,
  parseShowSslCiphers,
  parseShowVpnSessiondbSummary,
  type SessionSummary,
  type SslCipherListShown,
} from '../asa/show-outputs.js';
import { parseConfigTree } from '../asa/tree.js';
import { type AxlFacts, parseAxlResponse } from '../cucm/axl.js';
import { blankComments, type ParsedPhoneConfig, readPhoneConfig } from '../cucm/phone-config.js';
import { canonicalCommand, promptHost, splitCapture, withoutPager } from '../inputs/capture.js';
import { type Classification, classify, type InputKind, PROMPT_RE } from '../inputs/classify.js';
import {
  type FileReader,
  formatProblem,
  type LoadedDeployment,
  loadDeployment,
  parseDeployment,
} from '../model/load.js';
import type { Headend } from '../model/schema.js';
import { type OcservConf, parseOcservConf } from '../ocserv/conf.js';
import { type CertInfo, readCertificates } from '../pki/cert.js';
import type { Evidence } from '../report/finding.js';

export interface Sourced<T> {
  source: string;
  value: T;
}

export interface PhoneConfigFact {
  source: string;
  parsed: ParsedPhoneConfig;
  /** The <modelName> line, when present. */
  modelName: Sourced<Loc> | undefined;
  /** `Cisco 8861` from <modelName>. */
  model: string | undefined;
  deviceName: string | undefined;
}

export interface AuditInputSummary {
  source: string;
  kind: InputKind;
  /** For a capture: the commands it holds and what each was recognized as. */
  sections?: { command: string; line: number | undefined; kind: InputKind }[];
  hint?: string;
}

export interface AuditFacts {
  inputs: AuditInputSummary[];
  /** The audited ASA: its configuration merged from every part read of it (`source` is the first). */
  asa: Sourced<AsaRunningConfig> | undefined;
  /** Running configurations of other ASAs: not audited (a second capture of the audited ASA is in its group). */
  otherAsaConfigs: string[];
  /** Every ASA met, by hostname (prompt or `hostname` line), else by file: the parts read of each. */
  asaGroups: AsaGroup[];
  showVersion: Sourced<ShowVersion> | undefined;
  showIp: Sourced<ShowIpRow[]> | undefined;
  showCrypto: Sourced<ShowCaCertificate[]> | undefined;
  showSsl: Sourced<ShowSsl> | undefined;
  /** `show ssl ciphers`: the lists the ASA really offers. */
  showSslCiphers: Sourced<SslCipherListShown[]> | undefined;
  /** `show nameif` (interface → nameif → security level). */
  showNameif: Sourced<NameifRow[]> | undefined;
  /** `show interface ip brief` (interface → address, no nameif). */
  showIpBrief: Sourced<IpBriefRow[]> | undefined;
  /**
   * The single-valued show outputs captured under an ASA's prompt, by its prompt host (the key of its
   * `asaGroups` entry): with several ASAs, each headend's run takes its own (src/checks/headends.ts).
   */
  hostShows: Map<string, HostShows>;
  /**
   * Every single-valued show output read, in order, with the ASA it names (lower case): its prompt's host,
   * else for `show version` its own `<host> up ...` line. With one configuration, outputs of two ASAs are
   * told apart by it (src/checks/headends.ts).
   */
  showsRead: ShowRead[];
  sessions: Sourced<VpnSession[]>[];
  /** `show vpn-sessiondb` summaries (counts only). */
  sessionSummaries: Sourced<SessionSummary>[];
  phoneConfigs: PhoneConfigFact[];
  certificates: Sourced<CertInfo[]>[];
  deployment: Sourced<LoadedDeployment> | undefined;
  /** True when the deployment came from `--deployment` (drift is reported). */
  deploymentFromOption: boolean;
  axl: Sourced<AxlFacts>[];
  /** ocserv.conf inputs (the first is checked). */
  ocservConf: Sourced<OcservConf> | undefined;
  /** Inputs (or capture sections) no parser understood. */
  unrecognized: { source: string; line?: number; hint: string }[];
  /**
   * Inputs that were recognized but could not be read (bad XML, bad deployment); `partial` when a
   * tolerant reader still read what it could (a phone configuration with a slipped tag).
   */
  unreadable: { source: string; line?: number; reason: string; partial?: true }[];
  /**
   * The headend one run of the checks judges, when the inputs hold several (or a deployment names them):
   * `asa` is its configuration and the phones' URLs are only those it serves (src/checks/headends.ts).
   */
  scope?: HeadendScope;
}

/** One headend of the audit: what it is called, the deployment's entry for it, the URLs it serves. */
export interface HeadendScope {
  /** The deployment's name for it, else its hostname, else its file. */
  label: string;
  /** Its entry in the deployment, when the deployment names it. */
  headend: Headend | undefined;
  /** The phones' URLs it serves, each with the first position it holds (0 for url1). */
  urls: ReadonlyMap<string, number>;
  /** The CUCM VPN gateways of those URLs (from the deployment or AXL), when known. */
  gateways: string[];
  /** How many headends the audit judges. */
  of: number;
}

/** The show outputs of which an audit keeps one (the last read): one ASA's each. */
export const HOST_SHOW_FIELDS = [
  'showVersion',
  'showIp',
  'showCrypto',
  'showSsl',
  'showSslCiphers',
  'showNameif',
  'showIpBrief',
] as const;
export type HostShowField = (typeof HOST_SHOW_FIELDS)[number];
export type HostShows = Partial<Pick<AuditFacts, HostShowField>>;
export interface ShowRead {
  field: HostShowField;
  source: string;
  host: string | undefined;
  value: NonNullable<AuditFacts[HostShowField]>;
}

/** One ASA's configuration as read so far: merged sections, or one complete configuration. */
export interface AsaGroup {
  key: string;
  builder: RunningConfigBuilder;
  /** Complete configurations of this ASA that were not used (a smaller second capture). */
  others: string[];
}

export interface RawInput {
  source: string;
  bytes: Uint8Array;
  /** Set when the input was not read (too large, unreadable): reported as unrecognized-input. */
  skip?: string;
}

export interface BuildOptions {
  /** A deployment given with `--deployment`. */
  deployment?: Sourced<LoadedDeployment>;
  /** Reads certificate files a deployment input names (relative to the deployment file). */
  readFileFor?: (deploymentSource: string) => FileReader;
}

export function emptyFacts(): AuditFacts {
  return {
    inputs: [],
    asa: undefined,
    otherAsaConfigs: [],
    asaGroups: [],
    showVersion: undefined,
    hostShows: new Map(),
    showsRead: [],
    showIp: undefined,
    showCrypto: undefined,
    showSsl: undefined,
    showSslCiphers: undefined,
    showNameif: undefined,
    showIpBrief: undefined,
    sessions: [],
    sessionSummaries: [],
    phoneConfigs: [],
    certificates: [],
    deployment: undefined,
    deploymentFromOption: false,
    axl: [],
    ocservConf: undefined,
    unrecognized: [],
    unreadable: [],
  };
}

const decoder = new TextDecoder('utf-8');

function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** An ASA's command-line output as text, without the pager prompts a capture may hold (withoutPager). */
function cliText(bytes: Uint8Array): string {
  return withoutPager(text(bytes));
}

/** Kind of a capture section, by its command first, then by its content. */
function sectionKind(command: string, body: string): InputKind {
  const c = canonicalCommand(command);
  if (c.startsWith('show running-config')) return 'asa-running-config';
  if (c === 'show version') return 'asa-show-version';
  if (c === 'show ip') return 'asa-show-ip';
  if (c.startsWith('show crypto ca certificate')) return 'asa-show-crypto-ca-certificates';
  if (c === 'show vpn-sessiondb' || c === 'show vpn-sessiondb summary')
    return 'asa-show-vpn-sessiondb-summary';
  if (c.startsWith('show vpn-sessiondb')) return 'asa-show-vpn-sessiondb';
  if (c === 'show ssl') return 'asa-show-ssl';
  if (/^show ssl ciph/.test(c)) return 'asa-show-ssl-ciphers';
  if (c === 'show nameif') return 'asa-show-nameif';
  if (/^show int\S* ip br/.test(c)) return 'asa-show-interface-ip-brief';
  const k = classify(command, Buffer.from(body, 'latin1')).kind;
  return k === 'asa-capture' ? 'unrecognized' : k;
}

/** Where a part of a configuration comes from: its input, and in a capture its section's command and prompt host. */
interface PartOrigin {
  source: string;
  command?: string;
  host?: string;
}

/**
 * Adds a part of an ASA's running configuration to the ASA it belongs to: the prompt's hostname, else
 * the part's `hostname` line, else its file. Sections of one ASA merge; a complete configuration replaces
 * the sections read before it (it holds them) and makes later sections redundant; of two complete ones
 * the larger is audited.
 */
function addAsaConfig(f: AuditFacts, body: string, lineOffset: number, o: PartOrigin): void {
  const tree = parseConfigTree(body, { lineOffset });
  const shape = treeShape(tree);
  const canonical = o.command !== undefined ? canonicalCommand(o.command) : '';
  // Another command whose output reads as configuration (`more disk0:/backup.cfg`) is judged by its content.
  const section = canonical.startsWith('show running-config') ? sectionCoverage(canonical) : undefined;
  const complete = section ? section.complete : looksComplete(shape);
  const key = o.host ?? shape.hostname?.toLowerCase() ?? `file:${o.source}`;
  const part = {
    source: o.source,
    complete,
    ...(section && !complete ? { parts: section.parts } : {}),
    ...(o.command !== undefined ? { command: o.command } : {}),
  };
  let g = f.asaGroups.find((x) => x.key === key);
  if (!g) {
    g = { key, builder: new RunningConfigBuilder(), others: [] };
    f.asaGroups.push(g);
  }
  const had = g.builder.cfg;
  if (had.coverage.complete && complete) {
    // Two whole captures of one ASA: audit the larger.
    if (tree.nodeCount > had.commandCount) {
      g.others.push(had.sources[0] ?? o.source);
      g.builder = new RunningConfigBuilder().add(tree, part);
    } else g.others.push(o.source);
  } else if (had.coverage.complete) {
    had.coverage.sections.push(o.command ?? o.source);
  } else if (complete) {
    g.builder = new RunningConfigBuilder().add(tree, part);
  } else g.builder.add(tree, part);
  chooseAsa(f);
}

/** The ASA audited: the one whose configuration is the fullest (a partial `show run username` must not win). */
function chooseAsa(f: AuditFacts): void {
  let best: AsaGroup | undefined;
  for (const g of f.asaGroups) {
    const c = g.builder.cfg;
    const b = best?.builder.cfg;
    if (
      !b ||
      (c.coverage.complete && !b.coverage.complete) ||
      (c.coverage.complete === b.coverage.complete && c.commandCount > b.commandCount)
    )
      best = g;
  }
  f.otherAsaConfigs = [];
  for (const g of f.asaGroups) {
    if (g !== best && g.builder.cfg.sources[0] !== undefined)
      f.otherAsaConfigs.push(g.builder.cfg.sources[0]);
  }
  const cfg = best?.builder.cfg;
  f.asa = cfg ? { source: cfg.sources[0] ?? '', value: cfg } : undefined;
}

/** Sets a single-valued show output, and records it as its ASA's when a prompt named the ASA. */
function setShow<K extends HostShowField>(
  f: AuditFacts,
  o: PartOrigin,
  field: K,
  value: AuditFacts[K],
): void {
  f[field] = value;
  if (value) {
    const named = field === 'showVersion' ? (value as AuditFacts['showVersion'])?.value.hostname : undefined;
    f.showsRead.push({ field, source: o.source, host: o.host ?? named?.toLowerCase(), value });
  }
  if (o.host === undefined) return;
  let own = f.hostShows.get(o.host);
  if (!own) {
    own = {};
    f.hostShows.set(o.host, own);
  }
  own[field] = value;
}

/** Adds one text part (a whole file or a capture section) of a known kind to the facts. */
function addText(f: AuditFacts, o: PartOrigin, kind: InputKind, body: string, lineOffset: number): boolean {
  const { source } = o;
  switch (kind) {
    case 'asa-running-config':
      addAsaConfig(f, body, lineOffset, o);
      return true;
    case 'asa-show-version':
      setShow(f, o, 'showVersion', { source, value: parseShowVersion(body, lineOffset) });
      return true;
    case 'asa-show-ip':
      setShow(f, o, 'showIp', { source, value: parseShowIp(body, lineOffset) });
      return true;
    case 'asa-show-crypto-ca-certificates':
      setShow(f, o, 'showCrypto', { source, value: parseShowCryptoCaCertificates(body, lineOffset) });
      return true;
    case 'asa-show-vpn-sessiondb':
      f.sessions.push({ source, value: parseShowVpnSessiondb(body, lineOffset) });
      return true;
    case 'asa-show-ssl':
      setShow(f, o, 'showSsl', { source, value: parseShowSsl(body, lineOffset) });
      return true;
    case 'asa-show-ssl-ciphers':
      setShow(f, o, 'showSslCiphers', { source, value: parseShowSslCiphers(body, lineOffset) });
      return true;
    case 'asa-show-nameif':
      setShow(f, o, 'showNameif', { source, value: parseShowNameif(body, lineOffset) });
      return true;
    case 'asa-show-interface-ip-brief':
      setShow(f, o, 'showIpBrief', { source, value: parseShowInterfaceIpBrief(body, lineOffset) });
      return true;
    case 'asa-show-vpn-sessiondb-summary':
      f.sessionSummaries.push({ source, value: parseShowVpnSessiondbSummary(body, lineOffset) });
      return true;
    default:
      return false;
  }
}

function modelNameOf(xml: string): Loc | undefined {
  const lines = xml.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /<modelName>([^<]*)<\/modelName>/.exec(lines[i] ?? '');
    if (m?.[1] !== undefined) return { line: i + 1, text: m[0] };
  }
  return undefined;
}

/** Builds facts from raw inputs: classifies each by content and parses it. Pure (file reads go through options). */
export function buildFacts(inputs: readonly RawInput[], opts: BuildOptions = {}): AuditFacts {
  const f = emptyFacts();
  if (opts.deployment) {
    f.deployment = opts.deployment;
    f.deploymentFromOption = true;
  }
  for (const input of inputs) {
    if (input.skip !== undefined) {
      f.inputs.push({ source: input.source, kind: 'unrecognized', hint: input.skip });
      f.unrecognized.push({ source: input.source, hint: input.skip });
      continue;
    }
    addInput(f, input, classify(input.source, input.bytes), opts);
  }
  return f;
}

export function addInput(f: AuditFacts, input: RawInput, c: Classification, opts: BuildOptions = {}): void {
  const { source, bytes } = input;
  const summary: AuditInputSummary = { source, kind: c.kind };
  if (c.hint !== undefined) summary.hint = c.hint;
  f.inputs.push(summary);
  switch (c.kind) {
    case 'asa-capture': {
      summary.sections = [];
      for (const s of splitCapture(cliText(bytes))) {
        const kind = sectionKind(s.command, s.text);
        summary.sections.push({ command: s.command, line: s.promptLine, kind });
        const origin: PartOrigin = {
          source,
          ...(s.command !== '' ? { command: s.command } : {}),
          ...(s.host !== undefined ? { host: s.host } : {}),
        };
        if (!addText(f, origin, kind, s.text, s.lineOffset) && s.command !== '')
          f.unrecognized.push({
            source,
            ...(s.promptLine !== undefined ? { line: s.promptLine } : {}),
            hint: `output of \`${s.command}\` is not used by the audit`,
          });
      }
      return;
    }
    case 'phone-config': {
      try {
        const read = readPhoneConfig(bytes);
        const parsed = read.parsed;
        if (read.problem)
          f.unreadable.push({
            source,
            ...(read.problem.line !== undefined ? { line: read.problem.line } : {}),
            reason: read.problem.message,
            partial: true,
          });
        const xml = blankComments(Buffer.from(bytes.subarray(parsed.signedHeaderBytes)).toString('utf8'));
        const headerLines =
          Buffer.from(bytes.subarray(0, parsed.signedHeaderBytes)).toString('latin1').split('\n').length - 1;
        const mn = modelNameOf(xml);
        const dn = /<deviceName>([^<]*)<\/deviceName>/.exec(xml)?.[1]?.trim();
        f.phoneConfigs.push({
          source,
          parsed,
          modelName: mn ? { source, value: { line: mn.line + headerLines, text: mn.text } } : undefined,
          model: mn ? (/<modelName>([^<]*)</.exec(mn.text)?.[1] ?? '').trim() : undefined,
          deviceName: dn,
        });
      } catch (e) {
        f.unreadable.push({ source, reason: (e as Error).message });
      }
      return;
    }
    case 'certificate': {
      try {
        f.certificates.push({ source, value: readCertificates(bytes) });
      } catch (e) {
        f.unreadable.push({ source, reason: (e as Error).message });
      }
      return;
    }
    case 'deployment': {
      if (f.deployment) {
        f.unrecognized.push({ source, hint: `a second deployment file; ${f.deployment.source} is used` });
        return;
      }
      const readFile = opts.readFileFor?.(source);
      if (!readFile) {
        // Without file access the certificates it names stay unread; the rest of the model is used.
        const r = parseDeployment(text(bytes), source);
        if (r.ok) f.deployment = { source, value: { deployment: r.deployment, certs: new Map() } };
        else
          for (const p of r.problems.slice(0, 20))
            f.unreadable.push({ source, line: p.line, reason: formatProblem(p) });
        return;
      }
      const r = loadDeployment(text(bytes), source, readFile);
      if (r.ok) f.deployment = { source, value: { deployment: r.deployment, certs: r.certs } };
      else
        for (const p of r.problems.slice(0, 20))
          f.unreadable.push({ source, line: p.line, reason: formatProblem(p) });
      return;
    }
    case 'axl-response': {
      f.axl.push({ source, value: parseAxlResponse(text(bytes)) });
      return;
    }
    case 'ocserv-config': {
      if (f.ocservConf)
        f.unrecognized.push({ source, hint: `a second ocserv.conf; ${f.ocservConf.source} is checked` });
      else f.ocservConf = { source, value: parseOcservConf(text(bytes)) };
      return;
    }
    case 'unrecognized':
      f.unrecognized.push({ source, hint: c.hint ?? 'no parser understood it' });
      return;
    default: {
      const body = cliText(bytes);
      if (!addText(f, { source, ...promptOf(body) }, c.kind, body, 0))
        f.unrecognized.push({ source, hint: c.hint ?? `kind ${c.kind} is not used by the audit` });
    }
  }
}

/** The ASA a show output was captured on, when its first line is the prompt and command (`fw1# show version`). */
function promptOf(body: string): { host?: string } {
  const first = body.slice(0, 400).split('\n', 1)[0] ?? '';
  const m = PROMPT_RE.exec(first.replace(/\r$/, ''));
  return m?.[1] !== undefined ? { host: promptHost(m[1]) } : {};
}

/** Evidence for a fact at a line of an input. */
/** Characters of a line an evidence entry keeps: a line longer than any real configuration line is cut. */
export const MAX_EVIDENCE_TEXT = 1000;

/**
 * Evidence at a line. A huge line (a fuzz finding: one 300 KB line referenced thousands of times) is cut to
 * MAX_EVIDENCE_TEXT characters with its length said, so merging and output stay linear in the input.
 */
export function ev(source: string, loc: Loc | undefined, fallback?: string): Evidence {
  if (!loc) return { source, text: fallback ?? '' };
  const t = loc.text;
  const text =
    t.length > MAX_EVIDENCE_TEXT ? `${t.slice(0, MAX_EVIDENCE_TEXT)} … (${t.length} characters)` : t;
  return { source: loc.source ?? source, line: loc.line, text };
}
