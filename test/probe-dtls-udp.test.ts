// The DTLS channel's I/O over real UDP on loopback: ClientHello retransmission, DPD over DTLS, the timeout.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { createSelfSignedIdentity } from '../src/pki/create.js';
import { CSTP } from '../src/probe/cstp.js';
import { DTLS09_SUITES, decodeRecords, openRecord, sealRecord } from '../src/probe/dtls09.js';
import { StepTimeoutError } from '../src/probe/errors.js';
import { StreamReader } from '../src/probe/stream.js';
import { Tunnel } from '../src/probe/tunnel.js';
import { serverFlight } from './support/dtls09-server.js';

describe('DTLS 0.9 over UDP (loopback)', { timeout: 30_000 }, () => {
  let tlsServer: Server;
  const open: Array<TLSSocket | UdpSocket> = [];

  before(async () => {
    const id = await createSelfSignedIdentity({ subject: 'CN=127.0.0.1' });
    tlsServer = createServer({ cert: id.certPem, key: id.keyPem }, (s) => s.on('error', () => undefined));
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', () => r()));
  });
  after(() => {
    for (const s of open) {
      try {
        if ('destroy' in s) s.destroy();
        else s.close();
      } catch {
        // already closed
      }
    }
    tlsServer.close();
  });

  /** A tunnel whose TLS side is a plain loopback TLS connection (the DTLS side is what is tested). */
  async function tunnel(): Promise<Tunnel> {
    const port = (tlsServer.address() as AddressInfo).port;
    const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    open.push(s);
    await new Promise<void>((r) => s.once('secureConnect', () => r()));
    return new Tunnel(s, new StreamReader(s));
  }

  async function udpServer(onMessage: (msg: Buffer, udp: UdpSocket, port: number) => void): Promise<number> {
    const udp = createSocket('udp4');
    open.push(udp);
    udp.on('message', (m, rinfo) => onMessage(m, udp, rinfo.port));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    return udp.address().port;
  }

  it('retransmits a lost ClientHello, completes the handshake and gets DPD answered over DTLS', async () => {
    const master = randomBytes(48);
    const sessionId = randomBytes(32);
    let hellos = 0;
    let keys: ReturnType<typeof serverFlight> | undefined;
    let seq = 1;
    const dpdPayloads: string[] = [];
    const port = await udpServer((msg, udp, peer) => {
      const first = decodeRecords(msg)[0]!;
      if (first.epoch === 0 && first.type === 22) {
        hellos++;
        if (hellos === 1) return; // the first ClientHello is "lost"
        keys = serverFlight(master, msg);
        udp.send(keys.datagram, peer, '127.0.0.1');
        return;
      }
      if (!keys) return;
      for (const r of decodeRecords(msg)) {
        if (r.epoch !== 1 || r.type !== 23) continue;
        const plain = openRecord(keys.client, r);
        if (plain[0] === CSTP.DPD_REQ) {
          dpdPayloads.push(plain.subarray(1).toString('latin1'));
          const answer = Buffer.concat([Buffer.from([CSTP.DPD_RESP]), plain.subarray(1)]);
          udp.send(sealRecord(keys.server, 23, 1, seq++, answer), peer, '127.0.0.1');
        }
      }
    });
    const t = await tunnel();
    const attempts: number[] = [];
    await t.startDtls('127.0.0.1', port, master, sessionId, DTLS09_SUITES['AES128-SHA']!, 8000, {
      onAttempt: (n) => attempts.push(n),
    });
    assert.equal(t.dtlsUp, true);
    assert.deepEqual(attempts, [1, 2]);
    assert.equal(hellos, 2);
    await t.dpd('dtls', 2000);
    // The request went over DTLS (the server opened it with the client's keys) and its echo ended the wait.
    assert.equal(dpdPayloads.length, 1);
    assert.match(dpdPayloads[0]!, /^vpnphone-dpd-[0-9a-z]+$/);
    t.destroy();
  });

  it('gives up at the DTLS timeout when nothing answers', async () => {
    let hellos = 0;
    const port = await udpServer(() => {
      hellos++;
    });
    const t = await tunnel();
    await assert.rejects(
      t.startDtls('127.0.0.1', port, randomBytes(48), randomBytes(32), DTLS09_SUITES['AES256-SHA']!, 1500),
      (e: unknown) =>
        e instanceof StepTimeoutError && /no DTLS handshake answer within 1500 ms/.test(e.message),
    );
    assert.ok(hellos >= 1);
    assert.equal(t.dtlsUp, false);
    t.destroy();
  });
});
