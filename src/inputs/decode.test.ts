// Text decoding: BOMs, UTF-16 in both byte orders, and chunk boundaries anywhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffEncoding, toUtf8, Utf16ToUtf8 } from './decode.js';

const s = 'hostname fw1\r\nAnyConnect for Cisco VPN Phone : Enabled — café 😀\r\n';
const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const be = (() => {
  const b = Buffer.from(s, 'utf16le');
  b.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
})();

test('the BOM names the encoding; without one it is UTF-8', () => {
  assert.equal(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), 'utf8-bom');
  assert.equal(sniffEncoding(le), 'utf16le');
  assert.equal(sniffEncoding(be), 'utf16be');
  assert.equal(sniffEncoding(Buffer.from('plain')), 'utf8');
  // NUL bytes alone never make UTF-16: DER and signed configurations stay binary.
  assert.equal(sniffEncoding(Buffer.from([0x30, 0x82, 0x00, 0x01])), 'utf8');
});

test('toUtf8 removes the BOM and converts UTF-16; other bytes are returned untouched', () => {
  const want = Buffer.from(s, 'utf8');
  assert.deepEqual(Buffer.from(toUtf8(le)), want);
  assert.deepEqual(Buffer.from(toUtf8(be)), want);
  assert.deepEqual(Buffer.from(toUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), want]))), want);
  const der = Buffer.from([0x30, 0x82, 0x00, 0x01, 0xff]);
  assert.equal(toUtf8(der), der);
});

test('Utf16ToUtf8 gives the same bytes for every split of the input into two chunks', () => {
  const want = Buffer.from(s, 'utf8');
  for (const [bytes, bigEndian] of [
    [le.subarray(2), false],
    [be.subarray(2), true],
  ] as const) {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const t = new Utf16ToUtf8(bigEndian);
      const got = Buffer.concat([t.write(bytes.subarray(0, cut)), t.write(bytes.subarray(cut)), t.end()]);
      assert.deepEqual(got, want, `cut at ${cut}`);
    }
  }
});
