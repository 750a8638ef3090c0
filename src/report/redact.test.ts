// Tests that every kind of secret engineers' inputs carry is removed before output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSecrets } from './redact.js';

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
  ['username=u&password=p', 'username=u&password=<redacted>'],
  ['https://admin:pw@host/phone', 'https://admin:<redacted>@host/phone'],
  ['-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----', '[private key redacted]'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEvQ (truncated)', '[private key redacted]'],
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
  ])
    assert.equal(redactSecrets(line), line);
});
