// Our DTLS 0.9 client replayed against real ocserv 1.3 (GnuTLS) records (scripts/record-dtls09-handshake.mjs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { repoPath } from '../../test/support/paths.js';
import { CSTP, decodeDtlsPayload } from './cstp.js';
import {
  CONTENT,
  DTLS09_SUITES,
  Dtls09Client,
  type DtlsRecord,
  decodeHandshakes,
  decodeRecords,
  openRecord,
  parseServerHello,
} from './dtls09.js';
import { Dtls09Error } from './errors.js';
import { expandKeys } from './prf.js';

interface Recording {
  cstp: {
    'X-DTLS-Master-Secret': string;
    'X-DTLS-Session-ID': string;
    'X-DTLS-CipherSuite': string;
  };
  dpdPayload: string;
  datagrams: { from: 'client' | 'server'; hex: string }[];
}

function load(name: string) {
  const r = JSON.parse(readFileSync(repoPath('test/fixtures/dtls09', name), 'utf8')) as Recording;
  const d = r.datagrams.map((x) => ({ from: x.from, bytes: Buffer.from(x.hex, 'hex') }));
  const master = Buffer.from(r.cstp['X-DTLS-Master-Secret'], 'hex');
  const sessionId = Buffer.from(r.cstp['X-DTLS-Session-ID'], 'hex');
  const suite = DTLS09_SUITES[r.cstp['X-DTLS-CipherSuite']];
  assert.ok(suite, r.cstp['X-DTLS-CipherSuite']);
  // The session as recorded: our ClientHello, GnuTLS's flight (one datagram per record), our
  // ChangeCipherSpec + Finished, our DPD request and ocserv's DPD response.
  assert.deepEqual(
    d.map((x) => x.from),
    ['client', 'server', 'server', 'server', 'client', 'client', 'server'],
  );
  const [hello, serverHello, serverCcs, serverFinished, clientFinished, dpdRequest, dpdResponse] = d.map(
    (x) => x.bytes,
  ) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
  const helloBody = handshakeBody(hello);
  const clientRandom = helloBody.subarray(2, 34);
  const serverRandom = parseServerHello(handshakeBody(serverHello)).random;
  const keys = expandKeys(master, clientRandom, serverRandom, 20, suite.keyLength);
  return {
    r,
    master,
    sessionId,
    suite,
    clientRandom,
    hello,
    serverFlight: [serverHello, serverCcs, serverFinished],
    clientFinished,
    dpdRequest,
    dpdResponse,
    client: { suite, macKey: keys.clientMac, key: keys.clientKey },
  };
}

function handshakeBody(datagram: Buffer): Buffer {
  const [rec] = decodeRecords(datagram);
  assert.ok(rec && rec.type === CONTENT.HANDSHAKE);
  const [m] = decodeHandshakes(rec.fragment);
  assert.ok(m);
  return m.body;
}

function only(datagram: Buffer, type: number): DtlsRecord {
  const r = decodeRecords(datagram).find((x) => x.type === type);
  assert.ok(r, `a record of type ${type}`);
  return r;
}

for (const file of ['ocserv-1.3-aes256-sha.json', 'ocserv-1.3-aes128-sha.json']) {
  describe(`DTLS 0.9 replayed from ${file}`, () => {
    const f = load(file);
    const fresh = (master = f.master) =>
      new Dtls09Client({
        masterSecret: master,
        sessionId: f.sessionId,
        suite: f.suite,
        clientRandom: f.clientRandom,
      });

    it('our ClientHello is byte for byte the one ocserv answered', () => {
      assert.ok(fresh().clientHello().equals(f.hello));
    });

    it("accepts GnuTLS's ServerHello, ChangeCipherSpec and Finished (keys, MAC and verify data)", () => {
      const c = fresh();
      c.clientHello();
      const [sh, ccs, fin] = f.serverFlight as [Buffer, Buffer, Buffer];
      assert.equal(c.receiveHandshake(sh), undefined);
      assert.equal(c.serverSuiteId, f.suite.id);
      assert.equal(c.receiveHandshake(ccs), undefined);
      const out = c.receiveHandshake(fin);
      assert.ok(out, 'the handshake completes on the server Finished');
      assert.equal(c.state, 'established');
      // Our answer: the same ChangeCipherSpec and, under the client keys, the same Finished that ocserv
      // accepted (the explicit IV is random, so the ciphertexts differ).
      assert.deepEqual(
        only(out, CONTENT.CHANGE_CIPHER_SPEC),
        only(f.clientFinished, CONTENT.CHANGE_CIPHER_SPEC),
      );
      const mine = only(out, CONTENT.HANDSHAKE);
      const recorded = only(f.clientFinished, CONTENT.HANDSHAKE);
      assert.deepEqual(
        [mine.epoch, mine.seq, mine.fragment.length],
        [recorded.epoch, recorded.seq, recorded.fragment.length],
      );
      assert.ok(openRecord(f.client, mine).equals(openRecord(f.client, recorded)));
    });

    it("opens ocserv's DPD response to the recorded DPD request", () => {
      const c = fresh();
      c.clientHello();
      for (const d of f.serverFlight) c.receiveHandshake(d);
      // The request ocserv answered, as our client sealed it then.
      const req = decodeDtlsPayload(openRecord(f.client, only(f.dpdRequest, CONTENT.APPLICATION_DATA)));
      assert.equal(req.type, CSTP.DPD_REQ);
      assert.equal(req.payload.toString('latin1'), f.r.dpdPayload);
      const { data, alert } = c.decrypt(f.dpdResponse);
      assert.equal(alert, undefined);
      assert.equal(data.length, 1);
      const res = decodeDtlsPayload(data[0]!);
      assert.equal(res.type, CSTP.DPD_RESP);
      assert.equal(res.payload.toString('latin1'), f.r.dpdPayload);
      // A replayed datagram is dropped, as DTLS does.
      assert.deepEqual(c.decrypt(f.dpdResponse).data, []);
    });

    it("rejects GnuTLS's Finished with one bit changed, and with another master secret", () => {
      const [sh, ccs, fin] = f.serverFlight as [Buffer, Buffer, Buffer];
      const flipped = Buffer.from(fin);
      flipped[flipped.length - 1]! ^= 1;
      const c = fresh();
      c.clientHello();
      c.receiveHandshake(sh);
      c.receiveHandshake(ccs);
      assert.throws(
        () => c.receiveHandshake(flipped),
        (e: unknown) => e instanceof Dtls09Error && e.sentAlert === 20,
      );
      const master = Buffer.from(f.master);
      master[0]! ^= 1;
      const w = fresh(master);
      w.clientHello();
      w.receiveHandshake(sh);
      w.receiveHandshake(ccs);
      assert.throws(() => w.receiveHandshake(fin), Dtls09Error);
    });
  });
}
