// The diagnose and doctor commands end to end (bin/vpnphone.js in a child process): formats, exit statuses,
// standard input, the timeline, and every examples/doctor case.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin/vpnphone.js');
const FIX = join(ROOT, 'test/fixtures/logs');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Every run is pinned to a date, so that nothing here follows the wall clock: doctor's certificate expiry
 * (`--now`; the lab certificate expires in 2036) and the year of year-less log timestamps (`--year`; the
 * examples are from 2020). A test that sets one itself keeps its own.
 */
const NOW = '2026-11-27';
const YEAR = '2020';

function pinned(args: string[]): string[] {
  const out = [...args];
  if (args[0] !== 'diagnose' && args[0] !== 'doctor') return out;
  if (!args.includes('--year')) out.push('--year', YEAR);
  if (args[0] === 'doctor' && !args.includes('--now')) out.push('--now', NOW);
  return out;
}

function vpnphone(args: string[], input?: string | Buffer): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...pinned(args)], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

interface JsonReport {
  inputs: { source: string; kind: string }[];
  findings: {
    id: string;
    severity: string;
    title: string;
    message: string;
    fix: string;
    evidence: { source: string; line?: number; text: string }[];
  }[];
  timeline?: { side: string; kind: string; findings: string[]; line: number }[];
  notChecked?: { id: string; reason: string }[];
}

describe('vpnphone diagnose', () => {
  test('JSON report of a seed excerpt: RULES.md shape, evidence with source, line and exact text; exit 1', async () => {
    const r = await vpnphone(['diagnose', join(FIX, 'dtls-mismatch.log'), '--json']);
    assert.equal(r.status, 1, r.stderr);
    const j = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(j.inputs, [{ source: join(FIX, 'dtls-mismatch.log'), kind: 'phone-log' }]);
    const f = j.findings[0]!;
    assert.equal(f.id, 'dtls-cipher-mismatch');
    assert.equal(f.severity, 'error');
    assert.ok(f.title && f.fix);
    assert.deepEqual(f.evidence.at(-1), {
      source: join(FIX, 'dtls-mismatch.log'),
      line: 12,
      text: '4497 NOT Apr 01 20:14:53.547104 (362:474) VPNC: -abort_connect: in dtls setup phase',
    });
  });

  test('a healthy log exits 0 with no finding; SARIF output is SARIF 2.1.0', async () => {
    const r = await vpnphone(['diagnose', join(FIX, 'aes-selected.log'), '--format', 'sarif']);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(s.version, '2.1.0');
    assert.deepEqual(s.runs[0]?.results, []);
  });

  test('standard input with -, and the timeline in JSON marks the findings where they happen', async () => {
    const r = await vpnphone(
      ['diagnose', '-', '--json', '--timeline'],
      readFileSync(join(FIX, 'dns-failed.log')),
    );
    assert.equal(r.status, 1, r.stderr);
    const j = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      j.findings.map((f) => f.id),
      ['dns-lookup-failed'],
    );
    const marked = j.timeline?.find((e) => e.kind === 'dns-failed');
    assert.deepEqual(marked?.findings, ['dns-lookup-failed']);
    assert.equal(marked?.line, 12);
  });

  test('text timeline: phone and ASA events merged in time order', async () => {
    const r = await vpnphone(['diagnose', 'examples/doctor/ec-cipher', '--timeline', '--year', '2020']);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    const newCipher = lines.findIndex((l) => l.includes('PHONE') && l.includes('new cipher -> ECDHE'));
    const tempCert = lines.findIndex((l) => l.includes('HEADEND') && l.includes('temporary self-signed EC'));
    const loginFailed = lines.findIndex((l) => l.includes('LOGIN: 1 (TRYING) --> 3 (FAILED)'));
    const dnsReply = lines.findIndex((l) => l.includes('reply asav.sckiewer.lab is'));
    // The ASA logs whole seconds: its 12:23:21 lines come between the phone's 12:23:19 and 12:23:21.331 ones.
    assert.ok(
      dnsReply > 0 && tempCert > dnsReply && newCipher > tempCert && loginFailed > newCipher,
      r.stdout,
    );
    assert.match(lines[newCipher + 1] ?? '', /\^\^ finding ec-cipher-selected/);
  });

  test('a missing path or a bad option exits 2 with a message', async () => {
    const r = await vpnphone(['diagnose', join(ROOT, 'no/such/file.log')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read .*no such file or directory/);
    const f = await vpnphone(['diagnose', join(FIX, 'ec-cipher.log'), '--format', 'xml']);
    assert.equal(f.status, 2);
    assert.match(f.stderr, /--format xml: use text, json, sarif or html/);
  });
});

const CASES: Record<string, { ids: string[]; exit: number }> = {
  'ec-cipher': { ids: ['ec-cipher-selected'], exit: 1 },
  'dtls-old-session-cipher': { ids: ['dtls-old-session-cipher', 'dtls-failed-tls-ok'], exit: 1 },
  'dtls-cipher-mismatch': { ids: ['dtls-cipher-mismatch', 'dtls-tls-cipher-mismatch'], exit: 1 },
  'dns-failure': { ids: ['dns-lookup-failed'], exit: 1 },
  'vpn-not-started-tftp': { ids: ['vpn-not-started-tftp-reachable'], exit: 1 },
  'cert-renewed-without-cucm': { ids: ['headend-cert-rejected'], exit: 1 },
  'backup-cert-not-on-phones': { ids: ['gateway-cert-not-trusted', 'headend-cert-rejected'], exit: 1 },
  healthy: { ids: [], exit: 0 },
  lab: { ids: [], exit: 0 },
};

describe('vpnphone doctor examples/doctor/<case>', () => {
  for (const [name, want] of Object.entries(CASES)) {
    test(`${name}: ${want.ids.join(', ') || 'no error finding'}`, async () => {
      const r = await vpnphone(['doctor', `examples/doctor/${name}`, '--json']);
      assert.equal(r.status, want.exit, r.stderr || r.stdout);
      const j = JSON.parse(r.stdout) as JsonReport;
      const ids = j.findings.map((f) => f.id);
      for (const id of want.ids) assert.ok(ids.includes(id), `${name}: ${id} missing in ${ids.join(', ')}`);
      if (want.ids.length === 0)
        assert.deepEqual(
          j.findings.filter((f) => f.severity === 'error'),
          [],
        );
      assert.ok(!ids.includes('unrecognized-input'), `${name}: ${JSON.stringify(j.inputs)}`);
    });
  }

  test('lab: configuration and logs of the working lab, classified by content, give no error or warning', async () => {
    const r = await vpnphone(['doctor', 'examples/doctor/lab', '--json']);
    const j = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(j.inputs.map((i) => i.kind).sort(), [
      'asa-log',
      'asa-running-config',
      'asa-show-ip',
      'asa-show-version',
      'phone-config',
      'phone-log',
    ]);
    assert.deepEqual(
      j.findings.filter((f) => f.severity !== 'info').map((f) => f.id),
      [],
    );
    assert.deepEqual(j.findings.map((f) => f.id).sort(), ['alternate-tftp-required', 'hostname-needs-dns']);
  });

  test('backup-cert-not-on-phones: the backup is named, the primary is not blamed', async () => {
    const r = await vpnphone(['doctor', 'examples/doctor/backup-cert-not-on-phones', '--json']);
    const j = JSON.parse(r.stdout) as JsonReport;
    const untrusted = j.findings.filter((f) => f.id === 'gateway-cert-not-trusted');
    assert.equal(untrusted.length, 1);
    assert.match(untrusted[0]!.message, /^Headend branch-asa2 presents CN=vpn2\.branch\.example/);
    assert.match(untrusted[0]!.fix, /crypto ca export vpn2-identity identity-certificate/);
    // The phone failed on url2: the log finding's fix names the backup's trustpoint, not the primary's.
    const rejected = j.findings.find((f) => f.id === 'headend-cert-rejected')!;
    assert.match(rejected.fix, /ssl trust-point vpn2-identity internet/);
    assert.deepEqual(
      j.findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.id)
        .sort(),
      ['gateway-cert-not-trusted', 'headend-cert-rejected'],
    );
  });

  test('without a deployment, the running configuration among the inputs names the group policy in log fixes', async () => {
    const r = await vpnphone(['doctor', 'examples/doctor/dtls-cipher-mismatch', '--json']);
    const j = JSON.parse(r.stdout) as JsonReport;
    const fix = j.findings.find((f) => f.id === 'dtls-cipher-mismatch')!.fix;
    assert.match(fix, /under group-policy vpn-phone-policy attributes/);
    assert.doesNotMatch(fix, /<phones group policy>/);
    // diagnose reads only the log: the placeholder stays, there is nothing to fill it from.
    const d = await vpnphone([
      'diagnose',
      'examples/doctor/dtls-cipher-mismatch/phone-console.log',
      '--json',
    ]);
    const dfix = (JSON.parse(d.stdout) as JsonReport).findings.find(
      (f) => f.id === 'dtls-cipher-mismatch',
    )!.fix;
    assert.match(dfix, /<phones group policy>/);
  });

  test('the PRT case is read inside the archive; the deployment found in a folder names its TFTP server', async () => {
    const prt = JSON.parse(
      (await vpnphone(['doctor', 'examples/doctor/cert-renewed-without-cucm', '--json'])).stdout,
    ) as JsonReport;
    const rejected = prt.findings.find((f) => f.id === 'headend-cert-rejected')!;
    assert.match(
      rejected.evidence[1]!.source,
      /prt-20200402-091512-SEP682C7B40B5CE\.tar\.gz!logs\/messages$/,
    );
    const tftp = JSON.parse(
      (await vpnphone(['doctor', 'examples/doctor/vpn-not-started-tftp', '--json'])).stdout,
    ) as JsonReport;
    const kinds = Object.fromEntries(tftp.inputs.map((i) => [i.source.split('/').pop(), i.kind]));
    assert.deepEqual(kinds, { 'deployment.yaml': 'deployment', 'phone-console.log': 'phone-log' });
    assert.match(
      tftp.findings.find((f) => f.id === 'vpn-not-started-tftp-reachable')!.fix,
      /172\.16\.100\.10/,
    );
  });
  test('a deployment among the inputs is known by its content, whatever its name, and names the log fixes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vpnphone-doctor-'));
    // The same layout as examples/: the deployment names its certificates as ../../lab/certs/...
    const dir = join(root, 'doctor', 'case');
    try {
      mkdirSync(dir, { recursive: true });
      cpSync(join(ROOT, 'examples/lab/certs'), join(root, 'lab/certs'), { recursive: true });
      const src = join(ROOT, 'examples/doctor/vpn-not-started-tftp');
      copyFileSync(join(src, 'deployment.yaml'), join(dir, 'site-model.txt'));
      copyFileSync(join(src, 'phone-console.log'), join(dir, 'phone-console.log'));
      const r = JSON.parse((await vpnphone(['doctor', dir, '--json'])).stdout) as JsonReport;
      const kinds = Object.fromEntries(r.inputs.map((i) => [i.source.split('/').pop(), i.kind]));
      assert.deepEqual(kinds, { 'phone-console.log': 'phone-log', 'site-model.txt': 'deployment' });
      assert.match(
        r.findings.find((f) => f.id === 'vpn-not-started-tftp-reachable')!.fix,
        /172\.16\.100\.10/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
