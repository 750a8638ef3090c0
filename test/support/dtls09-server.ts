// The server half of a resumed DTLS 0.9 handshake, for tests of the client's I/O (retransmission, DPD).
// Built from the client's own functions; what real ocserv (GnuTLS) sends is in test/fixtures/dtls09
// (one record per datagram there, all three in one datagram here), replayed by src/probe/dtls09-ocserv.test.ts.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CONTENT,
  DTLS09_SUITES,
  DTLS09_VERSION,
  decodeHandshakes,
  decodeRecords,
  encodeHandshake,
  encodeRecord,
  sealRecord,
} from '../../src/probe/dtls09.js';
import { expandKeys, finishedVerifyData } from '../../src/probe/prf.js';

/** ServerHello, ChangeCipherSpec and Finished for `clientHello`, resuming from `master`. */
export function serverFlight(
  master: Buffer,
  clientHello: Buffer,
  opts: { suiteId?: number; sessionId?: Buffer } = {},
) {
  const [rec] = decodeRecords(clientHello);
  assert.ok(rec);
  assert.equal(rec.type, CONTENT.HANDSHAKE);
  assert.equal(rec.version, DTLS09_VERSION);
  const [ch] = decodeHandshakes(rec.fragment);
  assert.ok(ch);
  assert.equal(ch.type, 1);
  const body = ch.body;
  const clientRandom = body.subarray(2, 34);
  const sid = body.subarray(35, 35 + (body[34] ?? 0));
  const after = 35 + sid.length;
  assert.equal(body[after], 0, 'empty cookie');
  assert.equal(body.readUInt16BE(after + 1), 2, 'exactly one suite');
  const suiteId = body.readUInt16BE(after + 3);
  assert.equal(body.length, after + 1 + 2 + 2 + 2, 'null compression, no extensions');
  assert.deepEqual([...body.subarray(after + 5)], [1, 0], 'null compression');
  const serverRandom = randomBytes(32);
  const useSuite = opts.suiteId ?? suiteId;
  const useSid = opts.sessionId ?? sid;
  const sh = Buffer.concat([
    Buffer.from([1, 0]),
    serverRandom,
    Buffer.from([useSid.length]),
    useSid,
    Buffer.from([useSuite >> 8, useSuite & 0xff, 0]),
  ]);
  const suite = Object.values(DTLS09_SUITES).find((s) => s.id === suiteId)!;
  const keys = expandKeys(master, clientRandom, serverRandom, 20, suite.keyLength);
  const server = { suite, macKey: keys.serverMac, key: keys.serverKey };
  const client = { suite, macKey: keys.clientMac, key: keys.clientKey };
  const fin = finishedVerifyData(master, 'server', [body, sh]);
  const datagram = Buffer.concat([
    encodeRecord({
      type: 22,
      version: DTLS09_VERSION,
      epoch: 0,
      seq: 0,
      fragment: encodeHandshake(2, 0, sh),
    }),
    encodeRecord({ type: 20, version: DTLS09_VERSION, epoch: 0, seq: 1, fragment: Buffer.from([1, 0, 1]) }),
    sealRecord(server, 22, 1, 0, encodeHandshake(20, 2, fin)),
  ]);
  return { datagram, server, client, transcript: [body, sh, fin] };
}
