import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandKeys, finishedVerifyData, tls10Prf } from './prf.js';

// Known answer: OpenSSL's TLS1-PRF with digest MD5-SHA1 (`openssl kdf -keylen 104 -kdfopt digest:MD5-SHA1
// -kdfopt hexsecret:ab*48 -kdfopt hexseed:"PRF Testvector"‖cd*64 TLS1-PRF`), the classic TLS 1.0 vector.
const EXPECTED =
  'd3d4d1e349b5d515044666d51de32bab258cb521b6b053463e354832fd976754443bcf9a296519bc289abcbc1187e4eb' +
  'd31e602353776c408aafb74cbc85eff69255f9788faa184cbb957a9819d84a5d7eb006eb459d3ae8de9810454b8b2d8f' +
  '1afbc655a8c9a013';

test('tls10Prf matches the TLS 1.0 PRF known answer (OpenSSL TLS1-PRF, MD5-SHA1)', () => {
  const out = tls10Prf(Buffer.alloc(48, 0xab), 'PRF Testvector', Buffer.alloc(64, 0xcd), 104);
  assert.equal(out.toString('hex'), EXPECTED);
});

test('tls10Prf splits an odd-length secret into overlapping halves', () => {
  // With 3 bytes, S1 = bytes 0..1 and S2 = bytes 1..2: changing the middle byte changes both halves.
  const a = tls10Prf(Buffer.from([1, 2, 3]), 'x', Buffer.alloc(4), 16);
  const b = tls10Prf(Buffer.from([1, 9, 3]), 'x', Buffer.alloc(4), 16);
  const c = tls10Prf(Buffer.from([1, 2, 3]), 'x', Buffer.alloc(4), 16);
  assert.notEqual(a.toString('hex'), b.toString('hex'));
  assert.equal(a.toString('hex'), c.toString('hex'));
});

test('expandKeys takes client MAC, server MAC, client key, server key from one PRF block, server random first', () => {
  const master = Buffer.alloc(48, 7);
  const cr = Buffer.alloc(32, 1);
  const sr = Buffer.alloc(32, 2);
  const k = expandKeys(master, cr, sr, 20, 32);
  const block = tls10Prf(master, 'key expansion', Buffer.concat([sr, cr]), 104);
  assert.deepEqual(k.clientMac, block.subarray(0, 20));
  assert.deepEqual(k.serverMac, block.subarray(20, 40));
  assert.deepEqual(k.clientKey, block.subarray(40, 72));
  assert.deepEqual(k.serverKey, block.subarray(72, 104));
});

test('finishedVerifyData is 12 bytes and differs between client and server', () => {
  const m = Buffer.alloc(48, 3);
  const c = finishedVerifyData(m, 'client', [Buffer.from('hello')]);
  const s = finishedVerifyData(m, 'server', [Buffer.from('hello')]);
  assert.equal(c.length, 12);
  assert.notEqual(c.toString('hex'), s.toString('hex'));
  // Hashing the messages one by one or joined is the same transcript.
  assert.deepEqual(
    finishedVerifyData(m, 'client', [Buffer.from('hel'), Buffer.from('lo')]),
    finishedVerifyData(m, 'client', [Buffer.from('hello')]),
  );
});
