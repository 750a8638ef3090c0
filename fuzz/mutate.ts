// Mutations of an input: bytes (flips, NUL, invalid UTF-8, line ends), lines (truncation, duplication,
// deletion, swaps, huge lines) and structure (deep nesting, long runs of one token, text from another input).
import type { Rng } from './prng.js';

/** No mutation makes an input larger than this (time per megabyte is one of the properties). */
export const MAX_INPUT = 2 * 1024 * 1024;

const SPECIAL: readonly Buffer[] = [
  Buffer.from([0]),
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from('\r'),
  Buffer.from('\r\n'),
  Buffer.from('\n\n'),
  Buffer.from('\t'),
  Buffer.from('\x1b[0m'),
  Buffer.from('\u2028'),
  Buffer.from('%ASA-3-725014: '),
  Buffer.from('%FTD-6-725001: '),
  Buffer.from('VPNC: '),
  Buffer.from('-----BEGIN CERTIFICATE-----\n'),
  Buffer.from('-----END CERTIFICATE-----\n'),
  Buffer.from('----- show running-config -----\n'),
  Buffer.from('<?xml version="1.0"?>'),
  Buffer.from('&a '),
  Buffer.from('*a'),
  Buffer.from('"'),
  Buffer.from("'"),
  Buffer.from('\\'),
];

/** Units repeated into huge lines and long runs: what backtracking patterns and quadratic loops trip on. */
const RUNS: readonly string[] = [
  ' ',
  '-',
  'a',
  '0',
  '.',
  ':',
  '(',
  '[',
  '{',
  '<a>',
  '"',
  '\\',
  'x ',
  '= ',
  '\t',
  '/',
];

type Mutation = (b: Buffer, rng: Rng, other: () => Buffer) => Buffer;

function lines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = b.indexOf(10); i >= 0 && out.length < 1_000_000; i = b.indexOf(10, start)) {
    out.push(b.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < b.length) out.push(b.subarray(start));
  return out;
}

function capped(parts: Buffer[]): Buffer {
  const out = Buffer.concat(parts);
  return out.length > MAX_INPUT ? out.subarray(0, MAX_INPUT) : out;
}

function at(b: Buffer, rng: Rng): number {
  return rng.int(b.length + 1);
}

/** Up to `size` bytes made of `unit` repeated. */
function run(unit: string, size: number): Buffer {
  return Buffer.from(unit.repeat(Math.max(1, Math.ceil(size / unit.length)))).subarray(0, size);
}

/** A size from a few bytes to about a megabyte, most of them small. */
function someSize(rng: Rng): number {
  const big = rng.chance(0.15);
  return rng.pick(big ? [65_536, 300_000, 1_000_000] : [4, 64, 1000, 4000, 10_000]) + rng.int(64);
}

function aWord(b: Buffer, rng: Rng): string {
  const text = b.toString('latin1', 0, Math.min(b.length, 65_536));
  const words = text.match(/[^\s]{1,40}/g) ?? [];
  return words.length > 0 ? rng.pick(words) : 'x';
}

const MUTATIONS: readonly [string, Mutation][] = [
  [
    'flip bytes',
    (b, rng) => {
      const c = Buffer.from(b);
      for (let k = 1 + rng.int(8); k > 0 && c.length > 0; k--) c[rng.int(c.length)] = rng.int(256);
      return c;
    },
  ],
  [
    'insert special bytes',
    (b, rng) => {
      const i = at(b, rng);
      return capped([b.subarray(0, i), rng.pick(SPECIAL), b.subarray(i)]);
    },
  ],
  [
    'delete a range',
    (b, rng) => {
      const i = at(b, rng);
      return Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + rng.int(256))]);
    },
  ],
  ['truncate', (b, rng) => b.subarray(0, at(b, rng))],
  [
    'duplicate lines',
    (b, rng) => {
      const ls = lines(b);
      if (ls.length === 0) return b;
      const i = rng.int(ls.length);
      const j = Math.min(ls.length, i + 1 + rng.int(20));
      const block = Buffer.concat(ls.slice(i, j));
      const times = rng.chance(0.15) ? rng.pick([1000, 100_000]) : rng.pick([2, 3, 10, 100]);
      const n = Math.min(times, Math.floor(MAX_INPUT / Math.max(1, block.length)));
      return capped([...ls.slice(0, j), ...Array.from({ length: n }, () => block), ...ls.slice(j)]);
    },
  ],
  [
    'delete lines',
    (b, rng) => {
      const ls = lines(b);
      const i = rng.int(ls.length);
      ls.splice(i, 1 + rng.int(10));
      return Buffer.concat(ls);
    },
  ],
  [
    'swap lines',
    (b, rng) => {
      const ls = lines(b);
      for (let k = 1 + rng.int(5); k > 0 && ls.length > 1; k--) {
        const i = rng.int(ls.length);
        const j = rng.int(ls.length);
        [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      }
      return Buffer.concat(ls);
    },
  ],
  [
    'huge line',
    (b, rng) => {
      const ls = lines(b);
      const i = rng.int(ls.length + 1);
      const unit = rng.chance(0.7) ? rng.pick(RUNS) : aWord(b, rng);
      const line = run(unit, someSize(rng));
      // Either a line of its own or a long tail on an existing line (trailing spaces, a long value).
      if (rng.chance(0.5) || i >= ls.length)
        return capped([...ls.slice(0, i), line, Buffer.from('\n'), ...ls.slice(i)]);
      const l = ls[i]!;
      const cut = l[l.length - 1] === 10 ? l.length - 1 : l.length;
      return capped([...ls.slice(0, i), l.subarray(0, cut), line, l.subarray(cut), ...ls.slice(i + 1)]);
    },
  ],
  [
    'deep nesting',
    (b, rng) => {
      const depth = rng.chance(0.2) ? rng.pick([5000, 20_000]) : rng.pick([10, 100, 1000]);
      const kind = rng.int(5);
      let nest: string;
      if (kind === 0)
        nest = Array.from({ length: depth }, (_, d) => `${' '.repeat(d % 4000)}x${d}\n`).join('');
      else if (kind === 1) nest = `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      else if (kind === 2) nest = `${'{a: '.repeat(depth)}${'}'.repeat(depth)}\n`;
      else if (kind === 3) nest = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}\n`;
      else
        nest = `${Array.from({ length: Math.min(depth, 2000) }, (_, d) => `${'  '.repeat(d)}- k${d}:`).join('\n')}\n`;
      const i = rng.chance(0.5) ? b.length : at(b, rng);
      return capped([b.subarray(0, i), Buffer.from(nest), b.subarray(i)]);
    },
  ],
  [
    'line ends',
    (b, rng) => {
      const k = rng.int(3);
      const text = b.toString('latin1');
      if (k === 0) return Buffer.from(text.replace(/\r?\n/g, '\r'), 'latin1');
      if (k === 1) return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
      return Buffer.from(text.replace(/\n/g, ''), 'latin1');
    },
  ],
  [
    'splice another input',
    (b, rng, other) => {
      const o = other();
      const i = at(b, rng);
      const from = rng.int(o.length + 1);
      return capped([b.subarray(0, i), o.subarray(from, from + rng.int(4096)), b.subarray(i)]);
    },
  ],
  [
    'repeat a token',
    (b, rng) => {
      const w = aWord(b, rng);
      const sep = rng.pick(['', ' ', '\n', ',', ':']);
      const i = at(b, rng);
      return capped([b.subarray(0, i), run(w + sep, someSize(rng)), b.subarray(i)]);
    },
  ],
  [
    'invalid utf-8 everywhere',
    (b, rng) => {
      const c = Buffer.from(b);
      const v = rng.pick([0x80, 0xc0, 0xff, 0]);
      for (let i = rng.int(17); i < c.length; i += 1 + rng.int(64)) c[i] = v;
      return c;
    },
  ],
];

/** One to three mutations of `b`, and their names. */
export function mutate(b: Buffer, rng: Rng, other: () => Buffer): { input: Buffer; how: string[] } {
  let out = b;
  const how: string[] = [];
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const [name, m] = rng.pick(MUTATIONS);
    out = m(out, rng, other);
    how.push(name);
  }
  return { input: out, how };
}
