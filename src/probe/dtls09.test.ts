import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { serverFlight } from '../../test/support/dtls09-server.js';
import {
  DTLS09_SUITES,
  DTLS09_VERSION,
  Dtls09Client,
  decodeHandshakes,
  decodeRecords,
  encodeRecord,
  openRecord,
  sealRecord,
} from './dtls09.js';
import { Dtls09Error } from './errors.js';
import { finishedVerifyData } from './prf.js';

for (const name of ['AES256-SHA', 'AES128-SHA']) {
  test(`Dtls09Client completes a resumed handshake with ${name} and carries data both ways`, () => {
    const master = randomBytes(48);
    const sessionId = randomBytes(32);
    const suite = DTLS09_SUITES[name]!;
    const c = new Dtls09Client({ masterSecret: master, sessionId, suite });
    const hello = c.clientHello();
    const s = serverFlight(master, hello);
    const answer = c.receiveHandshake(s.datagram);
    assert.ok(answer);
    assert.equal(c.state, 'established');
    const recs = decodeRecords(answer);
    assert.equal(recs.length, 2);
    assert.deepEqual([recs[0]!.type, recs[0]!.epoch, recs[0]!.fragment.toString('hex')], [20, 0, '010001']);
    assert.deepEqual([recs[1]!.type, recs[1]!.epoch, recs[1]!.seq], [22, 1, 0]);
    const fin = decodeHandshakes(openRecord(s.client, recs[1]!))[0]!;
    assert.equal(fin.type, 20);
    assert.equal(fin.messageSeq, 2);
    assert.deepEqual(fin.body, finishedVerifyData(master, 'client', s.transcript));
    // Client → server application data.
    const data = decodeRecords(c.encrypt(Buffer.from([3, 0x61])))[0]!;
    assert.equal(data.seq, 1);
    assert.deepEqual(openRecord(s.client, data), Buffer.from([3, 0x61]));
    // Server → client, and a replay of the same record is dropped.
    const fromServer = sealRecord(s.server, 23, 1, 1, Buffer.from([4, 0x61]));
    assert.deepEqual(c.decrypt(fromServer).data, [Buffer.from([4, 0x61])]);
    assert.deepEqual(c.decrypt(fromServer).data, []);
    // A record with a flipped bit fails its MAC and is dropped.
    const tampered = sealRecord(s.server, 23, 1, 2, Buffer.from([0, 1, 2]));
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    assert.deepEqual(c.decrypt(tampered).data, []);
  });
}

test('a ServerHello with another cipher fails like the phone: old session cipher not returned, alert 47', () => {
  const master = randomBytes(48);
  const c = new Dtls09Client({
    masterSecret: master,
    sessionId: randomBytes(32),
    suite: DTLS09_SUITES['AES256-SHA']!,
  });
  const s = serverFlight(master, c.clientHello(), { suiteId: DTLS09_SUITES['AES128-SHA']!.id });
  assert.throws(
    () => c.receiveHandshake(s.datagram),
    (e: unknown) =>
      e instanceof Dtls09Error && /old session cipher not returned/.test(e.message) && e.sentAlert === 47,
  );
  assert.equal(c.state, 'failed');
  assert.deepEqual(decodeRecords(c.alert(47))[0]!.fragment, Buffer.from([2, 47]));
});

test('a ServerHello with another session id (a full handshake) is refused', () => {
  const master = randomBytes(48);
  const c = new Dtls09Client({
    masterSecret: master,
    sessionId: randomBytes(32),
    suite: DTLS09_SUITES['AES128-SHA']!,
  });
  const s = serverFlight(master, c.clientHello(), { sessionId: randomBytes(32) });
  assert.throws(() => c.receiveHandshake(s.datagram), /did not resume/);
});

test('a server that knows another master secret fails the Finished check', () => {
  const c = new Dtls09Client({
    masterSecret: randomBytes(48),
    sessionId: randomBytes(32),
    suite: DTLS09_SUITES['AES256-SHA']!,
  });
  const s = serverFlight(randomBytes(48), c.clientHello());
  assert.throws(() => c.receiveHandshake(s.datagram), Dtls09Error);
});

test('a server alert during the handshake is reported with its name', () => {
  const c = new Dtls09Client({
    masterSecret: randomBytes(48),
    sessionId: randomBytes(32),
    suite: DTLS09_SUITES['AES256-SHA']!,
  });
  c.clientHello();
  const alert = encodeRecord({
    type: 21,
    version: DTLS09_VERSION,
    epoch: 0,
    seq: 0,
    fragment: Buffer.from([2, 40]),
  });
  assert.throws(
    () => c.receiveHandshake(alert),
    (e: unknown) =>
      e instanceof Dtls09Error && e.receivedAlert?.code === 40 && /handshake failure/.test(e.message),
  );
});

test('ClientHello retransmissions repeat the message with a new record sequence', () => {
  const c = new Dtls09Client({
    masterSecret: randomBytes(48),
    sessionId: randomBytes(32),
    suite: DTLS09_SUITES['AES256-SHA']!,
  });
  const a = decodeRecords(c.clientHello())[0]!;
  const b = decodeRecords(c.clientHello())[0]!;
  assert.deepEqual([a.seq, b.seq], [0, 1]);
  assert.deepEqual(a.fragment, b.fragment);
});
