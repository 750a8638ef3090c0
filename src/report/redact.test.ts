// Tests that every kind of secret engineers' inputs carry is removed before output, in every format render() has.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unescapeHtml } from '../../test/support/html.js';
import type { TimelineEntry } from '../logs/timeline.js';
import type { Report } from './finding.js';
import { hideSecret, LineRedactor, redactSecrets } from './redact.js';
import { FORMATS, render } from './render.js';

const CASES: [string, string][] = [
  ['enable password 8Ry2YjIyt7RRXU24 encrypted', 'enable password <redacted> encrypted'],
  ['username admin password s3cret privilege 15', 'username admin password <redacted> privilege 15'],
  [' ikev1 pre-shared-key MyPsk!', ' ikev1 pre-shared-key <redacted>'],
  [
    ' ikev2 remote-authentication pre-shared-key abc',
    ' ikev2 remote-authentication pre-shared-key <redacted>',
  ],
  [' key radiusKey', ' key <redacted>'],
  [' ldap-login-password bindPw', ' ldap-login-password <redacted>'],
  [
    'snmp-server host inside 10.0.0.9 community public version 2c',
    'snmp-server host inside 10.0.0.9 community <redacted> version 2c',
  ],
  ['ntp authentication-key 1 md5 ntpKey', 'ntp authentication-key 1 md5 <redacted>'],
  ['<adminPassword>pw</adminPassword>', '<adminPassword><redacted></adminPassword>'],
  ['<sshPassword>sshPw</sshPassword>', '<sshPassword><redacted></sshPassword>'],
  ['<phonePassword>1234</phonePassword>', '<phonePassword><redacted></phonePassword>'],
  ['username=u&password=p', 'username=u&password=<redacted>'],
  ['POST /svc user=u&pwd=p HTTP/1.1', 'POST /svc user=u&pwd=<redacted> HTTP/1.1'],
  ['https://admin:pw@host/phone', 'https://admin:<redacted>@host/phone'],
  ['-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----', '[private key redacted]'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEvQ (truncated)', '[private key redacted]'],
  [
    'crypto ca export asa-identity-cert pkcs12 Exp0rtPw',
    'crypto ca export asa-identity-cert pkcs12 <redacted>',
  ],
  [
    'crypto ca import asa-identity-cert pkcs12 "Imp 0rt"',
    'crypto ca import asa-identity-cert pkcs12 <redacted>',
  ],
  [
    'Exported pkcs12 follows:\n-----BEGIN PKCS12-----\nMIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAE\n-----END PKCS12-----\n',
    'Exported pkcs12 follows:\n[pkcs12 redacted]\n',
  ],
  [
    'MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcMIIJWDCCBg8G\nwRUEFAvEuBqFMyK4aiODHYsUfWsmE3zDBBDa0q2b==\nquit',
    '[pkcs12 redacted]\nquit',
  ],
  // Issue 15: the shapes that used to pass.
  ['password: pw1', 'password: <redacted>'],
  ['password:pw2', 'password:<redacted>'],
  ['{"user":"u","password":"pw\\"3"}', '{"user":"u","password":"<redacted>"}'],
  ['{"password" : "pw4"}', '{"password" : "<redacted>"}'],
  ['radius secret=pw5 port=1812', 'radius secret=<redacted> port=1812'],
  ['api key=pw6&user=u', 'api key=<redacted>&user=u'],
  ['{"key":"pw7"}', '{"key":"<redacted>"}'],
  [
    'aaa-server RAD (inside) host 10.0.0.5 timeout 5 key pw8',
    'aaa-server RAD (inside) host 10.0.0.5 timeout 5 key <redacted>',
  ],
  ['crypto isakmp key pw9 address 0.0.0.0', 'crypto isakmp key <redacted> address 0.0.0.0'],
  ['crypto isakmp key 6 pw10 address 0.0.0.0', 'crypto isakmp key 6 <redacted> address 0.0.0.0'],
  ['<pwd>pw11</pwd>', '<pwd><redacted></pwd>'],
  ['<sshPassword value="pw12"/>', '<sshPassword value="<redacted>"/>'],
  ['<user sshPassword="pw13" name="u"/>', '<user sshPassword="<redacted>" name="u"/>'],
  ['Password = pw14', 'Password = <redacted>'],
  ['password="a pw15"', 'password="<redacted>"'],
  ['X-DTLS-Master-Secret: 3E4AA0E0AD92', 'X-DTLS-Master-Secret: <redacted>'],
  ['  key-string 7 0023353555485A', '  key-string 7 <redacted>'],
  ['enable secret 5 $1$pw16', 'enable secret 5 <redacted>'],
  // A value still goes when the next field follows it, or when it merely starts like a prose word.
  ['password : pw17 : server = 10.0.1.20', 'password : <redacted> : server = 10.0.1.20'],
  ['username admin password isThis1 privilege 15', 'username admin password <redacted> privilege 15'],
  ['password=is', 'password=<redacted>'],
];

/** One sample of each shape, with the secret it hides (which must be gone after rendering). */
const SHAPES: [text: string, secret: string][] = [
  ['VPNC: -do_login: URL -> https://admin:Secret1@vpn.example.com/phone', 'Secret1'],
  ['username=alice&password=FormPw', 'FormPw'],
  ['user=alice&pwd=PwdPw', 'PwdPw'],
  ['<sshPassword>SshPw</sshPassword>', 'SshPw'],
  ['<phonePassword>PhonePw</phonePassword>', 'PhonePw'],
  ['username admin password AsaPw privilege 15', 'AsaPw'],
  [' key RadiusKey', 'RadiusKey'],
  [' ikev1 pre-shared-key PskValue', 'PskValue'],
  [' ldap-login-password LdapPw', 'LdapPw'],
  ['-----BEGIN PRIVATE KEY-----\nMIIEvQPemBody\n-----END PRIVATE KEY-----', 'MIIEvQPemBody'],
  ['-----BEGIN PKCS12-----\nMIIJqQIBAzCCArmoured\n-----END PKCS12-----', 'MIIJqQIBAzCCArmoured'],
  ['MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcBarePkcs12', 'BarePkcs12'],
  ['crypto ca import tp pkcs12 P12Passphrase', 'P12Passphrase'],
];

test('secrets are replaced, the rest of the line is kept', () => {
  for (const [input, want] of CASES) assert.equal(redactSecrets(input), want, input);
});

test('redaction is idempotent and leaves ordinary configuration alone', () => {
  for (const [input] of CASES) assert.equal(redactSecrets(redactSecrets(input)), redactSecrets(input));
  for (const line of [
    'group-url https://asav.sckiewer.lab/phone enable',
    'crypto ca trustpoint asa-identity-cert',
    ' keypair asa-identity-cert',
    'ssl cipher tlsv1.2 custom "AES256-SHA"',
    // What engineers need that is no secret, though a secret word is near.
    'crypto key generate rsa label asa-identity-cert modulus 2048',
    ' key-size 2048',
    'ssl trust-point asa-identity-cert outside',
    ' anyconnect ssl keepalive 20',
    'keepalive 20',
    '<certHash1>7E5C2A2B1F4D9E8C3B6A</certHash1>',
    '<pwdPersistant>false</pwdPersistant>',
    '<pswdPersistent>0</pswdPersistent>',
    'Key Version         : A',
    '            Public-Key: (2048 bit)',
    '  Key Usage: General Purpose',
    'server-key = /etc/ocserv/server-key.pem',
    'show crypto key mypubkey rsa',
    ' password-management password-expire-in-days 14',
    // The reasons an ASA logs for a refused login: prose and field names, not values.
    '%ASA-6-113005: AAA user authentication Rejected : reason = Invalid password : server = 10.0.1.20 : user = bob : user IP = 10.0.0.5',
    '%ASA-6-113005: AAA user authentication Rejected : reason = Password is expiring : server = 10.0.1.20 : user = bob',
    '%ASA-6-113005: AAA user authentication Rejected : reason = Password malformed : server = 10.0.1.20 : user = bob',
    '%ASA-6-113005: AAA user authentication Rejected : reason = Password has expired : server = 10.0.1.20 : user = bob',
    'The password for the phones is in the vault; the secret was rotated.',
    '-----BEGIN CERTIFICATE-----',
  ])
    assert.equal(redactSecrets(line), line);
});

test('render() redacts every string of the report and the timeline, in every format', () => {
  const texts = SHAPES.map(([t]) => t);
  for (const [t, secret] of SHAPES) assert.ok(t.includes(secret), `the sample holds ${secret}`);
  const report: Report = {
    inputs: texts.map((t, i) => ({
      source: `in${i}.txt`,
      kind: 'text',
      hint: t,
      sections: [{ command: t, line: 1, kind: 'unrecognized' }],
    })),
    findings: texts.map((t, i) => ({
      id: 'unrecognized-input',
      severity: 'error',
      title: 'Input not recognized',
      message: t,
      evidence: [{ source: `in${i}.txt`, line: 1, text: t }],
      fix: t,
    })),
    notChecked: texts.map((t) => ({ id: 'some-check', reason: t })),
  };
  const entries: TimelineEntry[] = texts.map((t, i) => ({
    time: undefined,
    clock: 'device-local',
    yearFrom: undefined,
    side: 'phone',
    source: `in${i}.txt`,
    line: 1,
    severity: 'info',
    kind: 'vpn-url',
    text: t,
    findings: [],
  }));
  // Every format render() knows, including any added later.
  assert.ok(FORMATS.includes('text') && FORMATS.includes('json') && FORMATS.includes('sarif'));
  for (const format of FORMATS)
    for (const timeline of [undefined, { entries, dropped: 0 }]) {
      const raw = render(report, format, timeline);
      // HTML escapes its text: read it back as a browser would show it.
      const out = format === 'html' ? unescapeHtml(raw) : raw;
      if (format === 'html') for (const [, secret] of SHAPES) assert.ok(!raw.includes(secret));
      const what = `${format}${timeline ? ' with the timeline' : ''}`;
      if (format !== 'sarif' && timeline)
        assert.match(out, /vpn-url|Timeline/, `${what}: the timeline is there`);
      if (format === 'json' || format === 'sarif') JSON.parse(out);
      for (const [, secret] of SHAPES) assert.ok(!out.includes(secret), `${what} shows ${secret}`);
      assert.match(out, /<redacted>/);
      assert.match(out, /\[private key redacted\]/);
      assert.match(out, /\[pkcs12 redacted\]/);
    }
  // The report handed in is not changed (the renderer works on a copy).
  assert.equal(report.findings[0]?.message, texts[0]);
});

test('LineRedactor follows key and PKCS#12 blocks across lines', () => {
  const lines = [
    'hostname asa',
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEAsecretKeyBody1',
    'secretKeyBody2',
    '-----END RSA PRIVATE KEY-----',
    'MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAE',
    'BarePkcs12Continued==',
    'username admin password LinePw privilege 15',
    'quit',
  ];
  const r = new LineRedactor();
  const out = lines.map((l) => r.line(l));
  assert.deepEqual(out, [
    'hostname asa',
    '[private key redacted]',
    '[private key redacted]',
    '[private key redacted]',
    '[private key redacted]',
    '[pkcs12 redacted]',
    '[pkcs12 redacted]',
    'username admin password <redacted> privilege 15',
    'quit',
  ]);
});

test('idempotent on every shape, and a line never runs into the next', () => {
  for (const [input] of CASES) {
    const once = redactSecrets(input);
    assert.equal(redactSecrets(once), once, input);
  }
  assert.equal(redactSecrets('enable password\nhostname fw'), 'enable password\nhostname fw');
  assert.equal(redactSecrets(' key\n!'), ' key\n!');
});

test('hideSecret hides the password in every spelling a headend could echo, short ones as whole words', () => {
  const pw = 'Pa ss&<1>!"';
  const echoed = [
    pw,
    encodeURIComponent(pw),
    encodeURIComponent(pw).replace(/%20/g, '+'),
    new URLSearchParams({ password: pw }).toString().slice('password='.length),
    'Pa ss&amp;&lt;1&gt;!&quot;',
    JSON.stringify(pw).slice(1, -1),
    encodeURIComponent(pw).toLowerCase().replace('pa', 'Pa').replace('ss', 'ss'),
  ];
  for (const e of echoed) {
    const out = hideSecret(`login failed for body username=u&password=${e} (401)`, pw);
    assert.ok(!out.includes(e), `${e} is still in ${out}`);
    assert.match(out, /\*{8}/);
  }
  // A two-character password is hidden where it stands alone, and words containing it are left whole.
  assert.equal(hideSecret('rejected "q7" for tab q7a', 'q7'), 'rejected "********" for tab q7a');
  assert.equal(hideSecret('a at tab', 'a'), '******** at tab');
  assert.equal(hideSecret('nothing to hide', undefined), 'nothing to hide');
});

// Regression (fuzz harness): a line of 300 KB of base64 with `+` took seconds in the URL user-info pattern,
// whose scheme could run the whole line from every word start. It is bounded now; the text is unchanged.
test('a long base64 line is left as it is (the URL user-info pattern is bounded)', () => {
  const line = `/u21${'OW1BqjhWoQ22rCZfwOmeiohtMrfkmJV5+sBur'.repeat(8000)}`;
  assert.equal(redactSecrets(line), line);
  assert.equal(
    redactSecrets('https://admin:Pw0rd@asa.example.com/'),
    'https://admin:<redacted>@asa.example.com/',
  );
});
