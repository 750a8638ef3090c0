// closest() skips the names whose length alone puts them too far: the same answers as measuring them all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as subcommands from '../../asa/subcommands.js';
import { closest, editDistance } from './util.js';

/** closest as it was: every name measured. */
function closestMeasuringAll(name: string, defined: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const d of defined) {
    const dist = editDistance(name.toLowerCase(), d.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

test('editDistance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('split-tunnel-policy', 'split-tunnel-policy'), 0);
  assert.equal(editDistance('split-tunnel-polcy', 'split-tunnel-policy'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
});

test('closest gives what measuring every name gives, on typos, long words and unrelated ones', () => {
  const lists = Object.values(subcommands)
    .filter((l): l is subcommands.KnownSubcommands => typeof l === 'object' && l !== null && 'words' in l)
    .map((l) => [...l.words]);
  assert.ok(lists.length >= 2);
  let seed = 3;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed >>> 8;
  };
  let suggested = 0;
  for (const words of lists) {
    for (let k = 0; k < 400; k++) {
      const base = words[next() % words.length]!;
      let w = base;
      // A typo or two, a word grown long, or another word entirely.
      const kind = next() % 4;
      if (kind === 0) w = base.slice(0, -1);
      else if (kind === 1) w = `${base.slice(0, 2)}x${base.slice(3)}`;
      else if (kind === 2) w = base.repeat(1 + (next() % 6));
      else w = `q${next()}`;
      const got = closest(w, words);
      assert.equal(got, closestMeasuringAll(w, words), w);
      if (got !== undefined) suggested++;
    }
  }
  assert.ok(suggested > 200, `${suggested} suggestions`);
});
