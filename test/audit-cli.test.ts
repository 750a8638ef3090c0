// `vpnphone audit` end to end: the example cases, the three formats, standard input, exit statuses, secrets never printed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = process.cwd();
const bin = join(root, 'bin/vpnphone.js');
const NOW = '2026-11-27';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  inputs: { source: string; kind: string }[];
  findings: {
    id: string;
    severity: string;
    message: string;
    evidence: { source: string; line?: number; text: string }[];
    fix: string;
  }[];
  notChecked: { id: string; reason: string }[];
}

const CASES: Record<string, { errors: string[]; warnings: string[]; code: number }> = {
  lab: { errors: [], warnings: [], code: 0 },
  capture: { errors: [], warnings: [], code: 0 },
  'pool-typo': { errors: ['undefined-reference'], warnings: [], code: 1 },
  'group-url-mismatch': { errors: ['group-url-mismatch'], warnings: [], code: 1 },
  'renewed-cert': { errors: ['gateway-cert-not-trusted'], warnings: [], code: 1 },
  'ec-cipher-risk': { errors: [], warnings: ['ec-cipher-risk'], code: 0 },
  'dtls-cipher-mismatch': { errors: ['dtls-tls-cipher-mismatch'], warnings: [], code: 1 },
  'missing-mic-trustpoint': { errors: ['phone-ca-trustpoint-missing'], warnings: [], code: 1 },
};

describe('examples/audit cases give their expected findings', () => {
  for (const [name, want] of Object.entries(CASES)) {
    test(name, () => {
      const r = run(['audit', '--json', '--now', NOW, `examples/audit/${name}`]);
      assert.equal(r.code, want.code, r.stderr);
      const j = JSON.parse(r.stdout) as Json;
      const ids = (sev: string) =>
        [...new Set(j.findings.filter((f) => f.severity === sev).map((f) => f.id))].sort();
      assert.deepEqual(ids('error'), want.errors);
      assert.deepEqual(ids('warning'), want.warnings);
      assert.ok(
        !j.inputs.some((i) => i.source.endsWith('README.md')),
        'documentation beside the inputs is not read',
      );
    });
  }
  test('the lab has no drift from examples/lab/deployment.yaml, and the pool typo does', () => {
    const clean = JSON.parse(
      run(['audit', '--json', '--now', NOW, '-d', 'examples/lab/deployment.yaml', 'examples/audit/lab'])
        .stdout,
    ) as Json;
    assert.deepEqual(
      clean.findings.filter((f) => f.id === 'deployment-drift'),
      [],
    );
    const typo = JSON.parse(
      run(['audit', '--json', '--now', NOW, '-d', 'examples/lab/deployment.yaml', 'examples/audit/pool-typo'])
        .stdout,
    ) as Json;
    assert.ok(
      typo.findings.some((f) => f.id === 'deployment-drift' && f.fix.includes('address-pool vpn-phone-pool')),
    );
  });
});

test('the text report groups by severity, quotes evidence lines and ends with a summary line', () => {
  const r = run(['audit', '--now', NOW, 'examples/audit/pool-typo']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Errors \(1\):$/m);
  assert.match(r.stdout, /^Information \(\d+\):$/m);
  assert.match(
    r.stdout,
    /> examples\/audit\/pool-typo\/running-config\.txt:\d+: address-pool vpn-phone-pol$/m,
  );
  const last = r.stdout.trimEnd().split('\n').at(-1);
  assert.match(last ?? '', /^Summary: 1 error, 0 warnings, \d+ info; 2 inputs, 5 not checked$/);
});

test('SARIF output is SARIF 2.1.0 with results at their lines', () => {
  const r = run(['audit', '--format', 'sarif', '--now', NOW, 'examples/audit/pool-typo']);
  assert.equal(r.code, 1);
  const s = JSON.parse(r.stdout);
  assert.equal(s.version, '2.1.0');
  const res = s.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'undefined-reference');
  assert.equal(res.level, 'error');
  assert.ok(res.locations[0].physicalLocation.region.startLine > 0);
});

test('- reads standard input', () => {
  const text = readFileSync(join(root, 'test/fixtures/asa/seed-show-version.txt'), 'utf8').replace(
    ': Enabled\nAdvanced',
    ': Disabled\nAdvanced',
  );
  const r = run(['audit', '--json', '-'], text);
  assert.equal(r.code, 1);
  const j = JSON.parse(r.stdout) as Json;
  assert.deepEqual(j.inputs, [{ source: 'stdin', kind: 'asa-show-version' }]);
  assert.equal(j.findings.find((f) => f.severity === 'error')?.id, 'license-vpn-phone-disabled');
});

test('exit status 2 when the command cannot run: missing input, bad date, bad number', () => {
  const missing = run(['audit', 'no/such/file.txt']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read no\/such\/file\.txt: no such file or directory/);
  assert.equal(run(['audit', '--now', 'yesterday-ish', 'examples/audit/lab']).code, 2);
  assert.equal(run(['audit', '--expiry-days', 'ten', 'examples/audit/lab']).code, 2);
  assert.match(run(['audit', '--lead-days', '-3', 'examples/audit/lab']).stderr, /--lead-days -3/);
  assert.equal(run(['audit', '--format', 'pdf', 'examples/audit/lab']).code, 2);
});

test('--help shows examples', () => {
  const r = run(['audit', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Examples:\n {2}vpnphone audit /);
});

test('--lead-days: cert-expiring says the day the renewal should begin, and fires within a longer lead', () => {
  const at = (now: string, ...more: string[]) =>
    JSON.parse(run(['audit', '--json', '--now', now, ...more, 'examples/audit/lab']).stdout) as Json;
  // The lab certificate ends 2036-01-03: on 2035-12-01 the default 30-day lead begins on 2035-12-04.
  const soon = at('2035-12-01').findings.find((f) => f.id === 'cert-expiring');
  assert.match(soon?.message ?? '', /Begin the renewal by 2035-12-04 \(a 30-day lead/);
  // 90 days before expiry: outside the 60-day warning, inside a 120-day lead.
  assert.ok(!at('2035-10-05').findings.some((f) => f.id === 'cert-expiring'));
  const lead = at('2035-10-05', '--lead-days', '120').findings.find((f) => f.id === 'cert-expiring');
  assert.match(lead?.message ?? '', /in 90 day\(s\) \(threshold 120\).*should have begun by 2035-09-05/);
});

test('--expiry-days and --now make the expiry checks reproducible', () => {
  const soon = JSON.parse(
    run(['audit', '--json', '--now', '2035-12-01', 'examples/audit/lab']).stdout,
  ) as Json;
  assert.ok(soon.findings.some((f) => f.id === 'cert-expiring'));
  const tight = JSON.parse(
    run(['audit', '--json', '--now', '2035-12-01', '--expiry-days', '10', 'examples/audit/lab']).stdout,
  ) as Json;
  assert.ok(!tight.findings.some((f) => f.id === 'cert-expiring'));
  const late = run(['audit', '--json', '--now', '2036-02-01', 'examples/audit/lab']);
  assert.equal(late.code, 1);
  assert.ok((JSON.parse(late.stdout) as Json).findings.some((f) => f.id === 'cert-expired'));
});

describe('passwords and keys in inputs never appear in any output format', () => {
  const SECRETS = [
    'Sup3rS3cret!',
    'pskV4lue42',
    'ldapBindPw9',
    'snmpCommunity7',
    'radiusKey55',
    'xmlAdminPw3',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    'urlPw8',
  ];
  /** `text` with `from` replaced; fails when `from` is missing, so no secret silently stays out of the input. */
  const inject = (text: string, from: string, to: string) => {
    assert.ok(text.includes(from), `the example holds ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpnphone-secrets-'));
    let rc = readFileSync(join(root, 'examples/audit/pool-typo/running-config.txt'), 'utf8');
    rc = inject(rc, 'enable password ***** pbkdf2', `enable password ${SECRETS[0]} encrypted`);
    rc = inject(
      rc,
      'username admin password ***** pbkdf2 privilege 15',
      `username admin password ${SECRETS[0]} privilege 15`,
    );
    rc = rc.concat(
      `tunnel-group 198.51.100.7 ipsec-attributes\n ikev1 pre-shared-key ${SECRETS[1]}\n`,
      `aaa-server LDAP (inside) host 172.16.100.5\n ldap-login-password ${SECRETS[2]}\n key ${SECRETS[4]}\n`,
      `snmp-server host inside 172.16.100.9 community ${SECRETS[3]}\n`,
    );
    writeFileSync(join(dir, 'running-config.txt'), rc);
    let phone = readFileSync(join(root, 'examples/audit/lab/SEP682C7B40B5CE.cnf.xml'), 'utf8');
    phone = inject(phone, '<vpnGroup>', `<adminPassword>${SECRETS[5]}</adminPassword>\n  <vpnGroup>`);
    phone = inject(
      phone,
      '<url1>https://asav.sckiewer.lab/phone</url1>',
      `<url1>https://admin:${SECRETS[7]}@asav.sckiewer.lab/phone</url1>`,
    );
    writeFileSync(join(dir, 'SEP682C7B40B5CE.cnf.xml'), phone);
    writeFileSync(
      join(dir, 'identity.key'),
      `-----BEGIN PRIVATE KEY-----\n${SECRETS[6]}AAAA\n-----END PRIVATE KEY-----\n`,
    );
    // A line in a capture whose command is unknown, with a password on it.
    writeFileSync(
      join(dir, 'capture.log'),
      `fw# show run username\nusername bob password ${SECRETS[0]} privilege 3\nfw# show clock\n10:00:00 UTC\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every secret is in the inputs', () => {
    const all = ['running-config.txt', 'SEP682C7B40B5CE.cnf.xml', 'identity.key', 'capture.log']
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    for (const s of SECRETS) assert.ok(all.includes(s), s);
  });

  for (const format of ['text', 'json', 'sarif']) {
    test(format, () => {
      const r = run(['audit', '--format', format, '--now', NOW, dir]);
      assert.equal(r.code, 1, r.stderr);
      const out = r.stdout + r.stderr;
      assert.ok(out.includes('vpn-phone-pol'), 'the audit ran on the inputs');
      assert.ok(
        out.includes('https://admin:<redacted>@asav.sckiewer.lab/phone'),
        'the URL line is quoted, redacted',
      );
      for (const s of SECRETS) assert.ok(!out.includes(s), `${format} output contains the secret ${s}`);
      assert.ok(!out.includes('BEGIN PRIVATE KEY'), `${format} output shows the private key marker`);
    });
  }
});

test('a deployment file given as an input is used (its certificate files read beside it) and drift is reported', () => {
  const r = run([
    'audit',
    '--json',
    '--now',
    NOW,
    'examples/audit/pool-typo/running-config.txt',
    'examples/lab/deployment.yaml',
  ]);
  const j = JSON.parse(r.stdout) as Json;
  assert.deepEqual(
    j.inputs.map((i) => i.kind),
    ['asa-running-config', 'deployment'],
  );
  assert.ok(j.findings.some((f) => f.id === 'deployment-drift'));
  const checked = j.notChecked.map((n) => n.id);
  assert.ok(
    !checked.includes('gateway-cert-not-trusted'),
    'the gateway certificates of the deployment were read',
  );
});

test('a signed SEP<MAC>.cnf.xml.sgn is read past its binary header', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpnphone-sgn-'));
  try {
    const xml = readFileSync(join(root, 'examples/audit/group-url-mismatch/SEP682C7B40B5CE.cnf.xml'));
    const header = Buffer.concat([
      Buffer.from([1, 1, 0, 0x92, 2, 0, 1, 0, 0x87, 0xfe]),
      Buffer.alloc(200, 0xa5),
      Buffer.from('\n\x00'),
    ]);
    writeFileSync(join(dir, 'SEP682C7B40B5CE.cnf.xml.sgn'), Buffer.concat([header, xml]));
    const r = run([
      'audit',
      '--json',
      '--now',
      NOW,
      join(dir, 'SEP682C7B40B5CE.cnf.xml.sgn'),
      'examples/audit/group-url-mismatch/running-config.txt',
    ]);
    const j = JSON.parse(r.stdout) as Json;
    assert.equal(j.inputs[0]?.kind, 'phone-config');
    const f = j.findings.find((x) => x.id === 'group-url-mismatch');
    const e = f?.evidence.find((x) => x.source.endsWith('.sgn'));
    assert.equal(e?.text, '<url1>https://asav.sckiewer.lab/phone</url1>');
    assert.ok((e?.line ?? 0) > 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
