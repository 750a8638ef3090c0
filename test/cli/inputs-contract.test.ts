// The contract of the one input reader: the same folder gives audit, doctor and diagnose the same inputs
// (source and kind), whatever is in it: a symlinked file, notes, a zip, UTF-16 and BOM text, a PRT archive.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { zipOf } from '../support/zip.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin/vpnphone.js');
const lab = (p: string) => readFileSync(join(ROOT, 'examples', p));

interface Json {
  inputs: { source: string; kind: string }[];
  findings: { id: string; severity: string; evidence: { source: string }[] }[];
}

function run(command: string, path: string): { status: number | null; json: Json; stderr: string } {
  const args = [BIN, command, path, '--json', ...(command === 'diagnose' ? [] : ['--now', '2026-11-27'])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, json: JSON.parse(r.stdout || '{}') as Json, stderr: r.stderr };
}

let base = '';
let collected = '';

before(() => {
  base = mkdtempSync(join(tmpdir(), 'vpnphone-contract-'));
  // The running configuration lives elsewhere and is linked into the collected folder.
  mkdirSync(join(base, 'asa-backups'));
  writeFileSync(join(base, 'asa-backups', 'fw1-2026-11-27.txt'), lab('audit/lab/running-config.txt'));
  collected = join(base, 'collected');
  mkdirSync(join(collected, 'phone'), { recursive: true });
  symlinkSync(join(base, 'asa-backups', 'fw1-2026-11-27.txt'), join(collected, 'running-config.txt'));
  // Notes quoting an old `show version` are documentation, not evidence (skipped by every command).
  writeFileSync(
    join(collected, 'notes.md'),
    `# Ticket notes\n\nBefore the license was fixed:\n\n${lab('audit/lab/show-version.txt')
      .toString('utf8')
      .replace(/AnyConnect for Cisco VPN Phone\s*:\s*Enabled/, 'AnyConnect for Cisco VPN Phone : Disabled')}`,
  );
  // `show version` saved by PowerShell (UTF-16 LE with a BOM, CRLF).
  const sv = lab('audit/lab/show-version.txt').toString('utf8').replace(/\n/g, '\r\n');
  writeFileSync(
    join(collected, 'show-version.txt'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sv, 'utf16le')]),
  );
  // The phone's log with a UTF-8 BOM, the ASA's syslog gzipped, and a zip a Windows user sent.
  writeFileSync(
    join(collected, 'phone', 'console.log'),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), lab('doctor/lab/phone-console.log')]),
  );
  writeFileSync(join(collected, 'asa-syslog.log.gz'), gzipSync(lab('doctor/lab/asa-syslog.log')));
  writeFileSync(
    join(collected, 'from-windows.zip'),
    zipOf([
      { name: 'SEP682C7B40B5CE.cnf.xml', data: lab('audit/lab/SEP682C7B40B5CE.cnf.xml') },
      { name: 'show-ip.txt', data: lab('audit/lab/show-ip.txt'), method: 0 },
    ]),
  );
});

after(() => rmSync(base, { recursive: true, force: true }));

const listing = (j: Json) => j.inputs.map((i) => `${i.source.slice(collected.length)} ${i.kind}`);

test('audit, doctor and diagnose list the same inputs, by source and kind, from the same folder', () => {
  const audit = run('audit', collected);
  const doctor = run('doctor', collected);
  const diagnose = run('diagnose', collected);
  const want = [
    '/asa-syslog.log.gz asa-log',
    '/from-windows.zip archive',
    '/from-windows.zip!SEP682C7B40B5CE.cnf.xml phone-config',
    '/from-windows.zip!show-ip.txt asa-show-ip',
    '/phone/console.log phone-log',
    '/running-config.txt asa-running-config',
    '/show-version.txt asa-show-version',
  ];
  assert.deepEqual(listing(audit.json), want, audit.stderr);
  assert.deepEqual(listing(doctor.json), want, doctor.stderr);
  assert.deepEqual(listing(diagnose.json), want, diagnose.stderr);
});

test('the configuration findings agree: the linked running configuration is read, the notes are not', () => {
  const audit = run('audit', collected);
  const doctor = run('doctor', collected);
  const configIds = (j: Json) =>
    j.findings
      .filter(
        (f) => f.id !== 'unrecognized-input' && f.evidence.every((e) => !/\.log(?:\.gz)?$/.test(e.source)),
      )
      .map((f) => f.id)
      .sort();
  assert.equal(audit.status, 0, JSON.stringify(audit.json.findings.map((f) => f.id)));
  assert.equal(doctor.status, 0, JSON.stringify(doctor.json.findings.map((f) => f.id)));
  assert.ok(!audit.json.findings.some((f) => f.id === 'undefined-reference'));
  assert.ok(!doctor.json.findings.some((f) => f.id === 'license-vpn-phone-disabled'));
  assert.deepEqual(configIds(doctor.json), configIds(audit.json));
  assert.ok(configIds(audit.json).includes('alternate-tftp-required'), configIds(audit.json).join());
});

test('a device named on the command line stops every command with a clear message; it is never read', () => {
  for (const command of ['audit', 'diagnose', 'doctor']) {
    const r = spawnSync(process.execPath, [BIN, command, '/dev/zero'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 2, `${command}: ${r.stderr}`);
    assert.match(
      r.stderr,
      /cannot read \/dev\/zero: a character device; only regular files and folders are read/,
    );
  }
});
