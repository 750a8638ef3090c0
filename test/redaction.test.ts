// Every kind of secret engineers' inputs carry, fed through every checking command and every format: the
// secret never reaches standard output or error, and its redaction marker shows it was there and removed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unescapeHtml } from './support/html.js';
import { repoPath, tempDir } from './support/paths.js';

type Command = 'audit' | 'diagnose' | 'doctor';

interface SecretKind {
  name: string;
  /** The secret itself: must be in the inputs, must not be in any output. */
  secret: string;
  /** What the output shows in its place. */
  marker: string;
  /** The commands whose reports quote the input line that carries it (so the marker must show). */
  shownBy: readonly Command[];
  /** Shown only in the inputs list (a capture's command), which SARIF does not carry. */
  inputsListOnly?: boolean;
}

// Phone-log secrets ride on lines the dns-lookup-failed finding cites (and the timeline shows): the first on
// the URL line itself, the others on lines the console wrapped after a cited entry, which the parser joins.
// Phone-configuration secrets ride on the <url1> line that group-url-mismatch cites.
const KINDS: readonly SecretKind[] = [
  {
    name: 'password in a URL (log)',
    secret: 'UrlPw8',
    marker: 'admin:<redacted>@',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'password= field',
    secret: 'FormPw7',
    marker: 'password=<redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  { name: 'pwd= field', secret: 'PwdPw6', marker: 'pwd=<redacted>', shownBy: ['diagnose', 'doctor'] },
  {
    name: '<sshPassword> (log)',
    secret: 'SshPw5',
    marker: '<sshPassword><redacted></sshPassword>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: '<phonePassword> (log)',
    secret: 'PhonePw10',
    marker: '<phonePassword><redacted></phonePassword>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'ASA username ... password',
    secret: 'UserPw2',
    marker: 'password <redacted> privilege',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'ASA pre-shared-key',
    secret: 'PskPw3',
    marker: 'pre-shared-key <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'ASA ldap-login-password',
    secret: 'LdapPw4',
    marker: 'ldap-login-password <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'PEM private key',
    secret: 'MIIEvQPemKeyBody11AAAA',
    marker: '[private key redacted]',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'PKCS#12 passphrase',
    secret: 'P12Pass13',
    marker: 'pkcs12 <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'PKCS#12, base64 as pasted',
    secret: 'P12Blob14',
    marker: '[pkcs12 redacted]',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'PKCS#12, as crypto ca export prints it',
    secret: 'Armored15PkcsBody',
    marker: '[pkcs12 redacted]',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'password in a URL (phone configuration)',
    secret: 'XmlUrlPw16',
    marker: 'https://admin:<redacted>@asav.sckiewer.lab/phone',
    shownBy: ['audit', 'doctor'],
  },
  {
    name: '<sshPassword> (phone configuration)',
    secret: 'SshPw17',
    marker: '<sshPassword><redacted></sshPassword>',
    shownBy: [],
  },
  {
    name: '<phonePassword> (phone configuration)',
    secret: 'PhonePw18',
    marker: '<phonePassword><redacted></phonePassword>',
    shownBy: [],
  },
  // Not quoted by any check today (the audit quotes the <url1> element, the running configuration's lines
  // carry no finding): absent from every output; src/report/redact.test.ts renders each shape in every format.
  { name: 'ASA enable password', secret: 'EnablePw1', marker: '', shownBy: [] },
  { name: 'ASA aaa-server key', secret: 'RadiusPw9', marker: '', shownBy: [] },
  { name: 'ASA pre-shared-key (config)', secret: 'PskPw19', marker: '', shownBy: [] },
  { name: 'ASA ldap-login-password (config)', secret: 'LdapPw20', marker: '', shownBy: [] },
  { name: 'PEM private key file', secret: 'MIIEvQKeyFile21', marker: '', shownBy: [] },
  // Shapes of issue 15 in a phone log, on lines the console wrapped after the cited URL entry.
  {
    name: 'password: x (log)',
    secret: 'LogColon22',
    marker: 'password: <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'password:x (log)',
    secret: 'LogColon23',
    marker: 'password:<redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  { name: '"password":"x" (log)', secret: 'LogJson24', marker: 'password', shownBy: ['diagnose', 'doctor'] },
  {
    name: 'secret= (log)',
    secret: 'LogSecret25',
    marker: 'secret=<redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  { name: 'key= (log)', secret: 'LogKey26', marker: 'key=<redacted>', shownBy: ['diagnose', 'doctor'] },
  {
    name: 'Password = x (log)',
    secret: 'LogSpaced27',
    marker: 'Password = <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'password="a b" (log)',
    secret: 'LogQuoted28',
    marker: 'password=',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'aaa-server ... key x (log)',
    secret: 'LogMidKey29',
    marker: 'key <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: 'crypto isakmp key x (log)',
    secret: 'LogIsakmp30',
    marker: 'isakmp key <redacted>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: '<pwd> (log)',
    secret: 'LogPwd31',
    marker: '<pwd><redacted></pwd>',
    shownBy: ['diagnose', 'doctor'],
  },
  {
    name: '<sshPassword value=> (log)',
    secret: 'LogSshAttr32',
    marker: 'sshPassword value=',
    shownBy: ['diagnose', 'doctor'],
  },
  // The same shapes as the commands of a terminal capture: the audit lists every command it met.
  {
    name: 'password: x (capture command)',
    secret: 'CapColon33',
    marker: 'password: <redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'password:x (capture command)',
    secret: 'CapColon34',
    marker: 'password:<redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: '"password":"x" (capture command)',
    secret: 'CapJson35',
    marker: 'password',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'secret= (capture command)',
    secret: 'CapSecret36',
    marker: 'secret=<redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'key= (capture command)',
    secret: 'CapKey37',
    marker: 'key=<redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'Password = x (capture command)',
    secret: 'CapSpaced38',
    marker: 'Password = <redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'password="a b" (capture command)',
    secret: 'CapQuoted39',
    marker: 'password=',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'aaa-server ... key x (capture command)',
    secret: 'CapMidKey40',
    marker: 'key <redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'crypto isakmp key x (capture command)',
    secret: 'CapIsakmp41',
    marker: 'isakmp key <redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: '<pwd> (capture command)',
    secret: 'CapPwd42',
    marker: '<pwd><redacted></pwd>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: '<sshPassword value=> (capture command)',
    secret: 'CapSshAttr43',
    marker: 'sshPassword value=',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  {
    name: 'username ... password (capture command)',
    secret: 'CapUser44',
    marker: 'password <redacted>',
    shownBy: ['audit', 'doctor'],
    inputsListOnly: true,
  },
  // The same shapes in the running configuration and the phone configuration (no check quotes those lines).
  { name: 'password: x (config)', secret: 'CfgColon45', marker: '', shownBy: [] },
  { name: 'crypto isakmp key x (config)', secret: 'CfgIsakmp46', marker: '', shownBy: [] },
  { name: 'aaa-server ... key x (config)', secret: 'CfgMidKey47', marker: '', shownBy: [] },
  { name: '<pwd> (phone configuration)', secret: 'CfgPwd48', marker: '', shownBy: [] },
  { name: '<sshPassword value=> (phone configuration)', secret: 'CfgSshAttr49', marker: '', shownBy: [] },
];

/** The issue-15 shapes, each holding its secret, as one line each (a log line or a capture's command). */
function shapes(tag: string): string[] {
  const s = (what: string) => secretOf(`${what} (${tag})`);
  return [
    `password: ${s('password: x')} and password:${s('password:x')}`,
    `{"user":"bob","password":"${s('"password":"x"')}"}`,
    `secret=${s('secret=')}&key=${s('key=')}`,
    `Password = ${s('Password = x')}`,
    `password="a ${s('password="a b"')}"`,
    `aaa-server RAD (inside) host 10.0.0.5 timeout 5 key ${s('aaa-server ... key x')}`,
    `crypto isakmp key ${s('crypto isakmp key x')} address 0.0.0.0`,
    `<pwd>${s('<pwd>')}</pwd><sshPassword value="${s('<sshPassword value=>')}"/>`,
  ];
}

function secretOf(name: string): string {
  const k = KINDS.find((x) => x.name === name);
  assert.ok(k, name);
  return k.secret;
}

/** Replaces `from` with `to` in `text`, failing when `from` is not there (an injection that cannot miss). */
function inject(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the input holds ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function phoneLog(): string {
  // The console joins at most a few wrapped lines to an entry: two shapes a line.
  const all = shapes('log');
  const logShapes = [0, 2, 4, 6].map((i) => `${all[i]} ${all[i + 1]}`);
  let log = readFileSync(repoPath('examples/doctor/dns-failure/phone-console.log'), 'utf8');
  const url = 'VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone\n';
  log = inject(
    log,
    url,
    `VPNC: -do_login: URL -> https://admin:${secretOf('password in a URL (log)')}@asav.sckiewer.lab/phone\n` +
      `username=phone1&password=${secretOf('password= field')}&pwd=${secretOf('pwd= field')}\n` +
      `${logShapes[0]}\n${logShapes[1]}\n`,
  );
  log = inject(
    log,
    'parse URL failed ->\nhttps://asav.sckiewer.lab/phone\n',
    `parse URL failed ->\nhttps://asav.sckiewer.lab/phone\n${logShapes[2]}\n${logShapes[3]}\n`,
  );
  log = inject(
    log,
    'dnsmasq[322]: query[A] asav.sckiewer.lab from 127.0.0.1\n3829',
    'dnsmasq[322]: query[A] asav.sckiewer.lab from 127.0.0.1\n' +
      `username admin password ${secretOf('ASA username ... password')} privilege 15\n` +
      ` ikev1 pre-shared-key ${secretOf('ASA pre-shared-key')}\n` +
      ` ldap-login-password ${secretOf('ASA ldap-login-password')}\n3829`,
  );
  log = inject(
    log,
    'dnsmasq[322]: query[A] asav.sckiewer.lab from 127.0.0.1\n3832',
    'dnsmasq[322]: query[A] asav.sckiewer.lab from 127.0.0.1\n' +
      `crypto ca import asa-identity-cert pkcs12 ${secretOf('PKCS#12 passphrase')}\n` +
      `MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcMIIJWDCCBg8GCSqGSIb3${secretOf('PKCS#12, base64 as pasted')}\n` +
      'wRUEFAvEuBqFMyK4aiODHYsUfWsmE3zDBBDa0q2bR1s0lYXy4CvKlGvwAgIIAA==\nquit\n3832',
  );
  log = inject(
    log,
    'VPNC: -parse_url: gethostbyname failed <asav.sckiewer.lab>\n',
    'VPNC: -parse_url: gethostbyname failed <asav.sckiewer.lab>\n' +
      `-----BEGIN PKCS12-----\nMIIJqQIBAzCC${secretOf('PKCS#12, as crypto ca export prints it')}\n-----END PKCS12-----\n`,
  );
  log = inject(
    log,
    'LOGIN: 1 (TRYING) --> 3 (FAILED)\n',
    'LOGIN: 1 (TRYING) --> 3 (FAILED)\n' +
      `<sshPassword>${secretOf('<sshPassword> (log)')}</sshPassword><phonePassword>${secretOf('<phonePassword> (log)')}</phonePassword>\n`,
  );
  return inject(
    log,
    'notify code: 32 [DnsLookupErr]\n',
    'notify code: 32 [DnsLookupErr]\n' +
      `-----BEGIN PRIVATE KEY-----\n${secretOf('PEM private key')}\n-----END PRIVATE KEY-----\n`,
  );
}

function phoneConfig(): string {
  return inject(
    readFileSync(repoPath('examples/audit/lab/SEP682C7B40B5CE.cnf.xml'), 'utf8'),
    '<url1>https://asav.sckiewer.lab/phone</url1>',
    `<url1>https://admin:${secretOf('password in a URL (phone configuration)')}@asav.sckiewer.lab/phone</url1>` +
      `<sshPassword>${secretOf('<sshPassword> (phone configuration)')}</sshPassword>` +
      `<phonePassword>${secretOf('<phonePassword> (phone configuration)')}</phonePassword>` +
      `<pwd>${secretOf('<pwd> (phone configuration)')}</pwd>` +
      `<sshPassword value="${secretOf('<sshPassword value=> (phone configuration)')}"/>`,
  );
}

/** A terminal capture whose commands carry the shapes (`show running-config | include ...` as typed). */
function capture(): string {
  const commands = [
    ...shapes('capture command'),
    `username bob password ${secretOf('username ... password (capture command)')} privilege 3`,
  ];
  return `${commands.map((c) => `fw# show running-config | include ${c}\n`).join('')}fw# show clock\n10:00:00 UTC\n`;
}

function runningConfig(): string {
  let rc = readFileSync(repoPath('examples/audit/lab/running-config.txt'), 'utf8');
  rc = inject(
    rc,
    'enable password ***** pbkdf2',
    `enable password ${secretOf('ASA enable password')} encrypted`,
  );
  return inject(
    rc,
    '\n!\nclass-map inspection_default',
    '\ntunnel-group 198.51.100.7 type ipsec-l2l\ntunnel-group 198.51.100.7 ipsec-attributes\n' +
      ` ikev1 pre-shared-key ${secretOf('ASA pre-shared-key (config)')}\n` +
      'aaa-server LDAP protocol ldap\naaa-server LDAP (inside) host 172.16.100.5\n' +
      ` ldap-login-password ${secretOf('ASA ldap-login-password (config)')}\n key ${secretOf('ASA aaa-server key')}\n` +
      `aaa-server RAD (inside) host 10.0.0.6 key ${secretOf('aaa-server ... key x (config)')}\n` +
      `crypto isakmp key ${secretOf('crypto isakmp key x (config)')} address 0.0.0.0\n` +
      `snmp-server location password: ${secretOf('password: x (config)')}\n` +
      '!\nclass-map inspection_default',
  );
}

/** The date and year the runs are pinned to (the log is from 2020). */
const PINNED: Record<Command, string[]> = {
  audit: ['--now', '2026-11-27'],
  diagnose: ['--year', '2020'],
  doctor: ['--now', '2026-11-27', '--year', '2020'],
};

const RUNS: { command: Command; args: string[]; label: string }[] = [];
for (const command of ['audit', 'diagnose', 'doctor'] as const) {
  for (const format of ['text', 'json', 'sarif', 'html'])
    RUNS.push({ command, args: ['--format', format], label: format });
  if (command !== 'audit')
    for (const format of ['text', 'json'])
      RUNS.push({ command, args: ['--format', format, '--timeline'], label: `${format} --timeline` });
}

describe('no secret from any input in any command or format', () => {
  const tmp = tempDir('vpnphone-secrets-');
  before(() => {
    writeFileSync(join(tmp.dir, 'phone-console.log'), phoneLog());
    writeFileSync(join(tmp.dir, 'SEP682C7B40B5CE.cnf.xml'), phoneConfig());
    writeFileSync(join(tmp.dir, 'running-config.txt'), runningConfig());
    writeFileSync(join(tmp.dir, 'capture.log'), capture());
    writeFileSync(
      join(tmp.dir, 'identity.key'),
      `-----BEGIN PRIVATE KEY-----\n${secretOf('PEM private key file')}\n-----END PRIVATE KEY-----\n`,
    );
  });
  after(tmp.cleanup);

  test('every secret is in the inputs (the checks below cannot pass for want of one)', () => {
    const all = readdirSync(tmp.dir)
      .map((f) => readFileSync(join(tmp.dir, f), 'utf8'))
      .join('\n');
    for (const k of KINDS) assert.ok(all.includes(k.secret), k.name);
    assert.ok(new Set(KINDS.map((k) => k.secret)).size === KINDS.length, 'each secret is distinct');
  });

  for (const run of RUNS) {
    test(`${run.command} ${run.label}`, () => {
      const r = spawnSync(
        process.execPath,
        [repoPath('bin/vpnphone.js'), run.command, ...run.args, ...PINNED[run.command], tmp.dir],
        { encoding: 'utf8', timeout: 120_000 },
      );
      assert.equal(r.status, 1, `${r.stderr}${r.stdout.slice(0, 2000)}`);
      // HTML escapes its text (`&lt;redacted&gt;`): read back as a browser shows it, and checked raw too.
      for (const k of KINDS) assert.ok(!r.stdout.includes(k.secret), `${k.name}: in the raw output`);
      const stdout = run.label === 'html' ? unescapeHtml(r.stdout) : r.stdout;
      const out = stdout + r.stderr;
      // The run reached the inputs that carry the secrets.
      if (run.command !== 'audit') assert.match(out, /dns-lookup-failed/);
      if (run.command !== 'diagnose') assert.match(out, /group-url-mismatch/);
      for (const k of KINDS) {
        assert.ok(!out.includes(k.secret), `${k.name}: the secret ${k.secret} is in the output`);
        if (k.shownBy.includes(run.command) && !(k.inputsListOnly && run.label === 'sarif'))
          assert.ok(out.includes(k.marker), `${k.name}: ${JSON.stringify(k.marker)} missing from the output`);
      }
      assert.ok(!out.includes('BEGIN PRIVATE KEY'), 'no private key armour');
      assert.ok(!out.includes('BEGIN PKCS12'), 'no PKCS#12 armour');
    });
  }
});
