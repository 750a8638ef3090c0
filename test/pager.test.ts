// Captures taken without `terminal pager 0`: the ASA's `<--- More --->` prompt, wherever a screen filled, in
// the three shapes a terminal log keeps it (erased by a carriage return and NUL-padded spaces, on a line of
// its own, erased by backspaces). The audit of such a capture is the audit of the clean one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { splitLines } from '../src/asa/tree.js';
import { runAudit } from '../src/checks/audit.js';
import type { RawInput } from '../src/checks/facts.js';
import { withoutPager } from '../src/inputs/capture.js';

const MORE = '<--- More --->';
const SHAPES = [
  (line: string) => `${MORE}\r\0              \r\0${line}`,
  (line: string) => `${MORE}\n${line}`,
  (line: string) => `${MORE}${'\b'.repeat(14)}${' '.repeat(14)}${'\b'.repeat(14)}${line}`,
];

/** The text with a pager prompt before every 7th line from the 3rd (a screen is 24 lines; this cuts more blocks). */
function paged(text: string, shape: number): string {
  return text
    .split('\n')
    .map((l, i) => (i % 7 === 2 && l !== '' ? SHAPES[shape]!(l) : l))
    .join('\n');
}

describe("the ASA's pager prompt in a capture", () => {
  test('withoutPager takes out the prompt and its erasure, keeping line breaks and indentation', () => {
    assert.equal(
      withoutPager(`webvpn\n${SHAPES[0]!(' enable outside')}\n`),
      'webvpn\n\r              \r enable outside\n',
    );
    assert.deepEqual(
      splitLines(withoutPager(`webvpn\n${SHAPES[0]!(' enable outside')}`)).map((l) =>
        l.trim() === '' ? '' : l,
      ),
      ['webvpn', '', '', ' enable outside'],
    );
    assert.equal(withoutPager(`webvpn\n${SHAPES[1]!(' enable outside')}`), 'webvpn\n\n enable outside');
    assert.equal(withoutPager(`webvpn\n${SHAPES[2]!(' enable outside')}`), 'webvpn\n enable outside');
    const plain = 'interface GigabitEthernet0/0\n nameif outside\n';
    assert.equal(withoutPager(plain), plain);
  });

  test('every audit example, paged in each shape, gets the findings of the clean inputs, with true line numbers', () => {
    const root = join(process.cwd(), 'examples/audit');
    let compared = 0;
    for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const files = readdirSync(join(root, dir.name)).filter((n) => n !== 'README.md');
      const inputs = (edit: (t: string) => string): RawInput[] =>
        files.map((n) => {
          const raw = readFileSync(join(root, dir.name, n), 'utf8');
          return { source: n, bytes: Buffer.from(/\.(txt|log)$/.test(n) ? edit(raw) : raw) };
        });
      const shape = (r: ReturnType<typeof runAudit>) =>
        r.findings.map((f) => [f.id, f.severity, f.evidence.map((e) => [e.source, e.text])]);
      const now = new Date('2026-12-01');
      const clean = runAudit(
        inputs((t) => t),
        { now },
      );
      assert.ok(clean.findings.length > 0, dir.name);
      for (let s = 0; s < SHAPES.length; s++) {
        const pagedInputs = inputs((t) => paged(t, s));
        const r = runAudit(pagedInputs, { now });
        assert.deepEqual(shape(r), shape(clean), `${dir.name}, shape ${s}`);
        // Each evidence line number is the line of the paged file that holds the text.
        // (An unrecognized input's evidence says what was not used: it quotes no line.)
        for (const f of r.findings.filter((x) => x.id !== 'unrecognized-input'))
          for (const e of f.evidence) {
            if (e.line === undefined) continue;
            const input = pagedInputs.find((i) => i.source === e.source);
            if (!input || !/\.(txt|log)$/.test(e.source)) continue;
            const lines = splitLines(withoutPager(Buffer.from(input.bytes).toString('utf8')));
            assert.equal(
              lines[e.line - 1]?.trim(),
              e.text.trim(),
              `${dir.name} ${e.source}:${e.line} shape ${s}`,
            );
          }
        compared++;
      }
    }
    assert.ok(compared >= 20, `${compared} comparisons`);
  });
});
