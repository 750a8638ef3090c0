// Property and fuzz tests: random bytes, truncated files, CRLF, tabs, a 100 MB file and a 10 MB line never crash the audit.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRunningConfig } from '../src/asa/running-config.js';
import { runAudit } from '../src/checks/audit.js';
import { limitsForMaxSize, readInputs } from '../src/cli/inputs.js';
import { isConfigKind } from '../src/inputs/classify.js';

const root = process.cwd();
const labConfig = readFileSync(join(root, 'examples/audit/lab/running-config.txt'), 'utf8');
const labPhone = readFileSync(join(root, 'examples/audit/lab/SEP682C7B40B5CE.cnf.xml'));
const NOW = new Date('2026-11-27T00:00:00Z');

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ids = (r: ReturnType<typeof runAudit>) => r.findings.map((f) => f.id).sort();

test('random bytes: never a crash, reported as unrecognized-input', () => {
  const rand = rng(1);
  for (let i = 0; i < 200; i++) {
    const n = Math.floor(rand() * 4096);
    const bytes = new Uint8Array(n);
    for (let j = 0; j < n; j++) bytes[j] = Math.floor(rand() * 256);
    const r = runAudit([{ source: `random-${i}`, bytes }], { now: NOW });
    assert.equal(r.inputs[0]?.kind, 'unrecognized', `input ${i}`);
    assert.ok(r.findings.some((f) => f.id === 'unrecognized-input'));
  }
});

test('random printable text with ASA-looking words: never a crash', () => {
  const rand = rng(2);
  const vocab = [
    'tunnel-group',
    'group-policy',
    'webvpn',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '"',
    'enable',
    'ssl',
    'cipher',
    'custom',
    'crypto',
    'ca',
    'certificate',
    'chain',
    'quit',
    'exit',
    'attributes',
    'internal',
    'ip',
    'local',
    'pool',
    'address-pool',
    '!',
    ':',
    'banner',
    '^C',
    'sckiewer-ASAv# show ip',
    '<device>',
    '<vpnGroup>',
  ];
  for (let i = 0; i < 200; i++) {
    let s = '';
    const n = Math.floor(rand() * 400);
    for (let j = 0; j < n; j++) s += vocab[Math.floor(rand() * vocab.length)] ?? '';
    runAudit([{ source: `text-${i}`, bytes: Buffer.from(s) }], { now: NOW });
    parseRunningConfig(s);
  }
});

test('truncated running configuration and phone configuration: never a crash', () => {
  for (let cut = 0; cut < labConfig.length; cut += 97) parseRunningConfig(labConfig.slice(0, cut));
  for (let cut = 0; cut < labPhone.length; cut += 13) {
    const r = runAudit(
      [
        {
          source: 'running-config.txt',
          bytes: Buffer.from(labConfig.slice(0, Math.floor((cut / labPhone.length) * labConfig.length))),
        },
        { source: 'SEP.cnf.xml', bytes: labPhone.subarray(0, cut) },
      ],
      { now: NOW },
    );
    assert.ok(Array.isArray(r.findings));
  }
});

test('CRLF line endings and tab indentation give the same findings as the original', () => {
  const base = runAudit(
    [
      { source: 'rc', bytes: Buffer.from(labConfig) },
      { source: 'p', bytes: labPhone },
    ],
    { now: NOW },
  );
  const crlf = labConfig.replace(/\n/g, '\r\n').replace(/^ {1,2}(?=\S)/gm, '\t');
  const other = runAudit(
    [
      { source: 'rc', bytes: Buffer.from(crlf) },
      { source: 'p', bytes: labPhone },
    ],
    { now: NOW },
  );
  assert.deepEqual(ids(other), ids(base));
  assert.deepEqual(parseRunningConfig(crlf).tunnelGroups, parseRunningConfig(labConfig).tunnelGroups);
});

test('a 100 MB configuration is listed and refused as too large to read whole; the reader never holds it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-audit-'));
  try {
    const big = join(dir, 'show-tech.txt');
    writeFileSync(big, ': Saved\nASA Version 9.12(2)9\nhostname fw\nwebvpn\n enable outside\n');
    truncateSync(big, 100 * 1024 * 1024);
    const taken: string[] = [];
    const consumer = {
      wants: (i: { kind: string }) => ({ whole: isConfigKind(i.kind) }),
      whole: (i: { source: string }) => {
        taken.push(i.source);
      },
    };
    const r = await readInputs([dir], consumer);
    assert.deepEqual(
      r.inputs.map((i) => [i.source, i.kind]),
      [[big, 'asa-running-config']],
    );
    assert.deepEqual(taken, []);
    assert.match(
      r.rejected[0]?.reason ?? '',
      /^larger than 64 MiB \(100 MiB\), the most a configuration input is read whole; not read$/,
    );
    // What the reader held at once: its read buffer, never the file (100 MiB).
    assert.ok(r.peakHeld <= 2 * 1024 * 1024, `held ${r.peakHeld} bytes`);
    // A smaller --max-size lowers the whole-input bound the same way.
    const small = await readInputs([join(root, 'examples/audit/lab/running-config.txt')], consumer, {
      limits: limitsForMaxSize(1),
    });
    assert.deepEqual(small.rejected, []);
    writeFileSync(big, `: Saved\nASA Version 9.12(2)9\n${'hostname fw\n'.repeat(200_000)}`);
    const cut = await readInputs([big], consumer, { limits: limitsForMaxSize(1) });
    assert.match(cut.rejected[0]?.reason ?? '', /larger than 1 MiB \(2\.\d MiB\).*not read$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 10 MB single line: classified, parsed and counted without a crash', () => {
  const line = 'x'.repeat(10 * 1024 * 1024);
  const alone = runAudit([{ source: 'one-line', bytes: Buffer.from(line) }], { now: NOW });
  assert.equal(alone.inputs[0]?.kind, 'unrecognized');
  const inConfig = `: Saved\nASA Version 9.12(2)9\nhostname fw\naccess-list A extended permit ip any any ${line}\nwebvpn\n enable outside\n`;
  const cfg = parseRunningConfig(inConfig);
  assert.equal(cfg.unmodeledCount, 1);
  assert.equal(cfg.webvpn.enables[0]?.loc.line, 6);
  const r = runAudit([{ source: 'rc', bytes: Buffer.from(inConfig) }], { now: NOW });
  assert.equal(r.inputs[0]?.kind, 'asa-running-config');
  assert.ok(
    r.findings.every((f) => f.evidence.every((e) => e.text.length < 1000)),
    'the long line is never quoted',
  );
});
