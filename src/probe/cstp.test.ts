import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSTP, decodeCstpStream, decodeDtlsPayload, encodeCstp, encodeDtlsPayload } from './cstp.js';
import { CstpFramingError } from './errors.js';

test('encodeCstp writes STF 1, big-endian length, type, 0', () => {
  assert.equal(encodeCstp(CSTP.DPD_REQ, Buffer.from('ab')).toString('hex'), '5354460100020300' + '6162');
  assert.equal(encodeCstp(CSTP.DISCONNECT, Buffer.from([0xb0])).toString('hex'), '5354460100010500b0');
  assert.equal(encodeCstp(CSTP.KEEPALIVE).toString('hex'), '5354460100000700');
});

test('decodeCstpStream splits frames and keeps a partial frame for later', () => {
  const a = encodeCstp(CSTP.DATA, Buffer.from([0x45, 1, 2]));
  const b = encodeCstp(CSTP.DPD_RESP, Buffer.from('xyz'));
  const joined = Buffer.concat([a, b]);
  const first = decodeCstpStream(joined.subarray(0, a.length + 5));
  assert.deepEqual(
    first.frames.map((f) => [f.type, f.payload.toString('hex')]),
    [[0, '450102']],
  );
  assert.equal(first.rest.length, 5);
  const second = decodeCstpStream(Buffer.concat([first.rest, joined.subarray(a.length + 5)]));
  assert.deepEqual(
    second.frames.map((f) => [f.type, f.payload.toString()]),
    [[4, 'xyz']],
  );
  assert.equal(second.rest.length, 0);
});

test('decodeCstpStream refuses bytes that are not CSTP (an HTTP answer, garbage)', () => {
  assert.throws(() => decodeCstpStream(Buffer.from('HTTP/1.1 401 Unauthorized\r\n')), CstpFramingError);
});

test('the DTLS channel uses a one-byte header', () => {
  assert.equal(encodeDtlsPayload(CSTP.DPD_REQ, Buffer.from('a')).toString('hex'), '0361');
  assert.deepEqual(decodeDtlsPayload(Buffer.from([4, 0x61])), { type: 4, payload: Buffer.from('a') });
  assert.throws(() => decodeDtlsPayload(Buffer.alloc(0)), CstpFramingError);
});
