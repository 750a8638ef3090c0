import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEchoRequest, internetChecksum, ipVersion, parseEchoReply, parseIpv4 } from './icmp.js';

test('internetChecksum matches the RFC 1071 example', () => {
  // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum is its complement.
  assert.equal(internetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex')), 0x220d);
});

test('buildEchoRequest makes a valid IPv4 header and ICMP echo request', () => {
  const p = buildEchoRequest({ src: '10.10.1.16', dst: '198.18.0.1', id: 0x1234, seq: 7 });
  assert.equal(p[0], 0x45);
  assert.equal(p.readUInt16BE(2), p.length);
  assert.equal(p[9], 1);
  assert.equal(internetChecksum(p.subarray(0, 20)), 0);
  assert.equal(internetChecksum(p.subarray(20)), 0);
  assert.deepEqual(p.subarray(12, 16), parseIpv4('10.10.1.16'));
  assert.equal(p[20], 8);
  assert.equal(p.readUInt16BE(24), 0x1234);
  assert.equal(p.readUInt16BE(26), 7);
});

function replyTo(req: Buffer): Buffer {
  const r = Buffer.from(req);
  req.copy(r, 12, 16, 20);
  req.copy(r, 16, 12, 16);
  r[20] = 0;
  r.writeUInt16BE(0, 22);
  r.writeUInt16BE(internetChecksum(r.subarray(20)), 22);
  r.writeUInt16BE(0, 10);
  r.writeUInt16BE(internetChecksum(r.subarray(0, 20)), 10);
  return r;
}

test('parseEchoReply reads a reply and ignores requests, IPv6 and corrupted packets', () => {
  const req = buildEchoRequest({ src: '10.0.0.2', dst: '10.0.0.1', id: 9, seq: 3 });
  assert.equal(parseEchoReply(req), undefined);
  const rep = replyTo(req);
  assert.deepEqual(parseEchoReply(rep), { src: '10.0.0.1', dst: '10.0.0.2', id: 9, seq: 3, ttl: 64 });
  const bad = Buffer.from(rep);
  bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
  assert.equal(parseEchoReply(bad), undefined);
  // An IPv6 router solicitation as ocserv pushes it into the tunnel.
  const rs = Buffer.from(
    '6000000000103aff' + 'fe80'.padEnd(32, '0') + 'ff02'.padEnd(30, '0') + '02' + '8500',
    'hex',
  );
  assert.equal(ipVersion(rs), 6);
  assert.equal(parseEchoReply(rs), undefined);
});

test('parseIpv4 rejects what is not a dotted quad', () => {
  assert.throws(() => parseIpv4('10.0.0'));
  assert.throws(() => parseIpv4('10.0.0.256'));
  assert.throws(() => parseIpv4('a.b.c.d'));
});
