// One piece of a log source parsed on its own (a worker thread's share of a large input): the events with
// line numbers from the piece's start and timestamps not placed yet, for LogDiagnosis to hand to the checks
// in file order as if the whole source had been parsed in one (see SourceFeed.parsed in
// src/checks/log/engine.ts). Pieces are cut where no phone entry can continue across (pieceCut).
import type { EventKind, LogEvent } from './event.js';
import { LogParser, LogScanner, type LogStats } from './parse.js';
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
 * A piece of a source parsed on its own, cut where no phone entry can continue across (pieceCut): its
 * events with line numbers counted from the piece's start and times not placed yet (`times`, one per event;
 * the source's year clock places them in file order), its counts, and its first and last phone sequence
 * numbers (a restart may fall between two pieces).
 */
export interface ParsedPiece {
  events: LogEvent[];
  times: (RawTime | null)[];
  stats: LogStats;
  firstSeq: number;
  lastSeq: number;
}

/**
 * A parsed piece as it crosses from a worker thread: its events as UTF-8 text, one value a line (see
 * encodeEvent). No line of a log, and so no value taken from one, holds a line break. Written as they
 * come, the events die young in the worker instead of being copied by its collector until the piece ends;
 * the bytes move without a copy, and splitting them at the breaks is cheaper than JSON or a structured clone.
 */
export interface EncodedPiece {
  events: Uint8Array;
  stats: LogStats;
  firstSeq: number;
  lastSeq: number;
}

/** Bytes that grow as text is appended. */
class TextBytes {
  private buf = Buffer.allocUnsafe(256 * 1024);
  private length = 0;

  append(s: string): void {
    const need = this.length + Buffer.byteLength(s);
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * line, endLine, format, process, severity, kind, text, the time as read (empty, or its seven numbers
 * comma-separated), the number of fields, then each field's name and value: each followed by a break.
 */
function encodeEvent(e: LogEvent, t: RawTime | undefined): string {
  let s = `${e.line}\n${e.endLine}\n${e.format}\n${e.process}\n${e.severity}\n${e.kind}\n${e.text}\n${t ? t.join(',') : ''}\n`;
  const keys = Object.keys(e.fields);
  s += `${keys.length}\n`;
  for (const k of keys) s += `${k}\n${e.fields[k]}\n`;
  return s;
}

/** What is known of a piece once it is read, besides its events. */
export type PieceEnd = Omit<EncodedPiece, 'events'>;

/**
 * A parser of piece `index` of a source (`write` its text in any chunking, then `end`), events to
 * `onEvent`, timestamps to `clock`: the first piece reads its first lines one by one as the whole source
 * would (fullLines), the others start on the fast path.
 */
export function pieceParser(
  o: PieceOptions,
  index: number,
  clock: TimeSource,
  onEvent: (e: LogEvent) => void,
): { write(chunk: string): void; end(): PieceEnd } {
  const kinds = o.kinds ? new Set(o.kinds) : undefined;
  const parser = new LogParser({
    source: o.source,
    latin1: o.latin1,
    clock,
    ...(kinds ? { kinds } : {}),
    onEvent,
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

/** pieceParser with its events encoded and its timestamps recorded: a worker's piece. */
export function scanPiece(
  o: PieceOptions,
  index: number,
): { write(chunk: string): void; end(): EncodedPiece } {
  const out = new TextBytes();
  const clock = new TimeRecorder();
  const p = pieceParser(o, index, clock, (e) => out.append(encodeEvent(e, clock.take())));
  return {
    write: p.write,
    end: () => {
      const end = p.end();
      return { events: out.bytes(), ...end };
    },
  };
}

/** The events and times of an encoded piece of `source` (events built with LogParser's field order). */
export function decodePiece(p: EncodedPiece, source: string): ParsedPiece {
  const v = Buffer.from(p.events.buffer, p.events.byteOffset, p.events.byteLength)
    .toString('utf8')
    .split('\n');
  const events: LogEvent[] = [];
  const times: (RawTime | null)[] = [];
  // The text ends with a break: the last value is the empty string after it.
  for (let i = 0; i < v.length - 1; ) {
    const line = Number(v[i]);
    const endLine = Number(v[i + 1]);
    const format = v[i + 2] as LogEvent['format'];
    const process = v[i + 3]!;
    const severity = v[i + 4] as LogEvent['severity'];
    const kind = v[i + 5] as LogEvent['kind'];
    const text = v[i + 6]!;
    const t = v[i + 7]!;
    const n = Number(v[i + 8]);
    i += 9;
    const fields: Record<string, string> = {};
    for (let k = 0; k < n; k++, i += 2) fields[v[i]!] = v[i + 1]!;
    events.push({ source, line, endLine, time: undefined, format, process, severity, kind, fields, text });
    times.push(t === '' ? null : (t.split(',').map(Number) as RawTime));
  }
  return { events, times, stats: p.stats, firstSeq: p.firstSeq, lastSeq: p.lastSeq };
}
