// Streaming log parser: physical lines in (any mix of phone console, ASA syslog/debug, ocserv), events out.
// Constant memory: it holds one pending phone entry (to join wrapped lines back) and a year clock.
import {
  ASA_IDS,
  ASA_KIND_HINT,
  asaDebugCandidate,
  type Classified,
  classifyAsa,
  classifyAsaDebug,
  classifyAutoDetect,
  classifyDnsmasq,
  classifyOcserv,
  classifyVpnc,
  classifyVpnState,
  ocservCandidate,
} from './classify.js';
import {
  type EventKind,
  type LogEvent,
  type LogFormat,
  type LogSeverity,
  PHONE_SEVERITY,
  syslogSeverity,
} from './event.js';
import { fractionMs, MONTH_NAMES, monthIndex, type TimeSource, YearClock, type YearOrigin } from './time.js';

export interface LogParserOptions {
  /** Input path written into every event. */
  source: string;
  /** Called for each VPN-relevant event, in file order. */
  onEvent: (event: LogEvent) => void;
  /** Reference time (ms) for year-less timestamps: the first one is placed at or before it. */
  now?: number;
  /** Year of the first year-less timestamp (overrides `now`). */
  year?: number;
  /** Where `now` came from, when it is not the computer's clock (the time the log was collected). */
  nowOrigin?: YearOrigin;
  /**
   * Kinds someone listens to; lines whose kind is known early (ASA ids) and not wanted are skipped
   * before their time is parsed. All kinds when absent.
   */
  kinds?: ReadonlySet<EventKind>;
  /** The text arrives as latin1 (one char per byte): events are turned back into UTF-8 where needed. */
  latin1?: boolean;
  /** Each event is used up by `onEvent` before the next (encoded): its strings need no copies of their own. */
  consumed?: boolean;
  /**
   * What turns timestamps into times (default: a YearClock from `now`, `year`, `nowOrigin`). A chunk of
   * one source parsed on its own records them instead, for the source's clock to place in file order.
   */
  clock?: TimeSource;
}

export interface LogStats {
  lines: number;
  phoneLines: number;
  asaLines: number;
  ocservLines: number;
  events: number;
  /** Times the phone's sequence numbers started again from a lower value (a reboot or a new file). */
  sequenceRestarts: number;
  /** Lines with a NUL byte or other binary content. */
  binaryLines: number;
}

/** A wrapped phone entry never spans more physical lines than this; longer runs are not joined. */
const MAX_CONTINUATION = 4;

/** The phone line header, as phoneHeader reads it by hand (tested equal). */
export const PHONE_HEADER =
  /^(\d+) (ERR|WRN|NOT|INF|DEB) ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (?:\((\d+):(\d+)\) )?/;
export const SYSLOG_TIME =
  /(?:^|[\s>])([A-Z][a-z]{2}) +(\d{1,2})(?: (\d{4}))? (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;
export const ISO_TIME = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?/;
/** The phone processes whose lines the checks read, as phoneProcessOf finds them (tested equal). */
export const PHONE_PROCESS = /VPNC|dnsmasq|vpnAutoDetect|VpnState/;
/** Words without which no VPNC line means anything to the checks (see classifyVpnc). */
const VPNC_KEYWORDS =
  /cipher|dtls|alert|abort_connect|gethostbyname|URL|LOGIN:|notify (?:type|code|desc)|vpn_set_active|cert|host ?id|ssl|handshake|process_connect/i;
/** `...` between excerpts marks lines left out, not a wrapped line. */
const ELISION = /^\s*(?:\.{3,}|…)\s*$/;

export class LogParser {
  readonly stats: LogStats = {
    lines: 0,
    phoneLines: 0,
    asaLines: 0,
    ocservLines: 0,
    events: 0,
    sequenceRestarts: 0,
    binaryLines: 0,
  };
  // The phone entry waiting for possible continuation lines (fields, not an object: one per phone line).
  private pendText: string | undefined;
  private pendLine = 0;
  private pendEnd = 0;
  private pendParts = 0;
  private pendKeywords = false;
  private lastSeq = -1;
  private firstSeq = -1;
  private readonly clock: TimeSource;
  private readonly wanted: ((kinds: readonly EventKind[] | undefined) => boolean) | undefined;
  private readonly wantedIds = new Map<string, boolean>();
  /** A phone repeats its VPNC messages: each text is classified once (classifyVpnc is a function of it). */
  private readonly vpncMemo = new Memo<Classified | undefined>(
    classifyVpnc,
    (k) => cloneClassified(k),
    keepClassified,
  );

  constructor(private readonly opts: LogParserOptions) {
    this.clock = opts.clock ?? new YearClock(opts.now ?? Date.now(), opts.year, opts.nowOrigin);
    const kinds = opts.kinds;
    this.wanted = kinds ? (ks) => ks === undefined || ks.some((k) => kinds.has(k)) : undefined;
  }

  /**
   * One physical line without its line break. `keywords`: the scanner saw a word of VPNC_KEYWORDS on it (a
   * phone entry starting here needs no second look for one).
   */
  line(raw: string, keywords = false): void {
    const n = ++this.stats.lines;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const c0 = text.charCodeAt(0);
    if (c0 >= 48 && c0 <= 57 && isPhoneHeader(text)) {
      this.flush();
      this.stats.phoneLines++;
      this.pendText = text;
      this.pendLine = n;
      this.pendEnd = n;
      this.pendParts = 1;
      // A keyword on the first line is one in the entry, however it is joined.
      this.pendKeywords = keywords;
      return;
    }
    const asa = asaTagIndex(text);
    if (asa >= 0) {
      this.flush();
      this.asaLine(text, 0, asa, text.length, n);
      return;
    }
    const oc = text.indexOf('ocserv');
    if (oc >= 0 && isOcservLine(text, oc)) {
      this.flush();
      this.stats.ocservLines++;
      this.ocservLine(text, n);
      return;
    }
    if (asaDebugCandidate(text)) {
      this.flush();
      // A configuration's `!` comment (or any commented line) is never debug output.
      if (isCommentLine(text)) return;
      // Console output of `debug webvpn anyconnect` / `debug crypto ca` without the 711001 tag.
      const k = classifyAsaDebug(text);
      if (k) this.emit('asa', n, n, undefined, 'debug', 'debug', k, text);
      return;
    }
    const p = this.pendText;
    if (
      p !== undefined &&
      this.pendParts < MAX_CONTINUATION &&
      text.length > 0 &&
      this.pendEnd === n - 1 &&
      !ELISION.test(text)
    ) {
      // A console line wrapped by the tool that copied it: a break after a hyphen was inside a word
      // (cipher names), any other break was a space.
      this.pendText = p.endsWith('-') ? p + text : `${p} ${text}`;
      this.pendEnd = n;
      this.pendParts++;
      return;
    }
    this.flush();
    if (text.indexOf('\0') >= 0) this.stats.binaryLines++;
  }

  end(): void {
    this.flush();
  }

  /**
   * line(s.slice(start, end)) for a line that is no phone header and whose first ASA tag is at `at` (the
   * scanner's fast path): the same counts and event, read in place.
   */
  asaAt(s: string, start: number, at: number, end: number): void {
    const n = ++this.stats.lines;
    const e = end > start && s.charCodeAt(end - 1) === 13 ? end - 1 : end;
    this.flush();
    this.asaLine(s, start, at, e, n);
  }

  /** `n` lines that can mean nothing to the checks were passed over (the scanner's fast path). */
  skip(n: number): void {
    if (n === 0) return;
    this.flush();
    this.stats.lines += n;
  }

  /** Where the year of this source's year-less timestamps came from (undefined: it had none). */
  get yearOrigin(): YearOrigin | undefined {
    return this.clock.origin;
  }

  /** The first and the last phone sequence number seen (-1: none), to count restarts across chunks. */
  get sequence(): { first: number; last: number } {
    return { first: this.firstSeq, last: this.lastSeq };
  }

  /** Whether a phone entry waits for possible continuation lines. */
  get pendingEntry(): boolean {
    return this.pendText !== undefined;
  }

  private flush(): void {
    const t = this.pendText;
    if (t === undefined) return;
    this.pendText = undefined;
    // Cheap prefilter: only VPN-related processes are worth a header parse.
    const which = phoneProcessOf(t);
    if (which === undefined) {
      this.trackSequence(t);
      return;
    }
    const vpnc = which === 'VPNC';
    const dns = which === 'dnsmasq';
    const auto = which === 'vpnAutoDetect';
    if (vpnc && !this.pendKeywords && !VPNC_KEYWORDS.test(t)) {
      // Most VPNC lines are chatter (keepalives, netsd notifications): skip them before any parsing.
      this.trackSequence(t);
      return;
    }
    const h = phoneHeader(t);
    if (!h) return;
    this.noteSequence(Number(h.seq));
    const rest = t.slice(h.end);
    const colon = rest.indexOf(':');
    const proc = colon >= 0 ? rest.slice(0, colon) : rest;
    const body = colon >= 0 ? rest.slice(colon + 1) : '';
    let k: Classified | undefined;
    if (vpnc) k = this.vpncMemo.get(body);
    else if (dns) k = classifyDnsmasq(body);
    else if (auto) k = classifyAutoDetect(body);
    else k = classifyVpnState(body);
    if (!k) return;
    const time =
      h.month < 0 ? undefined : this.clock.at(h.month, h.day, h.h, h.m, h.s, fractionMs(h.fraction));
    if (h.pid) k.fields.pid = h.pid;
    k.fields.seq = h.seq;
    this.emit(
      'phone',
      this.pendLine,
      this.pendEnd,
      time,
      proc.trim(),
      PHONE_SEVERITY[h.severity] ?? 'info',
      k,
      t,
    );
  }

  /** Sequence numbers of lines the checks skip still tell where the phone restarted. */
  private trackSequence(t: string): void {
    let i = 0;
    let seq = 0;
    for (; i < t.length && i < 12; i++) {
      const d = t.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      seq = seq * 10 + d;
    }
    this.noteSequence(seq);
  }

  private noteSequence(seq: number): void {
    // Small reorderings happen (the seed shows 2691 before 2690); a restart drops far back.
    if (this.firstSeq < 0) this.firstSeq = seq;
    else if (isRestart(seq, this.lastSeq)) this.stats.sequenceRestarts++;
    this.lastSeq = seq;
  }

  /** The ASA line s[start, end) (line `n`) whose first ASA tag (`%ASA-`, `%FTD-`: asaTagIndex) is at `at`. */
  private asaLine(s: string, start: number, at: number, end: number, n: number): void {
    // A line quoting an ASA message in prose (ticket notes, JSON, markdown) is no log evidence.
    if (!logPrefixShapedAt(s, start, at)) return;
    this.stats.asaLines++;
    // `%ASA-6-725001: ` read by position: this runs on every ASA line.
    const sa = asaSeverityAt(s, at);
    const sev = s.charCodeAt(sa) - 48;
    if (sev < 0 || sev > 7 || sa + 1 >= end || s.charCodeAt(sa + 1) !== 45) return;
    const id = s.slice(sa + 2, Math.min(sa + 8, end));
    if (!this.idWanted(id)) return;
    let b = sa + 8;
    if (b < end && s.charCodeAt(b) === 58) b++;
    if (b < end && s.charCodeAt(b) === 32) b++;
    const body = s.slice(b, end);
    if (id === '711001' && !asaDebugCandidate(body)) return;
    const k = classifyAsa(id, body);
    if (!k) return;
    k.fields.id = id;
    const text = start === 0 && end === s.length ? s : s.slice(start, end);
    const tag = s.charCodeAt(at + 1) === 70 ? 'FTD' : 'ASA';
    this.emit('asa', n, n, this.timeAt(s, start, at), `%${tag}-${sev}-${id}`, syslogSeverity(sev), k, text);
  }

  /** Whether lines of ASA message `id` are read: a known id, and one that can give a kind listened to. */
  private idWanted(id: string): boolean {
    let w = this.wantedIds.get(id);
    if (w === undefined) {
      w = ASA_IDS.has(id) && (!this.wanted || this.wanted(ASA_KIND_HINT[id]));
      if (this.wantedIds.size < 64) this.wantedIds.set(id, w);
    }
    return w;
  }

  private ocservLine(text: string, n: number): void {
    const m = /ocserv(?:-worker)?\[\d+\]:\s*(?:(main|worker|sec-mod)\b[^:]*:\s*)?(.*)$/.exec(text);
    const body = m ? m[2]! : text;
    if (!ocservCandidate(body)) return;
    const k = classifyOcserv(body);
    if (!k) return;
    const proc = m?.[1] ? `ocserv ${m[1]}` : 'ocserv';
    const sev: LogSeverity = k.kind.endsWith('ok') || k.kind.endsWith('cipher') ? 'info' : 'error';
    this.emit('ocserv', n, n, this.timeOf(text.slice(0, text.indexOf('ocserv'))), proc, sev, k, text);
  }

  /**
   * timeOf(s.slice(from, to)), read by hand when the prefix starts with a syslog time (`Mar 1 2020 00:00:12`,
   * `Mar  1 00:00:12.345`) and holds no `-` (no ISO time can be in it): the regexes' first match.
   */
  private timeAt(s: string, from: number, to: number): number | undefined {
    const t = syslogTimeAt(s, from, to);
    if (t === undefined) return this.timeOf(s.slice(from, to));
    if (t === null) return undefined;
    const [year, month, day, h, m, sec, frac0, frac1] = t;
    const ms = frac1 > frac0 ? fractionMs(s.slice(frac0, frac1)) : 0;
    return year >= 0
      ? this.clock.withYear(year, month, day, h, m, sec, ms)
      : this.clock.at(month, day, h, m, sec, ms);
  }

  private timeOf(prefix: string): number | undefined {
    const iso = ISO_TIME.exec(prefix);
    if (iso) {
      return this.clock.withYear(
        Number(iso[1]),
        Number(iso[2]) - 1,
        Number(iso[3]),
        Number(iso[4]),
        Number(iso[5]),
        Number(iso[6]),
        fractionMs(iso[7]),
      );
    }
    const s = SYSLOG_TIME.exec(prefix);
    if (!s) return undefined;
    const month = monthIndex(s[1]!);
    if (month === undefined) return undefined;
    const args = [month, Number(s[2]), Number(s[4]), Number(s[5]), Number(s[6]), fractionMs(s[7])] as const;
    return s[3] ? this.clock.withYear(Number(s[3]), ...args) : this.clock.at(...args);
  }

  private emit(
    format: LogFormat,
    line: number,
    endLine: number,
    time: number | undefined,
    proc: string,
    severity: LogSeverity,
    k: Classified,
    text: string,
  ): void {
    this.stats.events++;
    if (this.opts.latin1 && NON_ASCII.test(text)) {
      text = utf8(text);
      for (const [key, v] of Object.entries(k.fields)) k.fields[key] = utf8(v);
    } else if (!this.opts.consumed) {
      // The line is a slice of the scanner's whole chunk; an event kept as evidence would keep the chunk
      // alive (a 64 KiB string per finding, promoted and copied by the collector). A copy of its own frees it.
      text = detach(text);
      proc = detach(proc);
      for (const key in k.fields) k.fields[key] = detach(k.fields[key]!);
    }
    this.opts.onEvent({
      source: this.opts.source,
      line,
      endLine,
      time,
      format,
      process: proc,
      severity,
      kind: k.kind,
      fields: k.fields,
      text,
    });
  }
}

/**
 * `f(text)` remembered for the texts seen last (up to `size`, then it starts again): for texts a log repeats
 * word for word. `copy` gives each caller a value of its own (a classified line's fields are added to);
 * `keep` makes the value remembered, which must share no storage with the text it came from (a slice of
 * the scanner's chunk would keep the whole chunk alive), as the key does.
 */
export class Memo<T> {
  private readonly seen = new Map<string, T>();

  constructor(
    private readonly f: (text: string) => T,
    private readonly copy: (v: T) => T = (v) => v,
    private readonly keep: (v: T) => T = copy,
    private readonly size = 1024,
  ) {}

  get(text: string): T {
    const seen = this.seen;
    const known = seen.get(text);
    // One lookup where a value is never undefined (a kind, a boolean), two only for an undefined one.
    if (known !== undefined || seen.has(text)) return this.copy(known as T);
    const v = this.f(text);
    if (seen.size >= this.size) seen.clear();
    // A text of a line joined from several, or a long one, is not worth keeping.
    if (text.length <= 256) seen.set(detach(text), this.keep(v));
    return v;
  }
}

/** A classified line with fields of its own (their values through `value`). */
function cloneClassified(
  k: Classified | undefined,
  value: (v: string) => string = (v) => v,
): Classified | undefined {
  if (!k) return undefined;
  const fields: Record<string, string> = {};
  for (const key in k.fields) fields[key] = value(k.fields[key]!);
  return { kind: k.kind, fields };
}

/** cloneClassified with strings of their own. */
const keepClassified = (k: Classified | undefined) => cloneClassified(k, detach);

/** A phone sequence number `seq` after `last` means a restart (see LogParser.noteSequence). */
export function isRestart(seq: number, last: number): boolean {
  return seq + 100 < last;
}

const NON_ASCII = /[\x80-\xff]/;

/** A string that shares no storage with the one it came from (V8 flattens a concatenation into a new string). */
export function detach(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Index of the first ASA message tag at or after `from`, or -1: `%ASA-`, or `%FTD-`, the tag Firepower Threat
 * Defense puts on the same messages (its ASA engine logs the ids, texts and fields an ASA does).
 */
export function asaTagIndex(s: string, from = 0): number {
  for (let i = s.indexOf('%', from); i >= 0; i = s.indexOf('%', i + 1)) {
    if (s.charCodeAt(i + 4) !== 45) continue;
    const a = s.charCodeAt(i + 1);
    const b = s.charCodeAt(i + 2);
    const c = s.charCodeAt(i + 3);
    if ((a === 65 && b === 83 && c === 65) || (a === 70 && b === 84 && c === 68)) return i;
  }
  return -1;
}

/**
 * Where the severity digit of the ASA tag at `at` is: right after `%ASA-`, or after the message class some
 * headends put before it (`%ASA-svc-6-722022`, `%FTD-auth-6-113005`, `%ASA-session-6-302013`). The class,
 * lower-case letters, is passed over: the message is the one without it.
 */
function asaSeverityAt(s: string, at: number): number {
  const c = s.charCodeAt(at + 5);
  if (!(c >= 97 && c <= 122)) return at + 5;
  let i = at + 6;
  while (i < at + 20) {
    const d = s.charCodeAt(i);
    if (d === 45) return i + 1;
    if (!(d >= 97 && d <= 122)) return at + 5;
    i++;
  }
  return at + 5;
}
const isBlank = (c: number): boolean => c === 32 || c === 9;

/**
 * Whether the text before a log tag at `at` (`%ASA-`, `ocserv[`) is what a log writes there: nothing,
 * or a syslog header (`<166>`, a time, a host, `:`), or a host alone (`fw-1 :`, `10.0.0.1`). Prose
 * quoting a message (`Customer sees %ASA-...`, `"note":"... '%ASA-...`) is not. A hand scan, linear.
 */
export function logPrefixShaped(text: string, at: number): boolean {
  return logPrefixShapedAt(text, 0, at);
}

/** logPrefixShaped(s.slice(from), at - from) without the slice. */
function logPrefixShapedAt(text: string, from: number, at: number): boolean {
  if (at - from > 160) return false;
  let tokens = 0;
  let inToken = false;
  let time = false;
  let plainWord = false;
  let tokenHasMark = false;
  for (let i = from; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) return false; // " ' `
    if (isBlank(c)) {
      if (inToken && !tokenHasMark) plainWord = true;
      inToken = false;
      continue;
    }
    if (!inToken) {
      tokens++;
      inToken = true;
      tokenHasMark = false;
    }
    // `hh:mm:ss` ends here.
    if (
      c === 58 &&
      i >= from + 2 &&
      isDigit(text.charCodeAt(i - 1)) &&
      isDigit(text.charCodeAt(i - 2)) &&
      isDigit(text.charCodeAt(i + 1)) &&
      isDigit(text.charCodeAt(i + 2)) &&
      text.charCodeAt(i + 3) === 58
    )
      time = true;
    if (isDigit(c) || c === 46 || c === 58 || c === 45 || c === 91 || c === 93 || c === 60 || c === 62)
      tokenHasMark = true;
  }
  if (inToken && !tokenHasMark) plainWord = true;
  if (tokens === 0) return true;
  const pri = text.charCodeAt(from) === 60 && isDigit(text.charCodeAt(from + 1));
  if (time || pri) return tokens <= 10;
  return tokens <= 3 && !plainWord;
}

/** monthIndex by the month name's three character codes, read without a slice. */
const MONTH_CODES = new Map<number, number>(
  MONTH_NAMES.map((m, i) => [(m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), i]),
);

/** Two digits at i as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `hh:mm:ss` at i within [i, to): the three numbers, or undefined. */
function clockAt(s: string, i: number, to: number): [number, number, number] | undefined {
  if (i + 8 > to || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return undefined;
  const h = twoDigits(s, i);
  const m = twoDigits(s, i + 3);
  const sec = twoDigits(s, i + 6);
  return h < 0 || m < 0 || sec < 0 ? undefined : [h, m, sec];
}

/**
 * What SYSLOG_TIME (ISO_TIME first) finds in s[from, to) when the text starts with its match and holds no
 * `-`: [year or -1, month, day, h, m, s, fraction start, fraction end]; null when the first match names no
 * month; undefined when the text is not of that shape (the regexes decide).
 */
export function syslogTimeAt(
  s: string,
  from: number,
  to: number,
): [number, number, number, number, number, number, number, number] | null | undefined {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 45) return undefined;
  const c0 = s.charCodeAt(from);
  const c1 = s.charCodeAt(from + 1);
  const c2 = s.charCodeAt(from + 2);
  if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122) || from + 3 >= to)
    return undefined;
  let i = from + 3;
  if (s.charCodeAt(i) !== 32) return undefined;
  while (i < to && s.charCodeAt(i) === 32) i++;
  // `\d{1,2}` then a space (a third digit fails the match here).
  let day = s.charCodeAt(i) - 48;
  if (!(day >= 0 && day <= 9) || i >= to) return undefined;
  i++;
  const d2 = s.charCodeAt(i) - 48;
  if (d2 >= 0 && d2 <= 9 && i < to) {
    day = day * 10 + d2;
    i++;
  }
  if (i >= to || s.charCodeAt(i) !== 32) return undefined;
  let year = -1;
  let t: [number, number, number] | undefined;
  // `(?: (\d{4}))? (\d\d):(\d\d):(\d\d)`: with the year first, else without (the regex backtracks).
  const y = i + 5 < to && s.charCodeAt(i + 5) === 32 ? twoDigits(s, i + 1) * 100 + twoDigits(s, i + 3) : -1;
  if (y >= 0 && twoDigits(s, i + 1) >= 0 && twoDigits(s, i + 3) >= 0) {
    t = clockAt(s, i + 6, to);
    if (t) {
      year = y;
      i += 14;
    }
  }
  if (!t) {
    t = clockAt(s, i + 1, to);
    if (!t) return undefined;
    i += 9;
  }
  let f0 = i;
  let f1 = i;
  if (i + 1 < to && s.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < to && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j > i + 1) {
      f0 = i + 1;
      f1 = j;
    }
  }
  const month = MONTH_CODES.get((c0 << 16) | (c1 << 8) | c2);
  if (month === undefined) return null;
  return [year, month, day, t[0], t[1], t[2], f0, f1];
}

/** Whether the line is an ocserv log line (LogParser.line's test, wherever the word is). */
function ocservAt(text: string): boolean {
  const oc = text.indexOf('ocserv');
  return oc >= 0 && isOcservLine(text, oc);
}

/** An ocserv line: `ocserv[123]:`, `ocserv-worker[123]:` or `ocserv:` after a log-shaped prefix. */
function isOcservLine(text: string, oc: number): boolean {
  return /^ocserv(?:-worker)?\[\d+\]:|^ocserv:/.test(text.slice(oc, oc + 40)) && logPrefixShaped(text, oc);
}

/** A commented line: `!` (ASA, IOS), `#`, `;` or `//` first. */
function isCommentLine(text: string): boolean {
  let i = 0;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return c === 33 || c === 35 || c === 59 || (c === 47 && text.charCodeAt(i + 1) === 47);
}

/** The leftmost of the phone processes the checks read (PHONE_PROCESS's match), found without a regex. */
export function phoneProcessOf(t: string): string | undefined {
  let which: string | undefined;
  let at = t.length;
  for (const w of PHONE_PROCESS_WORDS) {
    const i = t.indexOf(w);
    if (i >= 0 && i < at) {
      at = i;
      which = w;
    }
  }
  return which;
}

const PHONE_PROCESS_WORDS = ['VPNC', 'dnsmasq', 'vpnAutoDetect', 'VpnState'] as const;

/** What PHONE_HEADER reads from a phone line's header; month -1: not a month name. */
interface PhoneHeader {
  seq: string;
  severity: string;
  month: number;
  day: number;
  h: number;
  m: number;
  s: number;
  fraction: string | undefined;
  pid: string | undefined;
  /** Where the header ends (PHONE_HEADER's match length). */
  end: number;
}

/** Digits from i: the index after the last. */
function digitsEnd(t: string, i: number): number {
  let j = i;
  while (j < t.length) {
    const c = t.charCodeAt(j);
    if (c < 48 || c > 57) break;
    j++;
  }
  return j;
}

/** PHONE_HEADER.exec(t) read by hand (this runs on every phone entry the checks read); undefined: no match. */
export function phoneHeader(t: string): PhoneHeader | undefined {
  const seqEnd = digitsEnd(t, 0);
  if (seqEnd === 0 || t.charCodeAt(seqEnd) !== 32 || t.charCodeAt(seqEnd + 4) !== 32) return undefined;
  const severity = severityAt(t, seqEnd + 1);
  if (severity === undefined) return undefined;
  let i = seqEnd + 5;
  const c0 = t.charCodeAt(i);
  const c1 = t.charCodeAt(i + 1);
  const c2 = t.charCodeAt(i + 2);
  if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122)) return undefined;
  i += 3;
  if (t.charCodeAt(i) !== 32) return undefined;
  while (t.charCodeAt(i) === 32) i++;
  // `(\d{1,2}) ` (a third digit is no match: nothing before it can give way).
  const dayEnd = digitsEnd(t, i);
  if (dayEnd === i || dayEnd - i > 2 || t.charCodeAt(dayEnd) !== 32) return undefined;
  const day = dayEnd - i === 1 ? t.charCodeAt(i) - 48 : twoDigits(t, i);
  const hh = twoDigits(t, dayEnd + 1);
  const mm = twoDigits(t, dayEnd + 4);
  const ss = twoDigits(t, dayEnd + 7);
  if (hh < 0 || mm < 0 || ss < 0 || t.charCodeAt(dayEnd + 3) !== 58 || t.charCodeAt(dayEnd + 6) !== 58)
    return undefined;
  i = dayEnd + 9;
  let fraction: string | undefined;
  if (t.charCodeAt(i) === 46) {
    const f = digitsEnd(t, i + 1);
    if (f === i + 1) return undefined;
    fraction = t.slice(i + 1, f);
    i = f;
  }
  if (t.charCodeAt(i) !== 32) return undefined;
  i++;
  let pid: string | undefined;
  // `(?:\((\d+):(\d+)\) )?`: taken only whole.
  if (t.charCodeAt(i) === 40) {
    const a = digitsEnd(t, i + 1);
    if (a > i + 1 && t.charCodeAt(a) === 58) {
      const b = digitsEnd(t, a + 1);
      if (b > a + 1 && t.charCodeAt(b) === 41 && t.charCodeAt(b + 1) === 32) {
        pid = t.slice(i + 1, a);
        i = b + 2;
      }
    }
  }
  return {
    seq: t.slice(0, seqEnd),
    severity,
    month: MONTH_CODES.get((c0 << 16) | (c1 << 8) | c2) ?? -1,
    day,
    h: hh,
    m: mm,
    s: ss,
    fraction,
    pid,
    end: i,
  };
}

/** The phone severity word at i (ERR, WRN, NOT, INF, DEB), or undefined. */
function severityAt(t: string, i: number): string | undefined {
  const a = t.charCodeAt(i);
  const b = t.charCodeAt(i + 1);
  const c = t.charCodeAt(i + 2);
  if (a === 78 && b === 79 && c === 84) return 'NOT';
  if (a === 73 && b === 78 && c === 70) return 'INF';
  if (a === 68 && b === 69 && c === 66) return 'DEB';
  if (a === 69 && b === 82 && c === 82) return 'ERR';
  if (a === 87 && b === 82 && c === 78) return 'WRN';
  return undefined;
}

/** `<seq> <SEV> ` at the start of a line, checked by hand: this runs on every line. */
function isPhoneHeader(t: string): boolean {
  return isPhoneHeaderAt(t, 0, t.length);
}

/** isPhoneHeader(s.slice(from, to)) without the slice (the scanner's per-line test). */
function isPhoneHeaderAt(s: string, from: number, to: number): boolean {
  let i = from;
  const lim = Math.min(to, from + 12);
  while (i < lim) {
    const d = s.charCodeAt(i);
    if (d < 48 || d > 57) break;
    i++;
  }
  if (i === from || i + 4 >= to || s.charCodeAt(i) !== 32 || s.charCodeAt(i + 4) !== 32) return false;
  return severityAt(s, i + 1) !== undefined;
}

/**
 * Where a piece of a source may begin so that parsing it on its own gives what parsing the whole source
 * gives: the first line start at or after `from` that is a phone header, or whose MAX_CONTINUATION lines
 * before it all start less than `back` characters before it and none of them is a phone header (no entry
 * can be pending there, and the scanner looks back no further; see LogParser.line, LogScanner.entryStart).
 * Which lines qualify depends on the text alone, not on where a window over it starts, as long as the
 * window begins `back` before `from` (or at the source's start: `atStart`). -1: no such line in `text`
 * whose end is in it (`atEnd`: the text ends with the source, whose last line needs no break).
 */
export function pieceCut(text: string, from: number, back: number, atStart: boolean, atEnd: boolean): number {
  let l: number;
  if (from === 0) l = atStart ? 0 : text.indexOf('\n') + 1;
  else l = text.charCodeAt(from - 1) === 10 ? from : text.indexOf('\n', from) + 1;
  if (l === 0 && !(from === 0 && atStart)) return atEnd ? text.length : -1;
  while (l < text.length) {
    let nl = text.indexOf('\n', l);
    if (nl < 0) {
      if (!atEnd) return -1;
      nl = text.length;
    }
    if (isPhoneHeaderAt(text, l, nl) || noEntryBefore(text, l, back, atStart)) return l;
    l = nl + 1;
  }
  return atEnd ? text.length : -1;
}

/** Whether none of the MAX_CONTINUATION lines before the line at `l` is a phone header (see pieceCut). */
function noEntryBefore(text: string, l: number, back: number, atStart: boolean): boolean {
  let ls = l;
  for (let i = 0; i < MAX_CONTINUATION; i++) {
    if (ls === 0) return atStart;
    const k = ls >= 2 ? text.lastIndexOf('\n', ls - 2) : -1;
    if (k < 0 && !atStart) return false;
    const prev = k + 1;
    if (prev <= l - back || isPhoneHeaderAt(text, prev, ls - 1)) return false;
    ls = prev;
  }
  return true;
}

/** Splits text chunks into lines for a parser (a line may span chunks). */
export class LineSplitter {
  private rest = '';
  /** Inside an over-long line already handed on: drop text until its end. */
  private skipping = false;

  constructor(private readonly sink: (line: string) => void) {}

  write(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (this.skipping) {
      if (nl < 0) return;
      this.skipping = false;
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    } else if (this.rest.length > 0 && nl >= 0) {
      this.sink(this.rest + chunk.slice(0, nl));
      this.rest = '';
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    while (nl >= 0) {
      this.sink(chunk.slice(start, nl));
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    this.rest = start === 0 ? this.rest + chunk : chunk.slice(start);
    if (this.rest.length > MAX_LINE) {
      // A "line" of megabytes is binary junk: keep its start, count it as one line, drop the rest.
      this.sink(this.rest.slice(0, 4096));
      this.rest = '';
      this.skipping = true;
    }
  }

  end(): void {
    if (this.rest.length > 0) this.sink(this.rest);
    this.rest = '';
    this.skipping = false;
  }
}

const MAX_LINE = 1 << 20;

/**
 * Text chunks in, parser calls out — the hot path. The first `fullLines` lines go through the parser one by
 * one (they tell what kind of log this is); after that a search over the whole chunk (LineFinder) finds the
 * lines that can matter (a VPN process, a relevant ASA id, ocserv, a debug keyword) and only those (and the
 * lines that continue them) are handed to the parser; the lines in between are only counted. The result is
 * the same as feeding every line: a skipped line would have given no event and changed no state.
 * Chunks of up to ~64 KiB are cheapest (see PIECE in src/cli/inputs.ts).
 */
export class LogScanner {
  /** A line not ended yet: the start of the next chunk's first line. */
  private rest = '';
  private skipping = false;
  private readonly find: LineFinder;
  /**
   * Where each of skipLines' searches (FIRST_FINDS) finds its word next in the text being scanned (-1: nowhere after, -2: not searched yet):
   * the gaps between the lines parsed come in order, so each word is searched once over a text, not once
   * per gap to its end.
   */
  private readonly nextWord = [-2, -2, -2];

  constructor(
    private readonly parser: LogParser,
    kinds?: ReadonlySet<EventKind>,
    private readonly fullLines = 5000,
  ) {
    this.find = new LineFinder(kinds);
  }

  write(chunk: string): void {
    let s = chunk;
    if (this.skipping) {
      const nl = s.indexOf('\n');
      if (nl < 0) return;
      this.skipping = false;
      s = s.slice(nl + 1);
    }
    if (this.rest.length > 0) {
      if (s.indexOf('\n') < 0 && this.rest.length + s.length <= MAX_LINE) {
        // More of a line that goes on: nothing to scan yet (no search over the whole line for each piece).
        this.rest += s;
        return;
      }
      s = this.rest + s;
    }
    const complete = s.lastIndexOf('\n') + 1;
    if (s.length - complete > MAX_LINE) {
      // A "line" of megabytes is binary junk: its start counts as one line, the rest is dropped (as LineSplitter).
      this.scan(s, complete);
      this.parser.line(s.slice(complete, complete + 4096));
      this.rest = '';
      this.skipping = true;
      return;
    }
    // Chunks that end at a line break (the file readers') are scanned as they are: no text is carried into
    // the next, whose string stays a flat one.
    this.rest = complete < s.length ? s.slice(complete) : '';
    if (complete > 0) this.scan(s, complete);
  }

  end(): void {
    const s = this.rest;
    this.rest = '';
    this.skipping = false;
    // The last line, ended or not, is scanned like the others: a word on it may continue an entry whose
    // header came before (the parser holds that entry: see scan).
    const t = s === '' || s.endsWith('\n') ? s : `${s}\n`;
    if (t.length > 0) this.scan(t, t.length);
    this.parser.end();
  }

  /** Complete lines s[0, end). */
  private scan(s: string, end: number): void {
    const p = this.parser;
    let pos = 0;
    while (pos < end && p.stats.lines < this.fullLines) {
      const nl = s.indexOf('\n', pos);
      p.line(s.slice(pos, nl));
      pos = nl + 1;
    }
    pos = this.continuation(s, pos, end);
    const find = this.find;
    find.reset(s);
    this.nextWord.fill(-2);
    let from = pos;
    while (pos < end) {
      const at = find.next(from);
      if (at < 0 || at >= end) break;
      let start = s.lastIndexOf('\n', at) + 1;
      const nl = s.indexOf('\n', start);
      const phone = isPhoneHeaderAt(s, start, nl);
      if (find.asa && !phone) {
        // An ASA line ends any entry before it and continues none: read in place, nothing joined to it.
        this.skipLines(s, pos, start);
        p.asaAt(s, start, asaTagIndex(s, start), nl);
        pos = nl + 1;
        from = pos;
        continue;
      }
      let keywords = false;
      if (phone) {
        if (find.vpnc) {
          keywords = VPNC_KEYWORDS.test(s.slice(start, nl));
          if (!keywords && this.endsEntry(s, nl, end)) {
            // A VPNC entry without any word the checks read (keepalives, netsd notifications), not
            // continued on the next line: nothing to parse. Counted with the lines skipped around it.
            from = nl + 1;
            continue;
          }
        }
      } else {
        // The word may sit on a wrapped continuation line: the parser reads the entry from its header.
        start = this.entryStart(s, start, pos, start);
      }
      this.skipLines(s, pos, start);
      for (let ls = start; ls <= nl; ) {
        const e = s.indexOf('\n', ls);
        p.line(s.slice(ls, e), keywords && ls === start);
        ls = e + 1;
      }
      pos = this.continuation(s, nl + 1, end);
      from = pos;
    }
    // The last lines from a phone header on go to the parser (it joins them or not): the next chunk may
    // continue that entry, and its first lines reach the parser while the entry waits (continuation).
    const tail = this.entryStart(s, end, pos, end);
    this.skipLines(s, pos, tail);
    for (let ls = tail; ls < end; ) {
      const e = s.indexOf('\n', ls);
      p.line(s.slice(ls, e));
      ls = e + 1;
    }
  }

  /**
   * Lines s[from, to) passed over: counted, and while the parser has seen no phone, ASA, ocserv or binary
   * line, looked at for the first one (the kind of log a source is, and whether it had any log line, come
   * from these counts: see logKind). A line passed over gives no event, so nothing else is needed from it.
   */
  private skipLines(s: string, from: number, to: number): void {
    if (from >= to) return;
    const st = this.parser.stats;
    if (st.phoneLines === 0) {
      for (let ls = from; ls < to; ) {
        const nl = s.indexOf('\n', ls);
        if (isPhoneHeaderAt(s, ls, nl)) {
          st.phoneLines++;
          break;
        }
        ls = nl + 1;
      }
    }
    // The same tests as LogParser.line: a quoted ASA message or an ocserv word in prose is no log line.
    if (st.asaLines === 0 && this.firstLine(s, from, to, 0)) st.asaLines++;
    if (st.ocservLines === 0 && this.firstLine(s, from, to, 1)) st.ocservLines++;
    // Binary lines count only when no line is of a log kind (logKind), so a wrapped entry cannot own one.
    if (st.binaryLines === 0 && this.firstLine(s, from, to, 2)) st.binaryLines++;
    this.parser.skip(countLines(s, from, to));
  }

  /** Whether some line of s[from, to) that is no phone entry holds what FIRST_FINDS[w] finds and passes its test. */
  private firstLine(s: string, from: number, to: number, w: 0 | 1 | 2): boolean {
    const find = FIRST_FINDS[w]!;
    const known = this.nextWord[w]!;
    let i = known !== -2 && (known < 0 || known >= from) ? known : find(s, from);
    while (i >= 0 && i < to) {
      const ls = s.lastIndexOf('\n', i) + 1;
      const nl = s.indexOf('\n', i);
      if (ls >= from && !isPhoneHeaderAt(s, ls, nl) && FIRST_TESTS[w](s.slice(ls, nl))) return true;
      i = find(s, nl + 1);
    }
    this.nextWord[w] = i;
    return false;
  }

  /**
   * Start of the phone entry that the line at `line` may continue: the last phone header among the
   * MAX_CONTINUATION - 1 lines before it (not before `floor`), else `none`. A wrapped entry never reaches
   * further back (see LogParser.line), so any line the parser would join to an entry is fed with it.
   */
  private entryStart(s: string, line: number, floor: number, none: number): number {
    let ls = line;
    for (let i = 0; i < MAX_CONTINUATION - 1 && ls > floor; i++) {
      const prev = ls === 1 ? 0 : s.lastIndexOf('\n', ls - 2) + 1;
      if (isPhoneHeaderAt(s, prev, ls - 1)) return prev;
      ls = prev;
    }
    return none;
  }

  /** Whether the line after the one ending at `nl` starts a new entry (or is empty): nothing continues it. */
  private endsEntry(s: string, nl: number, end: number): boolean {
    const next = nl + 1;
    if (next >= end) return false;
    const after = s.indexOf('\n', next);
    return after === next || isPhoneHeaderAt(s, next, Math.min(after, next + 16));
  }

  /** Lines that may continue a pending phone entry go to the parser too (it joins them or not). */
  private continuation(s: string, from: number, end: number): number {
    let pos = from;
    for (let i = 0; i < MAX_CONTINUATION && pos < end && this.parser.pendingEntry; i++) {
      const nl = s.indexOf('\n', pos);
      if (isPhoneHeaderAt(s, pos, nl)) break;
      this.parser.line(s.slice(pos, nl));
      pos = nl + 1;
    }
    return pos;
  }
}

/**
 * The searches of LogScanner.firstLine (-2 in nextWord: not searched yet): an ASA tag, `ocserv`, a NUL; and
 * what a line holding one must pass.
 */
const FIRST_FINDS: readonly ((s: string, from: number) => number)[] = [
  asaTagIndex,
  (s, from) => s.indexOf('ocserv', from),
  (s, from) => s.indexOf('\0', from),
];
const FIRST_TESTS: readonly [(l: string) => boolean, (l: string) => boolean, (l: string) => boolean] = [
  (l) => logPrefixShaped(l, asaTagIndex(l)),
  (l) => asaTagIndex(l) < 0 && isOcservLine(l, l.indexOf('ocserv')),
  (l) => asaTagIndex(l) < 0 && !ocservAt(l),
];

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i >= 0 && i < to) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

/**
 * The words that make a line worth parsing (LineFinder), besides `%ASA-<sev>-<id>` (or `%FTD-`) with an id of
 * scanAsaIds: a VPN process of the phone, ocserv, the ASA debug words (asaDebugCandidate). Plain text.
 */
export const SCAN_WORDS: readonly string[] = [
  'VPNC',
  'dnsmasq',
  'vpnAutoDetect',
  'VpnState',
  'ocserv',
  'X-DTLS-CipherSuite',
  'CRYPTO_PKI',
  'emporary',
  'IPPhone',
  'no shared cipher',
];

/** The ASA message ids whose lines are worth parsing when only `kinds` are wanted (all kinds: undefined). */
export function scanAsaIds(kinds?: ReadonlySet<EventKind>): string[] {
  // 711001 debug lines are only worth reading with one of the debug words (see asaDebugCandidate).
  return [...ASA_IDS].filter(
    (id) =>
      id !== '711001' &&
      (!kinds || (ASA_KIND_HINT[id] ?? []).some((k) => kinds.has(k)) || !ASA_KIND_HINT[id]),
  );
}

/**
 * Finds the lines worth parsing: a VPN process, a relevant ASA id, ocserv, a debug keyword. The same
 * matches, in the same order, as one regex `VPNC|dnsmasq|...|%ASA-[0-7]-(?:ids)` would give, but about
 * three times cheaper: `VPNC` and the ASA tags `%ASA-` / `%FTD-` (a quarter and a half of the lines of a busy
 * log) are found with String#indexOf (memchr on a rare first byte) and only the rare words go through a regex. Each
 * search resumes where it stopped, so every piece of text is searched once per word list.
 */
class LineFinder {
  /** Whether the last match was `VPNC` (the scanner passes over VPNC chatter). */
  vpnc = false;
  /** Whether the last match was `%ASA-<sev>-<id>` (or `%FTD-`: asaTagIndex) with an id the checks read. */
  asa = false;
  private s = '';
  // Next match of each search at or after the position it was last asked for; -1: none left, -2: not searched.
  private nextVpnc = -2;
  private nextAsa = -2;
  private nextRare = -2;
  private readonly ids: ReadonlySet<number>;
  private readonly rare: RegExp;

  constructor(kinds?: ReadonlySet<EventKind>) {
    this.ids = new Set(scanAsaIds(kinds).map(Number));
    this.rare = new RegExp(SCAN_WORDS.filter((w) => w !== 'VPNC').join('|'), 'g');
  }

  reset(s: string): void {
    this.s = s;
    this.nextVpnc = -2;
    this.nextAsa = -2;
    this.nextRare = -2;
  }

  /** Index of the first match at or after `pos`, or -1. */
  next(pos: number): number {
    const s = this.s;
    if (this.nextVpnc === -2 || (this.nextVpnc >= 0 && this.nextVpnc < pos))
      this.nextVpnc = s.indexOf('VPNC', pos);
    if (this.nextAsa === -2 || (this.nextAsa >= 0 && this.nextAsa < pos)) {
      let i = asaTagIndex(s, pos);
      while (i >= 0 && !this.asaId(s, i)) i = asaTagIndex(s, i + 1);
      this.nextAsa = i;
    }
    if (this.nextRare === -2 || (this.nextRare >= 0 && this.nextRare < pos)) {
      this.rare.lastIndex = pos;
      this.nextRare = this.rare.exec(s)?.index ?? -1;
    }
    let at = this.nextAsa;
    const rare = this.nextRare;
    if (rare >= 0 && (at < 0 || rare < at)) at = rare;
    const vpnc = this.nextVpnc;
    // Never at the same index as another word (no word starts another).
    this.vpnc = vpnc >= 0 && (at < 0 || vpnc < at);
    this.asa = !this.vpnc && at >= 0 && at === this.nextAsa;
    return this.vpnc ? vpnc : at;
  }

  /** `%ASA-<0-7>-<id>` (or `%FTD-`) at i, with an id the checks read. */
  private asaId(s: string, i: number): boolean {
    const sa = asaSeverityAt(s, i);
    const sev = s.charCodeAt(sa);
    if (sev < 48 || sev > 55 || s.charCodeAt(sa + 1) !== 45) return false;
    // The six digits read as a number: no substring allocated on every ASA line.
    let id = 0;
    for (let j = sa + 2; j < sa + 8; j++) {
      const d = s.charCodeAt(j) - 48;
      if (!(d >= 0 && d <= 9)) return false;
      id = id * 10 + d;
    }
    return this.ids.has(id);
  }
}

/**
 * Which log formats a text's lines are in, by the parser's own line tests (LogParser counts the same way):
 * the input reader classifies a file by its head with this, so the kind it lists is the parser's view.
 */
export function logFormatsOf(
  text: string,
  maxLines = 5000,
): { phone: number; asa: number; ocserv: number; lines: number; showLogging: boolean } {
  const n = { phone: 0, asa: 0, ocserv: 0, lines: 0, showLogging: false };
  let from = 0;
  for (let i = 0; i < maxLines && from < text.length; i++) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const c0 = text.charCodeAt(from);
    if (to - from > 1 || (to - from === 1 && c0 !== 13)) n.lines++;
    if (c0 >= 48 && c0 <= 57 && isPhoneHeaderAt(text, from, to)) n.phone++;
    else {
      const line = text.slice(from, Math.min(to, from + 4096));
      const asa = asaTagIndex(line);
      const oc = line.indexOf('ocserv');
      if (asa >= 0) {
        if (logPrefixShaped(line, asa)) n.asa++;
      } else if (oc >= 0 && isOcservLine(line, oc)) n.ocserv++;
      else if (c0 === 83 && line.startsWith('Syslog logging: ')) n.showLogging = true;
    }
    from = to + 1;
  }
  return n;
}

/** Parses a whole text (tests, small inputs). */
export function parseLogText(
  text: string,
  source: string,
  opts: Omit<LogParserOptions, 'source' | 'onEvent'> = {},
): LogEvent[] {
  const events: LogEvent[] = [];
  const parser = new LogParser({ ...opts, source, onEvent: (e) => events.push(e) });
  const split = new LineSplitter((l) => parser.line(l));
  split.write(text);
  split.end();
  parser.end();
  return events;
}
