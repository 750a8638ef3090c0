// The hand-written readers of the scanner's hot path against the regular expressions they replace: the
// same answer on every line of the examples and fixtures, and on many lines made from them by random edits
// around the places a header or a time can go wrong (digits, spaces, a dot, a parenthesis, a month).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Rng } from '../../fuzz/prng.js';
import { filesUnder } from '../../test/support/paths.js';
import {
  asaTagIndex,
  ISO_TIME,
  PHONE_HEADER,
  PHONE_PROCESS,
  phoneHeader,
  phoneProcessOf,
  SYSLOG_TIME,
  syslogTimeAt,
} from './parse.js';
import { fractionMs, monthIndex } from './time.js';

function logLines(): string[] {
  const lines: string[] = [];
  for (const p of filesUnder(['examples', 'test/fixtures'])) {
    const text = readFileSync(p, 'latin1');
    // Text files only (archives and certificates hold NUL bytes or are not lines).
    if (!text.includes('\0')) lines.push(...text.split('\n'));
  }
  return lines.filter((l) => l.length > 0);
}

/** Lines made from `base` by edits where a header or a time can go wrong. */
function mutants(base: readonly string[], n: number): string[] {
  const rng = new Rng(12);
  const pieces = [
    ' ',
    '  ',
    '.',
    '(',
    ')',
    ':',
    '1',
    '12',
    '123',
    '2020 ',
    'Mar',
    'Foo',
    'Url',
    '-',
    'VPNC',
    'x',
    '%',
    '%FTD-',
    '%ASA',
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let l = rng.pick(base);
    for (let k = rng.int(3) + 1; k > 0; k--) {
      const at = rng.int(Math.min(l.length, 48) + 1);
      const cut = rng.chance(0.5) ? rng.int(3) : 0;
      l = l.slice(0, at) + (rng.chance(0.7) ? rng.pick(pieces) : '') + l.slice(at + cut);
    }
    out.push(l);
  }
  return out;
}

const lines = logLines();
// Edits of the lines with a phone header or an ASA tag: where the readers have most to get right.
const headed = lines.filter((l) => PHONE_HEADER.test(l) || l.includes('%ASA-'));
// The same ASA lines under Firepower Threat Defense's tag.
headed.push(...headed.filter((l) => l.includes('%ASA-')).map((l) => l.replaceAll('%ASA-', '%FTD-')));
// And syslog-style times with a fraction: a phone line without its sequence number and severity.
headed.push(...headed.filter((l) => PHONE_HEADER.test(l)).map((l) => l.replace(/^\d+ [A-Z]{3} /, '')));
const all = [...lines, ...mutants(headed, 60000)];

describe('hand-written readers equal the patterns they replace', () => {
  test('there are lines of every kind to compare', () => {
    assert.ok(lines.length > 1000, `${lines.length} lines`);
    assert.ok(lines.filter((l) => PHONE_HEADER.test(l)).length > 100);
    assert.ok(lines.filter((l) => l.includes('%ASA-')).length > 50);
  });

  test('phoneHeader reads what PHONE_HEADER matches', () => {
    let matched = 0;
    for (const l of all) {
      const m = PHONE_HEADER.exec(l);
      const h = phoneHeader(l);
      if (!m) {
        assert.equal(h, undefined, l);
        continue;
      }
      matched++;
      assert.ok(h, l);
      assert.deepEqual(
        [h.seq, h.severity, h.month, h.day, h.h, h.m, h.s, h.fraction, h.pid, h.end],
        [
          m[1],
          m[2],
          monthIndex(m[3]!) ?? -1,
          Number(m[4]),
          Number(m[5]),
          Number(m[6]),
          Number(m[7]),
          m[8],
          m[9] || undefined,
          m[0].length,
        ],
        l,
      );
    }
    assert.ok(matched > 7000, `${matched} headers`);
  });

  test('asaTagIndex finds the first %ASA- or %FTD- from any position, as a pattern does', () => {
    const TAG = /%(?:ASA|FTD)-/g;
    let found = 0;
    for (const l of all) {
      for (const from of [0, 1, l.length >> 1, l.length]) {
        TAG.lastIndex = from;
        const want = TAG.exec(l)?.index ?? -1;
        assert.equal(asaTagIndex(l, from), want, `${l} from ${from}`);
        if (want >= 0) found++;
      }
    }
    assert.ok(found > 5000, `${found} tags found`);
  });

  test('phoneProcessOf finds what PHONE_PROCESS finds', () => {
    for (const l of all) assert.equal(phoneProcessOf(l), PHONE_PROCESS.exec(l)?.[0], l);
  });

  test('syslogTimeAt reads what ISO_TIME, then SYSLOG_TIME, find in the text before an ASA tag', () => {
    let read = 0;
    for (const l of all) {
      const at = l.indexOf('%ASA-');
      const to = at >= 0 ? at : Math.min(l.length, 40);
      const prefix = l.slice(0, to);
      const t = syslogTimeAt(l, 0, to);
      if (t === undefined) continue;
      read++;
      assert.equal(ISO_TIME.test(prefix), false, l);
      const s = SYSLOG_TIME.exec(prefix);
      assert.ok(s && s.index === 0, l);
      const month = monthIndex(s[1]!);
      if (t === null) {
        assert.equal(month, undefined, l);
        continue;
      }
      const [year, mo, day, h, m, sec, f0, f1] = t;
      assert.deepEqual(
        [year, mo, day, h, m, sec, f1 > f0 ? fractionMs(l.slice(f0, f1)) : 0],
        [
          s[3] ? Number(s[3]) : -1,
          month,
          Number(s[2]),
          Number(s[4]),
          Number(s[5]),
          Number(s[6]),
          fractionMs(s[7]),
        ],
        l,
      );
    }
    assert.ok(read > 2500, `${read} times read by hand`);
  });
});
