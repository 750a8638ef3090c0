// One piece of a log source parsed on its own (a worker thread's share of a large input, or a piece this
// thread reads ahead of its turn): the events with line numbers from the piece's start and timestamps not
// placed yet, encoded, for LogDiagnosis to hand to the checks in file order as if the whole source had been
// parsed in one (see SourceFeed.parsed in src/checks/log/engine.ts). Pieces are cut where no phone entry can
// continue across (pieceCut).
import type { EventKind, LogEvent } from './event.js';
import { detach, LogParser, LogScanner, type LogStats } from './parse.js';
import { type RawTime, TimeRecorder, type TimeSource } from './time.js';

/** How one piece of a source is to be parsed: the kinds worth parsing, the lines read one by one first. */
export interface PieceOptions {
  source: string;
  /** Undefined: every kind (a timeline keeps them all). */
  kinds: EventKind[] | undefined;
  latin1: boolean;
  fullLines: number | undefined;
}

/**
 * A piece of a source parsed on its own, cut where no phone entry can continue across (pieceCut): its events
 * with line numbers counted from the piece's start and times not placed yet (the source's year clock places
 * them in file order), its counts, and its first and last phone sequence numbers (a restart may fall between
 * two pieces). The events are numbers (`ints`, see PieceEncoder), their strings one UTF-8 text (`pool`, with
 * offsets in UTF-16 units of its decoded text) and the names they repeat (`names`: kinds, processes, field
 * names): written as they come, the events die young instead of being kept until the piece ends, the bytes
 * cross between threads without a copy, and they are decoded one event at a time as the checks read them.
 */
export interface EncodedPiece {
  ints: Int32Array;
  pool: Uint8Array;
  names: string[];
  /** How many events. */
  count: number;
  stats: LogStats;
  firstSeq: number;
  lastSeq: number;
}

/** What is known of a piece once it is read, besides its events. */
export type PieceEnd = Pick<EncodedPiece, 'stats' | 'firstSeq' | 'lastSeq'>;

/** Numbers of an event before its fields: line, endLine, format, severity, kind, process, text end, time kind, time (7), field count. */
const HEAD = 16;
const FORMATS: readonly LogEvent['format'][] = ['phone', 'asa', 'ocserv'];
const SEVERITIES: readonly LogEvent['severity'][] = ['error', 'warning', 'notice', 'info', 'debug'];

/** Events written as numbers and UTF-8 as they come: per event HEAD numbers, then a name and an end per field. */
class PieceEncoder {
  private ints = new Int32Array(1 << 16);
  private length = 0;
  private pool = Buffer.allocUnsafeSlow(1 << 18);
  private bytes = 0;
  /** The pool's length in UTF-16 units once decoded: where each string ends. */
  private chars = 0;
  private count = 0;
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();

  /** Strings not written to the pool yet: written together, one call per many strings. */
  private pending: string[] = [];
  private pendingChars = 0;

  add(e: LogEvent, t: RawTime | undefined): void {
    if (this.length + HEAD + 64 > this.ints.length) this.grow(this.length + HEAD + 64);
    let v = this.ints;
    let i = this.length;
    v[i++] = e.line;
    v[i++] = e.endLine;
    v[i++] = FORMATS.indexOf(e.format);
    v[i++] = SEVERITIES.indexOf(e.severity);
    v[i++] = this.name(e.kind);
    v[i++] = this.name(e.process);
    v[i++] = this.string(e.text);
    if (t) {
      v[i++] = 1;
      for (let k = 0; k < 7; k++) v[i++] = t[k]!;
    } else {
      for (let k = 0; k < 8; k++) v[i++] = 0;
    }
    const countAt = i++;
    let nf = 0;
    const f = e.fields;
    for (const key in f) {
      if (i + 2 > v.length) {
        this.grow(i + 64);
        v = this.ints;
      }
      v[i++] = this.name(key);
      v[i++] = this.string(f[key]!);
      nf++;
    }
    v[countAt] = nf;
    this.length = i;
    this.count++;
  }

  finish(): Pick<EncodedPiece, 'ints' | 'pool' | 'names' | 'count'> {
    this.write();
    return {
      ints: this.ints.subarray(0, this.length),
      pool: this.pool.subarray(0, this.bytes),
      names: this.names,
      count: this.count,
    };
  }

  private grow(need: number): void {
    const bigger = new Int32Array(Math.max(need, 2 * this.ints.length));
    bigger.set(this.ints.subarray(0, this.length));
    this.ints = bigger;
  }

  /** Appends `s` to the pool; returns where it ends (UTF-16 units). */
  private string(s: string): number {
    this.pending.push(s);
    this.pendingChars += s.length;
    this.chars += s.length;
    if (this.pendingChars >= 16384) this.write();
    return this.chars;
  }

  /** The pending strings into the pool, as one. */
  private write(): void {
    if (this.pendingChars === 0) return;
    const s = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    // At most three UTF-8 bytes per UTF-16 unit.
    if (this.bytes + 3 * s.length > this.pool.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.bytes + 3 * s.length, 2 * this.pool.length));
      this.pool.copy(bigger, 0, 0, this.bytes);
      this.pool = bigger;
    }
    this.bytes += this.pool.write(s, this.bytes, 'utf8');
  }

  private name(s: string): number {
    let n = this.nameIndex.get(s);
    if (n === undefined) {
      n = this.names.length;
      // A copy: a process name can be a slice of the text read, which a kept event must not keep alive.
      const own = detach(s);
      this.names.push(own);
      this.nameIndex.set(own, n);
    }
    return n;
  }
}

/**
 * A parser of piece `index` of a source (`write` its text in any chunking, then `end`), events to
 * `onEvent`, timestamps to `clock`: the first piece reads its first lines one by one as the whole source
 * would (fullLines), the others start on the fast path. `consumed`: each event is used up before the next
 * (encoded), so its strings need not be copies of their own.
 */
export function pieceParser(
  o: PieceOptions,
  index: number,
  clock: TimeSource,
  onEvent: (e: LogEvent) => void,
  consumed = false,
): { write(chunk: string): void; end(): PieceEnd } {
  const kinds = o.kinds ? new Set(o.kinds) : undefined;
  const parser = new LogParser({
    source: o.source,
    latin1: o.latin1,
    clock,
    ...(kinds ? { kinds } : {}),
    onEvent,
    ...(consumed ? { consumed } : {}),
  });
  const full = index === 0 || o.fullLines === Number.POSITIVE_INFINITY ? o.fullLines : 0;
  const scanner = new LogScanner(parser, kinds, full);
  return {
    write: (chunk) => scanner.write(chunk),
    end: () => {
      scanner.end();
      const seq = parser.sequence;
      return { stats: parser.stats, firstSeq: seq.first, lastSeq: seq.last };
    },
  };
}

/** pieceParser with its events encoded and its timestamps recorded: a worker's piece, or one read ahead. */
export function scanPiece(
  o: PieceOptions,
  index: number,
): { write(chunk: string): void; end(): EncodedPiece } {
  const out = new PieceEncoder();
  const clock = new TimeRecorder();
  const p = pieceParser(o, index, clock, (e) => out.add(e, clock.take()), true);
  return {
    write: p.write,
    end: () => {
      const end = p.end();
      return { ...out.finish(), ...end };
    },
  };
}

/**
 * A copy of pool[a, b) that shares no storage with the pool (an event kept as evidence must not keep a
 * piece's strings alive; see LogParser.emit).
 */
const copyOf = (pool: string, a: number, b: number): string => detach(pool.slice(a, b));

/**
 * The events of an encoded piece of `source`, one at a time in file order with the time each read (fields
 * in the order they were written).
 */
export function decodePiece(
  p: EncodedPiece,
  source: string,
  each: (e: LogEvent, t: RawTime | undefined) => void,
): void {
  const { ints: v, names } = p;
  const pool = Buffer.from(p.pool.buffer, p.pool.byteOffset, p.pool.byteLength).toString('utf8');
  let at = 0;
  for (let i = 0; i < v.length; ) {
    const line = v[i]!;
    const endLine = v[i + 1]!;
    const format = FORMATS[v[i + 2]!]!;
    const severity = SEVERITIES[v[i + 3]!]!;
    const kind = names[v[i + 4]!] as LogEvent['kind'];
    const process = names[v[i + 5]!]!;
    const textEnd = v[i + 6]!;
    const text = copyOf(pool, at, textEnd);
    at = textEnd;
    const t: RawTime | undefined =
      v[i + 7] === 1
        ? [v[i + 8]!, v[i + 9]!, v[i + 10]!, v[i + 11]!, v[i + 12]!, v[i + 13]!, v[i + 14]!]
        : undefined;
    const n = v[i + 15]!;
    i += HEAD;
    const fields: Record<string, string> = {};
    for (let k = 0; k < n; k++, i += 2) {
      const end = v[i + 1]!;
      fields[names[v[i]!]!] = copyOf(pool, at, end);
      at = end;
    }
    each({ source, line, endLine, time: undefined, format, process, severity, kind, fields, text }, t);
  }
}
