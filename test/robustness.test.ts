// Property and fuzz tests: random bytes, truncated files, CRLF, tabs, a 100 MB file and a 10 MB line never crash
// the audit or the log checks; a check that threw would show in notChecked, and each test asserts none did.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRunningConfig } from '../src/asa/running-config.js';
import { runAudit } from '../src/checks/audit.js';
import { crashesIn } from '../src/checks/crash.js';
import { LogDiagnosis } from '../src/checks/log/engine.js';
import { limitsForMaxSize, readInputs } from '../src/cli/inputs.js';
import { CATALOGUE } from '../src/findings/catalogue/index.js';
import { isConfigKind } from '../src/inputs/classify.js';
import type { NotCheckedEntry } from '../src/report/finding.js';

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

/** No check threw (runAudit and the log engine turn a throw into a notChecked entry with its error). */
function assertNoCheckThrew(notChecked: readonly NotCheckedEntry[], what: string): void {
  assert.deepEqual(crashesIn(notChecked), [], `${what}: a check threw`);
}

/** A report as RULES.md shapes it: every input listed once, every finding a catalogue id citing an input. */
function assertWellFormed(r: ReturnType<typeof runAudit>, sources: readonly string[], what: string): void {
  assertNoCheckThrew(r.notChecked, what);
  assert.deepEqual(r.inputs.map((i) => i.source).sort(), [...sources].sort(), `${what}: inputs`);
  for (const f of r.findings) {
    assert.ok(Object.hasOwn(CATALOGUE, f.id), `${what}: ${f.id} is in the catalogue`);
    assert.ok(['error', 'warning', 'info'].includes(f.severity), `${what}: ${f.id} severity ${f.severity}`);
    assert.ok(f.title.length > 0 && f.message.length > 0, `${what}: ${f.id} has a title and a message`);
    for (const e of f.evidence)
      assert.ok(sources.includes(e.source), `${what}: ${f.id} cites ${e.source}, not an input`);
  }
}

test('random bytes: never a crash, reported as unrecognized-input', () => {
  const rand = rng(1);
  for (let i = 0; i < 200; i++) {
    const n = Math.floor(rand() * 4096);
    const bytes = new Uint8Array(n);
    for (let j = 0; j < n; j++) bytes[j] = Math.floor(rand() * 256);
    const r = runAudit([{ source: `random-${i}`, bytes }], { now: NOW });
    assertWellFormed(r, [`random-${i}`], `input ${i}`);
    assert.equal(r.inputs[0]?.kind, 'unrecognized', `input ${i}`);
    assert.ok(
      r.findings.some((f) => f.id === 'unrecognized-input' && f.evidence[0]?.source === `random-${i}`),
    );
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
    const r = runAudit([{ source: `text-${i}`, bytes: Buffer.from(s) }], { now: NOW });
    assertWellFormed(r, [`text-${i}`], `text ${i}`);
    const cfg = parseRunningConfig(s);
    // Every line the parser located is a line of the text.
    const lines = s.split(/\r?\n/).length;
    for (const e of cfg.webvpn.enables) assert.ok(e.loc.line >= 1 && e.loc.line <= lines, `text ${i}`);
  }
});

test('truncated running configuration and phone configuration: never a crash', () => {
  for (let cut = 0; cut < labConfig.length; cut += 97) {
    const cfg = parseRunningConfig(labConfig.slice(0, cut));
    // A prefix defines no more tunnel groups than the whole.
    assert.ok(cfg.tunnelGroups.length <= parseRunningConfig(labConfig).tunnelGroups.length, `cut ${cut}`);
  }
  const whole = runAudit(
    [
      { source: 'running-config.txt', bytes: Buffer.from(labConfig) },
      { source: 'SEP.cnf.xml', bytes: labPhone },
    ],
    { now: NOW },
  );
  assertWellFormed(whole, ['running-config.txt', 'SEP.cnf.xml'], 'whole');
  for (let cut = 0; cut <= labPhone.length; cut += 13) {
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
    assertWellFormed(r, ['running-config.txt', 'SEP.cnf.xml'], `cut ${cut}`);
    const phone = r.inputs.find((i) => i.source === 'SEP.cnf.xml');
    assert.ok(phone && ['phone-config', 'unrecognized'].includes(phone.kind), `cut ${cut}: ${phone?.kind}`);
  }
  // The whole lab is clean (so the cuts above started from a report without errors).
  assert.deepEqual(
    whole.findings.filter((f) => f.severity === 'error'),
    [],
  );
});

test('random phone, ASA and ocserv log lines through every log check: no check throws', () => {
  const rand = rng(3);
  const heads = [
    '3816 NOT Mar 3 15:38:03.819168 VPNC: ',
    '3817 ERR Mar 3 15:38:04.1 (312:330) VPNC: ',
    '3828 INF Dec 31 23:59:59.999999 dnsmasq[322]: ',
    '12 NOT Jan 1 00:00:00.000001 vpnAutoDetect: ',
    'Mar 30 2020 12:23:21: %ASA-6-725001: ',
    'Mar 30 2020 12:23:21: %ASA-7-711001: ',
    'Mar 30 12:23:23 vpn ocserv[1203]: worker: 192.168.1.54 ',
    '',
  ];
  const words = [
    '-do_login: URL -> https://asav.sckiewer.lab/phone',
    'new cipher -> ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA',
    'current cipher -> AES256-SHA',
    'x-dtls-ciphersuite: AES128-SHA',
    'cipher list: ',
    'abort_connect: in dtls setup phase',
    'DTLS write alert: code 47, illegal parameter',
    'old session cipher not returned',
    'SSL success DTLS fail',
    'gethostbyname failed <',
    'query[A] asav.sckiewer.lab from 127.0.0.1',
    'forwarded asav.sckiewer.lab to 192.168.1.1',
    'LOGIN: 1 (TRYING) --> 3 (FAILED)',
    'notify code: 32 [DnsLookupErr]',
    'vpn_set_active: activated -> de-activated',
    'ping 172.16.100.10 timeout',
    'server certificate hash not matched',
    'no shared cipher',
    'Group <vpn-phone-policy> User <CP-8861-SEP682C7B40B5CE> IP <192.168.1.52>',
    '725014',
    '%ASA-6-722032',
    '>',
    '<',
    ':',
    '-',
    '  ',
    '\t',
    '\u0000',
    'é',
  ];
  for (let i = 0; i < 100; i++) {
    const d = new LogDiagnosis({ timeline: i % 2 === 0, year: 2020, now: NOW.getTime(), fullLines: i % 3 });
    const feed = d.openSource(`log-${i}`);
    const n = Math.floor(rand() * 60);
    for (let j = 0; j < n; j++) {
      let line = heads[Math.floor(rand() * heads.length)] ?? '';
      const k = 1 + Math.floor(rand() * 4);
      for (let w = 0; w < k; w++) line += words[Math.floor(rand() * words.length)] ?? '';
      // Chunks that cut lines anywhere, as a stream delivers them.
      const cut = Math.floor(rand() * (line.length + 1));
      feed.write(line.slice(0, cut));
      feed.write(`${line.slice(cut)}${rand() < 0.1 ? '\r\n' : '\n'}`);
    }
    feed.end();
    assertNoCheckThrew(d.notChecked(), `log ${i}`);
    for (const f of d.findings()) {
      assert.ok(Object.hasOwn(CATALOGUE, f.id), `log ${i}: ${f.id}`);
      for (const e of f.evidence) assert.equal(e.source, `log-${i}`);
    }
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
