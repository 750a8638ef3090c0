// Recognizes what an input is from its content (never its name): ASA config and show outputs, phone configs, certificates, ...
import {
  hasIpBriefHeader,
  hasNameifHeader,
  looksLikeSessiondbSummary,
  looksLikeShowSslCiphers,
} from '../asa/show-outputs.js';
import { logFormatsOf } from '../logs/parse.js';
import { OCSERV_KEYS } from '../ocserv/conf.js';
import { certificateCount, looksLikeCertificate, MAX_CERTIFICATES, readCertificates } from '../pki/cert.js';

/** Log kinds, named after the formats a file's lines are in (a file may mix them). */
export type LogInputKind =
  | 'phone-log'
  | 'asa-log'
  | 'ocserv-log'
  | 'phone-log+asa-log'
  | 'phone-log+ocserv-log'
  | 'asa-log+ocserv-log'
  | 'phone-log+asa-log+ocserv-log';

/** Every kind an input is classified as. */
export type InputKind =
  | 'asa-running-config'
  | 'asa-show-version'
  | 'asa-show-ip'
  | 'asa-show-crypto-ca-certificates'
  | 'asa-show-vpn-sessiondb'
  | 'asa-show-vpn-sessiondb-summary'
  | 'asa-show-ssl'
  | 'asa-show-ssl-ciphers'
  | 'asa-show-nameif'
  | 'asa-show-interface-ip-brief'
  | 'asa-capture'
  | 'phone-config'
  | 'certificate'
  | 'deployment'
  | 'axl-response'
  | 'ocserv-config'
  | LogInputKind
  /** Prose (notes, a ticket, a JSON file) quoting a few log lines: neither a log nor a configuration. */
  | 'text-quoting-logs'
  | 'unrecognized';

/** The kinds the configuration checks parse (read whole); everything else is a log or not used. */
const CONFIG_KINDS: ReadonlySet<InputKind> = new Set<InputKind>([
  'asa-running-config',
  'asa-show-version',
  'asa-show-ip',
  'asa-show-crypto-ca-certificates',
  'asa-show-vpn-sessiondb',
  'asa-show-vpn-sessiondb-summary',
  'asa-show-ssl',
  'asa-show-ssl-ciphers',
  'asa-show-nameif',
  'asa-show-interface-ip-brief',
  'asa-capture',
  'phone-config',
  'certificate',
  'deployment',
  'axl-response',
  'ocserv-config',
]);

export function isConfigKind(kind: string): boolean {
  return CONFIG_KINDS.has(kind as InputKind);
}

export function isLogKind(kind: string): kind is LogInputKind {
  return /^(?:phone|asa|ocserv)-log(?:\+|$)/.test(kind);
}

interface Detection {
  kind: InputKind;
  /** 0–100; the highest wins. */
  confidence: number;
  /** Shown to the user (e.g. "signed .sgn file", or why it is not used). */
  hint?: string;
}

/** What a detector sees: the name (for messages only), the first bytes as text, and the bytes. */
interface Probe {
  name: string;
  /** The first HEAD_BYTES of the input decoded as latin1 (binary-safe). */
  head: string;
  bytes: Uint8Array;
}

interface Detector {
  name: string;
  detect(p: Probe): Detection | undefined;
}

export const HEAD_BYTES = 256 * 1024;

/** A prompt line that starts a command in a terminal capture: `host# show run`, `host(config)# more ...`. */
export const PROMPT_RE = /^([A-Za-z0-9][\w.\-/]*(?:\([\w-]+\))?)\s?[#>]\s*((?:sh|sho|show|more)\s+\S.*)$/;

/** JavaScript's `\s`: the scan below must see the same spaces as the pattern it replaced. */
function isSpace(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0) return true;
  if (c < 0x1680) return false;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const DASH = 0x2d;

/**
 * The command of a `show tech-support` section header (`------------------ show version ------------------`),
 * or undefined: one line of at least five dashes, `show` or `more`, a space, the command, at least five
 * dashes. A hand-written scan, linear in the line: the pattern it replaces (`-{5,}\s*(...\s+.+?)\s*-{5,}`)
 * backtracked quadratically on a header followed by a long run of dashes (issue 15).
 */
export function techHeaderCommand(line: string): string | undefined {
  const n = line.length;
  let i = 0;
  while (i < n && line.charCodeAt(i) === DASH) i++;
  if (i < 5) return undefined;
  while (i < n && isSpace(line.charCodeAt(i))) i++;
  const word = line.slice(i, i + 4);
  if (word !== 'show' && word !== 'more') return undefined;
  const start = i;
  if (!isSpace(line.charCodeAt(start + 4))) return undefined;
  // From the end: trailing space, then the closing run of dashes, then the space before it.
  let e = n;
  while (e > start && isSpace(line.charCodeAt(e - 1))) e--;
  let d = e;
  while (d > start && line.charCodeAt(d - 1) === DASH) d--;
  if (e - d < 5) return undefined;
  let s = d;
  while (s > start && isSpace(line.charCodeAt(s - 1))) s--;
  // The command is the shortest text that leaves the closing dashes: `show`, one space, one character at least.
  const min = start + 6;
  if (s >= min) return line.slice(start, s);
  if (min <= e - 5) return line.slice(start, min);
  return undefined;
}

/** Line breaks as a multiline pattern's `^` and `$` see them. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** Section headers in `text`, up to `max` (a line at a time: linear in the text). */
function countTechHeaders(text: string, max = 50): number {
  // A header holds five dashes in a row; most inputs have none, and need not be split into lines.
  if (!text.includes('-----')) return 0;
  let n = 0;
  for (const line of text.split(LINE_BREAK)) {
    if (n >= max) break;
    if (line.length >= 10 && line.charCodeAt(0) === DASH && techHeaderCommand(line) !== undefined) n++;
  }
  return n;
}

function count(re: RegExp, s: string, max = 50): number {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  let n = 0;
  while (n < max && g.exec(s)) n++;
  return n;
}

const RUNNING_CONFIG_KEYWORDS =
  /^(?:ASA Version \S|hostname \S|interface \S|ip local pool \S|group-policy \S+ (?:internal|attributes)|tunnel-group \S+ (?:type|general-attributes|webvpn-attributes|ipsec-attributes)|webvpn$|crypto ca trustpoint \S|ssl trust-point \S|ssl cipher \S|ssl encryption \S|ssl server-(?:min-)?version \S|crypto (?:map|dynamic-map|ikev1|ikev2|ipsec|isakmp) \S|access-list \S|object network \S|nameif \S|route \S+ \S)/gm;

/** The first words of the `show running-config` sections vpnphone reads (one alone makes a section file). */
const SECTION_FIRST_WORD = /^(?:crypto|tunnel-group|group-policy|ssl|ip local pool) /;

const asaRunningConfigDetector: Detector = {
  name: 'asa-running-config',
  detect({ head }) {
    const header = /^(?:: Saved|ASA Version \d|: Serial Number:|: Hardware:)/m.test(head);
    const kinds = new Set<string>();
    let lines = 0;
    for (const m of head.matchAll(RUNNING_CONFIG_KEYWORDS)) {
      if (SECTION_FIRST_WORD.test(m[0])) lines++;
      kinds.add((m[0].split(' ')[0] ?? '') + (m[0].split(' ')[1] ?? ''));
      if (kinds.size >= 6) break;
    }
    if (header && kinds.size >= 1) return { kind: 'asa-running-config', confidence: 90 };
    if (kinds.size >= 2) return { kind: 'asa-running-config', confidence: 50 + kinds.size * 5 };
    // One section alone (`show running-config crypto map`): several lines of the one kind.
    if (lines >= 3) return { kind: 'asa-running-config', confidence: 50 };
    return undefined;
  },
};

const asaShowDetector: Detector = {
  name: 'asa-show',
  detect({ head }) {
    if (
      /Adaptive Security Appliance Software Version|^Licensed features for this platform:|AnyConnect for Cisco VPN Phone\s*:/m.test(
        head,
      )
    )
      return { kind: 'asa-show-version', confidence: 80 };
    if (/^[^\S\r\n]*(?:System|Current) IP Addresses:/m.test(head))
      return { kind: 'asa-show-ip', confidence: 80 };
    if (
      /^[^\S\r\n]*(?:CA )?Certificate\s*$/m.test(head) &&
      /^[^\S\r\n]*(?:Certificate Serial Number|Associated Trustpoints):/m.test(head)
    )
      return { kind: 'asa-show-crypto-ca-certificates', confidence: 80 };
    if (/^Session Type: AnyConnect/m.test(head) || /^Username\s*:.*\bIndex\s*:/m.test(head))
      return { kind: 'asa-show-vpn-sessiondb', confidence: 80 };
    if (/^Accept connections using \S+ or greater/m.test(head) || /^SSL trust-points:/m.test(head))
      return { kind: 'asa-show-ssl', confidence: 75 };
    if (looksLikeShowSslCiphers(head)) return { kind: 'asa-show-ssl-ciphers', confidence: 75 };
    if (looksLikeSessiondbSummary(head)) return { kind: 'asa-show-vpn-sessiondb-summary', confidence: 75 };
    if (hasNameifHeader(head)) return { kind: 'asa-show-nameif', confidence: 75 };
    if (hasIpBriefHeader(head)) return { kind: 'asa-show-interface-ip-brief', confidence: 75 };
    return undefined;
  },
};

/** A prompt line typing `show running-config` (any abbreviation down to `sh run`) or `more system:running-config`. */
const SHOW_RUN_PROMPT =
  /^[A-Za-z0-9][\w.\-/]*(?:\([\w-]+\))?\s?[#>]\s*(?:sh(?:o|ow)?\s+run[\w-]*|more\s+system:running-config)\b/m;

const captureDetector: Detector = {
  name: 'asa-capture',
  detect({ head }) {
    const prompts = count(new RegExp(PROMPT_RE.source, 'm'), head) + countTechHeaders(head);
    // One prompt line followed by one command's output is that command's output (the seed's `show ip`).
    if (prompts >= 2) return { kind: 'asa-capture', confidence: 95 };
    // ... except a `show running-config SECTION`: the prompt tells what part of the configuration it shows.
    if (prompts === 1 && SHOW_RUN_PROMPT.test(head)) return { kind: 'asa-capture', confidence: 95 };
    return undefined;
  },
};

const phoneConfigDetector: Detector = {
  name: 'phone-config',
  detect({ head }) {
    const xml = /<\?xml|<device[\s>]/.exec(head);
    if (xml && /<device[\s>]/.test(head)) {
      if (!/<vpnGroup>|<deviceProtocol>|<fullConfig>|<sipProfile>|<loadInformation/.test(head))
        return undefined;
      const before = head.slice(0, xml.index);
      // A .sgn file: its signature header as bytes, or as a terminal shows it (`cat`/`more`: replacement
      // characters, the signer and the file name as text) before the XML.
      if (xml.index > 0 && /[\x00-\x08\x0e-\x1f\x80-\xff]/.test(before))
        return { kind: 'phone-config', confidence: 90, hint: 'signed (.sgn): binary header skipped' };
      if (/\.sgn\b/i.test(before))
        return { kind: 'phone-config', confidence: 90, hint: 'signed (.sgn) shown as text: header skipped' };
      return { kind: 'phone-config', confidence: 90 };
    }
    // A pasted part of a file (`cat SEP....cnf.xml.sgn` showing only the VPN settings): no <device>.
    const frag = head.indexOf('<vpnGroup>');
    if (frag >= 0 && /<(?:url1|certHash1|addresses|credentials)>/.test(head.slice(frag)))
      return {
        kind: 'phone-config',
        confidence: 70,
        hint: 'a <vpnGroup> fragment without <device>: its VPN settings are read',
      };
    return undefined;
  },
};

const certificateDetector: Detector = {
  name: 'certificate',
  detect({ head, bytes }) {
    const hasKey = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(head);
    if (!looksLikeCertificate(bytes)) {
      if (hasKey)
        return {
          kind: 'unrecognized',
          confidence: 60,
          hint: 'a private key: not used by the audit and never printed',
        };
      return undefined;
    }
    try {
      readCertificates(bytes);
      const n = certificateCount(bytes);
      const some = n > MAX_CERTIFICATES ? `; the first ${MAX_CERTIFICATES} are read` : '';
      return {
        kind: 'certificate',
        confidence: 85,
        hint: `${n} certificate${n === 1 ? '' : 's'}${some}${hasKey ? '; a private key in the same file was ignored' : ''}`,
      };
    } catch (e) {
      return {
        kind: 'unrecognized',
        confidence: 40,
        hint: `looks like a certificate but: ${(e as Error).message}`,
      };
    }
  },
};

const deploymentDetector: Detector = {
  name: 'deployment',
  detect({ head }) {
    if (/^headends?:\s*(?:#.*)?$/m.test(head) && /^cucm:\s*(?:#.*)?$/m.test(head))
      return { kind: 'deployment', confidence: 85 };
    return undefined;
  },
};

const axlDetector: Detector = {
  name: 'axl-response',
  detect({ head }) {
    if (
      /<(?:\w+:)?(?:get|list)(?:VpnGateway|VpnProfile|VpnGroup|CommonPhoneConfig|Phone)Response[\s>]/.test(
        head,
      )
    )
      return { kind: 'axl-response', confidence: 90 };
    if (/<(?:\w+:)?Envelope[\s>]/.test(head) && /<(?:vpnGateway|vpnProfile|vpnGroup)[\s>]/.test(head))
      return { kind: 'axl-response', confidence: 70 };
    return undefined;
  },
};

/**
 * Log files (phone console logs, PRT logs, ASA syslog, ocserv), by the log parser's own line tests; the least
 * confident answer, so a capture of `show logging` stays a capture and a configuration quoting a log line
 * stays one. Most lines must be log lines (a third at least: wrapped entries and blank lines are between
 * them), or the file is the output of `show logging` (its status block first): a ticket, a markdown note
 * or a JSON file quoting a log line is not a log.
 */
const logDetector: Detector = {
  name: 'log',
  detect({ head }) {
    const n = logFormatsOf(head);
    const shaped = n.phone + n.asa + n.ocserv;
    if (shaped === 0) return undefined;
    if (shaped * 3 < n.lines && !n.showLogging)
      return {
        kind: 'text-quoting-logs',
        confidence: 20,
        hint: `${shaped} log line${shaped === 1 ? '' : 's'} among ${n.lines} lines of other text (notes, a ticket, a JSON file): not read as a log`,
      };
    const parts: string[] = [];
    if (n.phone > 0) parts.push('phone-log');
    if (n.asa > 0) parts.push('asa-log');
    if (n.ocserv > 0) parts.push('ocserv-log');
    if (parts.length === 0) return undefined;
    return { kind: parts.join('+') as LogInputKind, confidence: 30 };
  },
};

/** The detectors, in no particular order (the most confident answer wins). */
/** ocserv.conf: `key = value` lines, among them keys only ocserv has. */
const ocservConfDetector: Detector = {
  name: 'ocserv-config',
  detect(p) {
    if (!OCSERV_KEYS.test(p.head)) return undefined;
    const settings = p.head.match(/^[^\S\r\n]*[a-z][\w-]*\s*=\s*\S/gm)?.length ?? 0;
    return settings >= 3 ? { kind: 'ocserv-config', confidence: 60 } : undefined;
  },
};

const DETECTORS: readonly Detector[] = [
  captureDetector,
  asaRunningConfigDetector,
  asaShowDetector,
  phoneConfigDetector,
  certificateDetector,
  deploymentDetector,
  axlDetector,
  logDetector,
  ocservConfDetector,
];

export interface Classification {
  kind: InputKind;
  hint?: string;
}

function isBinary(head: string): boolean {
  let ctl = 0;
  const n = Math.min(head.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32)) ctl++;
  }
  return n > 0 && ctl / n > 0.1;
}

/**
 * Classifies one input by content (its name is only for messages). Pure; looks at the first HEAD_BYTES
 * only, so the input reader classifies a stream from its head. Never throws.
 */
export function classify(name: string, bytes: Uint8Array): Classification {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEAD_BYTES)).toString(
    'latin1',
  );
  const p: Probe = { name, head, bytes };
  let best: Detection | undefined;
  for (const d of DETECTORS) {
    let r: Detection | undefined;
    try {
      r = d.detect(p);
    } catch {
      // A detector that trips over odd bytes has not recognized them; the others still decide.
      r = undefined;
    }
    if (r && (!best || r.confidence > best.confidence)) best = r;
  }
  if (best) return best.hint !== undefined ? { kind: best.kind, hint: best.hint } : { kind: best.kind };
  if (p.bytes.length === 0) return { kind: 'unrecognized', hint: 'empty' };
  return {
    kind: 'unrecognized',
    hint: isBinary(p.head) ? 'binary data of no known kind' : 'text of no known kind',
  };
}
