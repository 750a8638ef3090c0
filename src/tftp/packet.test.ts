// Tests of the TFTP packet encoder/decoder and netascii conversion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodePacket,
  encodeAck,
  encodeData,
  encodeError,
  encodePacket,
  fromNetascii,
  parseOptionNumber,
  TftpPacketError,
  toNetascii,
} from './packet.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('TFTP packets', () => {
  it('encodes a read request with options exactly as RFC 2347 lays it out', () => {
    const buf = encodePacket({
      op: 'RRQ',
      filename: 'SEP682C7B40B5CE.cnf.xml',
      mode: 'octet',
      options: { blksize: '1428', tsize: '0' },
    });
    assert.deepEqual(
      buf,
      bytes(
        [0, 1],
        'SEP682C7B40B5CE.cnf.xml',
        [0],
        'octet',
        [0],
        'blksize',
        [0],
        '1428',
        [0],
        'tsize',
        [0],
        '0',
        [0],
      ),
    );
  });

  it('decodes requests with case-folded mode and option names, keeping the first of repeated options', () => {
    const p = decodePacket(
      bytes([0, 1], 'a.bin', [0], 'OCTET', [0], 'BlkSize', [0], '8', [0], 'blksize', [0], '9', [0]),
    );
    assert.deepEqual(p, { op: 'RRQ', filename: 'a.bin', mode: 'octet', options: { blksize: '8' } });
    const w = decodePacket(bytes([0, 2], 'up', [0], 'netascii', [0]));
    assert.equal(w.op, 'WRQ');
  });

  it('round-trips every packet kind', () => {
    const packets = [
      { op: 'WRQ', filename: 'x', mode: 'netascii', options: {} },
      { op: 'DATA', block: 65535, data: Buffer.from('abc') },
      { op: 'ACK', block: 0 },
      { op: 'ERROR', code: 1, message: 'File not found' },
      { op: 'OACK', options: { blksize: '1428', tsize: '4096', timeout: '3' } },
    ] as const;
    for (const p of packets) assert.deepEqual(decodePacket(encodePacket(p)), p);
  });

  it('writes block numbers modulo 65536 (the wrap past 65535)', () => {
    assert.deepEqual(encodeAck(65536), bytes([0, 4, 0, 0]));
    assert.deepEqual(encodeData(65537, Buffer.from('z')), bytes([0, 3, 0, 1], 'z'));
    assert.deepEqual(encodeError(2, 'no'), bytes([0, 5, 0, 2], 'no', [0]));
  });

  it('reads an ERROR whose message lacks the final NUL', () => {
    assert.deepEqual(decodePacket(bytes([0, 5, 0, 1], 'gone')), { op: 'ERROR', code: 1, message: 'gone' });
  });

  it('rejects malformed datagrams with TftpPacketError', () => {
    const bad = [
      bytes([0]),
      bytes([0, 9, 1, 2]),
      bytes([0, 1], 'file-without-nul'),
      bytes([0, 1], 'file', [0]),
      bytes([0, 1], [0], 'octet', [0]),
      bytes([0, 1], 'f', [0], 'octet', [0], 'blksize', [0]),
      bytes([0, 4, 0]),
      bytes([0, 4, 0, 1, 0]),
      bytes([0, 3, 0]),
      bytes([0, 6], 'tsize', [0]),
    ];
    for (const b of bad) assert.throws(() => decodePacket(b), TftpPacketError, b.toString('hex'));
  });

  it('parses option numbers strictly', () => {
    assert.equal(parseOptionNumber('1428'), 1428);
    assert.equal(parseOptionNumber('0'), 0);
    for (const v of ['', '-1', '1e3', ' 12', '0x10', undefined])
      assert.equal(parseOptionNumber(v), undefined);
  });

  it('converts to netascii and back (LF to CR LF, lone CR to CR NUL)', () => {
    const text = Buffer.from('a\nb\rc\r\n');
    const net = toNetascii(text);
    assert.deepEqual(net, bytes('a', [13, 10], 'b', [13, 0], 'c', [13, 0, 13, 10]));
    assert.deepEqual(fromNetascii(net), text);
    assert.deepEqual(toNetascii(Buffer.from('plain')), Buffer.from('plain'));
  });
});
