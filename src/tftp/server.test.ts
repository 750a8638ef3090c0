// Fault tests of the TFTP server: lost ACKs, vanishing clients, garbage datagrams, duplicate requests, load.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { tftpGet } from './client.js';
import { decodePacket, encodeAck, encodePacket, type TftpPacket } from './packet.js';
import { bufferSource, startTftpServer, type TftpServer, type TransferLog } from './server.js';

const TIMEOUT_MS = 100;
const RETRIES = 3;

/** A hand-driven client socket: every datagram it receives is queued for the test to take. */
class RawClient {
  readonly socket: Socket = createSocket('udp4');
  private queue: { p: TftpPacket | undefined; raw: Buffer; from: RemoteInfo }[] = [];
  private waiter: (() => void) | undefined;

  async open(): Promise<this> {
    this.socket.on('message', (raw, from) => {
      let p: TftpPacket | undefined;
      try {
        p = decodePacket(raw);
      } catch {
        p = undefined;
      }
      this.queue.push({ p, raw, from });
      this.waiter?.();
    });
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', () => r()));
    return this;
  }

  send(buf: Buffer, port: number): void {
    this.socket.send(buf, port, '127.0.0.1');
  }

  /** The next datagram, or undefined after `ms` without one. */
  async next(ms = 2000): Promise<{ p: TftpPacket | undefined; from: RemoteInfo } | undefined> {
    const deadline = Date.now() + ms;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift();
  }

  close(): void {
    this.socket.close();
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

describe('TFTP server faults', () => {
  let server: TftpServer;
  const logs: TransferLog[] = [];
  const file = randomBytes(512 * 40 + 100); // 41 blocks
  const big = randomBytes(1024 * 1024);

  before(async () => {
    server = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      timeoutMs: TIMEOUT_MS,
      retries: RETRIES,
      lookup: (name) =>
        name === 'file.bin'
          ? { ok: true, source: bufferSource(file) }
          : name === 'big.bin'
            ? { ok: true, source: bufferSource(big) }
            : { ok: false, result: 'not-found', message: 'file not found' },
      onTransfer: (l) => logs.push(l),
    });
  });
  after(async () => {
    await server.close();
  });

  const rrq = (filename: string, options = {}) =>
    encodePacket({ op: 'RRQ', filename, mode: 'octet', options });

  it('recovers lost ACKs by retransmitting the block', async () => {
    const c = await new RawClient().open();
    try {
      c.send(rrq('file.bin'), server.port);
      const received: Buffer[] = [];
      let dropped = 0;
      let expected = 1;
      // Bounded: 41 blocks, each arriving at most twice (once dropped, once answered), plus slack.
      for (let i = 0; i < 200 && expected <= 41; i++) {
        const m = await c.next();
        assert.ok(m, `no DATA for block ${expected}`);
        assert.equal(m.p?.op, 'DATA');
        if (m.p?.op !== 'DATA' || m.p.block !== expected) continue;
        // Every fifth block: swallow the first copy's ACK, as if it were lost on the way.
        if (expected % 5 === 0 && received.length < expected) {
          received.push(Buffer.from(m.p.data));
          dropped++;
          continue;
        }
        if (received.length < expected) received.push(Buffer.from(m.p.data));
        c.send(encodeAck(expected), m.from.port);
        expected++;
      }
      assert.equal(expected, 42, 'every block arrived');
      assert.ok(Buffer.concat(received).equals(file));
      assert.ok(await until(() => logs.some((l) => l.client.endsWith(`:${c.socket.address().port}`)), 1000));
      const log = logs.find((l) => l.client.endsWith(`:${c.socket.address().port}`))!;
      assert.equal(log.result, 'ok');
      assert.equal(log.bytes, file.length);
      // At least one resend per swallowed ACK; a loaded machine may add a few more (each one is harmless).
      assert.ok(log.retransmissions >= dropped, `${log.retransmissions} resent, ${dropped} ACKs dropped`);
    } finally {
      c.close();
    }
  });

  /** Everything the client receives until the server logs the end of its transfer (bounded by `ms`). */
  const drain = async (c: RawClient, ms: number) => {
    const got: { p: TftpPacket | undefined; bytes: number }[] = [];
    const port = c.socket.address().port;
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !logs.some((l) => l.client.endsWith(`:${port}`))) {
      const m = await c.next(TIMEOUT_MS);
      if (m) got.push({ p: m.p, bytes: encodePacket(m.p!).length });
    }
    for (let m = await c.next(TIMEOUT_MS); m; m = await c.next(TIMEOUT_MS))
      got.push({ p: m.p, bytes: encodePacket(m.p!).length });
    return { got, log: logs.find((l) => l.client.endsWith(`:${port}`)) };
  };

  it('sends a client that never ACKs one answer to its one request, then frees the transfer', async () => {
    const c = await new RawClient().open();
    try {
      const request = rrq('file.bin');
      c.send(request, server.port);
      const { got, log } = await drain(c, TIMEOUT_MS * (RETRIES + 10));
      // A 516-byte DATA is more than 4 times the 17-byte request: it is not sent again on the server's timer.
      assert.deepEqual(
        got.map((g) => g.p?.op === 'DATA' && g.p.block),
        [1],
      );
      assert.equal(log?.result, 'timeout');
      assert.equal(log?.retransmissions, 0);
      assert.ok(await until(() => server.activeTransfers() === 0, 2000), 'the transfer was freed');
    } finally {
      c.close();
    }
  });

  it('retransmits a small OACK to a client that never ACKs, within 4 times the bytes it sent', async () => {
    const c = await new RawClient().open();
    try {
      const request = rrq('file.bin', { blksize: '1428', tsize: '0' });
      c.send(request, server.port);
      const { got, log } = await drain(c, TIMEOUT_MS * (RETRIES + 10));
      assert.ok(got.length > 1 && got.every((g) => g.p?.op === 'OACK'), `${got.length} datagrams`);
      assert.ok(got.length <= RETRIES + 1);
      const sent = got.reduce((n, g) => n + g.bytes, 0);
      assert.ok(sent <= 4 * request.length, `${sent} bytes sent for a ${request.length}-byte request`);
      assert.equal(log?.result, 'timeout');
    } finally {
      c.close();
    }
  });

  it('answers a client that repeats its request, once per repeat, while it has not ACKed', async () => {
    const c = await new RawClient().open();
    try {
      c.send(rrq('file.bin'), server.port);
      const first = await c.next();
      assert.equal(first?.p?.op === 'DATA' && first.p.block, 1);
      // The first DATA is "lost": the client sends its request again after its own timeout.
      await new Promise((r) => setTimeout(r, TIMEOUT_MS));
      c.send(rrq('file.bin'), server.port);
      const again = await c.next();
      assert.equal(again?.p?.op === 'DATA' && again.p.block, 1);
      assert.equal(again?.from.port, first?.from.port, 'the same transfer answers');
      // Now it ACKs, and the transfer runs as usual.
      c.send(encodeAck(1), first!.from.port);
      const second = await c.next();
      assert.equal(second?.p?.op === 'DATA' && second.p.block, 2);
      c.send(encodePacket({ op: 'ERROR', code: 0, message: 'done' }), first!.from.port);
    } finally {
      c.close();
    }
  });

  it('retransmits to a client that has ACKed, RETRIES times, then frees the transfer', async () => {
    const c = await new RawClient().open();
    try {
      c.send(rrq('file.bin'), server.port);
      const first = await c.next();
      assert.equal(first?.p?.op === 'DATA' && first.p.block, 1);
      c.send(encodeAck(1), first!.from.port);
      // It vanishes after block 1: block 2 comes once and again RETRIES times.
      const { got, log } = await drain(c, TIMEOUT_MS * (RETRIES + 10));
      assert.deepEqual(
        got.map((g) => g.p?.op === 'DATA' && g.p.block),
        Array(RETRIES + 1).fill(2),
      );
      assert.equal(log?.result, 'timeout');
      assert.equal(log?.retransmissions, RETRIES);
    } finally {
      c.close();
    }
  });

  it('clamps an out-of-range blksize to the largest supported and leaves out bad timeout and windowsize', async () => {
    const c = await new RawClient().open();
    try {
      c.send(
        rrq('file.bin', {
          blksize: '99999999999999',
          timeout: '0',
          windowsize: '99999',
          tsize: '99999999999999',
        }),
        server.port,
      );
      const oack = await c.next();
      assert.deepEqual(oack?.p, { op: 'OACK', options: { blksize: '65464', tsize: String(file.length) } });
      c.send(encodeAck(0), oack!.from.port);
      const data = await c.next();
      assert.ok(data?.p?.op === 'DATA' && data.p.data.equals(file), 'the whole file in one 65464-byte block');
      c.send(encodeAck(1), oack!.from.port);
      for (const [blksize, timeout] of [
        ['4', '256'],
        ['1x', '-1'],
        ['', '99999999999999'],
      ] as const) {
        const d = await new RawClient().open();
        try {
          d.send(rrq('file.bin', { blksize, timeout }), server.port);
          const m = await d.next();
          // No option left to acknowledge: the transfer starts with DATA 1 of 512 bytes (RFC 2347).
          assert.ok(
            m?.p?.op === 'DATA' && m.p.block === 1 && m.p.data.length === 512,
            `${blksize} ${timeout}`,
          );
          d.send(encodePacket({ op: 'ERROR', code: 0, message: 'done' }), m!.from.port);
        } finally {
          d.close();
        }
      }
    } finally {
      c.close();
    }
  });

  it('is not disturbed by garbage to the request port and to the transfer port', async () => {
    const c = await new RawClient().open();
    const stranger = await new RawClient().open();
    try {
      const garbage = [
        Buffer.alloc(0),
        Buffer.from([0]),
        Buffer.from([0, 9, 1, 2, 3]),
        Buffer.from([0, 1, 0x66, 0x6f]), // an RRQ cut short
        encodeAck(7),
        encodePacket({ op: 'DATA', block: 1, data: Buffer.from('x') }),
        encodePacket({ op: 'ERROR', code: 0, message: 'noise' }),
        randomBytes(1500),
      ];
      c.send(rrq('file.bin', { blksize: '512' }), server.port);
      const oack = await c.next();
      assert.equal(oack?.p?.op, 'OACK');
      const tid = oack!.from.port;
      for (const g of garbage) {
        stranger.send(g, server.port);
        stranger.send(g, tid);
        // From the client's own port too, except what would rightly act on the transfer (an ACK, an ERROR).
        if (g[1] !== 4 && g[1] !== 5) c.send(g, tid);
      }
      c.send(encodeAck(0), tid);
      const received: Buffer[] = [];
      for (let block = 1; block <= 41; block++) {
        let m = await c.next();
        // Skip anything but the next DATA (no other packet is expected, but do not hang on one).
        for (let k = 0; k < 5 && m && !(m.p?.op === 'DATA' && m.p.block === block); k++) m = await c.next();
        assert.ok(m && m.p?.op === 'DATA', `block ${block}`);
        if (m.p?.op === 'DATA') received.push(Buffer.from(m.p.data));
        c.send(encodeAck(block), tid);
        if (block === 20) for (const g of garbage) stranger.send(g, tid);
      }
      assert.ok(Buffer.concat(received).equals(file));
      // The stranger learned that the transfer port is not its own (RFC 1350 error 5).
      let unknownTid = 0;
      for (let m = await stranger.next(200); m; m = await stranger.next(200))
        if (m.p?.op === 'ERROR' && m.p.code === 5 && m.from.port === tid) unknownTid++;
      assert.ok(unknownTid >= garbage.length, `ERROR 5 answers: ${unknownTid}`);
      // And the request port still serves.
      const r = await tftpGet('127.0.0.1', server.port, 'file.bin', { timeoutMs: 500, retries: 2 });
      assert.ok(r.data.equals(file));
    } finally {
      c.close();
      stranger.close();
    }
  });

  it('answers a repeated read request from the same port with one transfer, not two', async () => {
    const c = await new RawClient().open();
    try {
      assert.ok(await until(() => server.activeTransfers() === 0, 1000));
      const before = 0;
      c.send(rrq('file.bin'), server.port);
      c.send(rrq('file.bin'), server.port);
      const first = await c.next();
      assert.equal(first?.p?.op === 'DATA' && first.p.block, 1);
      const second = await c.next(TIMEOUT_MS / 2);
      assert.equal(second, undefined, 'no second DATA 1 from another transfer');
      assert.equal(server.activeTransfers(), before + 1);
      c.send(encodePacket({ op: 'ERROR', code: 0, message: 'done' }), first!.from.port);
      assert.ok(await until(() => server.activeTransfers() === before, 1000));
    } finally {
      c.close();
    }
  });

  it('answers errors: unknown file 1, write request 2, unknown mode 4, malformed request 4', async () => {
    const c = await new RawClient().open();
    try {
      const cases: [Buffer, number][] = [
        [rrq('nope.bin'), 1],
        [encodePacket({ op: 'WRQ', filename: 'file.bin', mode: 'octet', options: {} }), 2],
        [encodePacket({ op: 'RRQ', filename: 'file.bin', mode: 'mail', options: {} }), 4],
        [Buffer.from([0, 1, 0x61, 0]), 4],
        [encodeAck(1), 4],
      ];
      for (const [packet, code] of cases) {
        c.send(packet, server.port);
        const m = await c.next();
        assert.equal(m?.p?.op === 'ERROR' && m.p.code, code, packet.toString('hex'));
      }
    } finally {
      c.close();
    }
  });

  it('serves many transfers at once, with options, and frees them all', async () => {
    const runs = Array.from({ length: 60 }, (_, i) =>
      tftpGet('127.0.0.1', server.port, i % 3 === 0 ? 'big.bin' : 'file.bin', {
        timeoutMs: 1000,
        retries: 5,
        ...(i % 2 === 0 ? { blksize: 1428, tsize: true } : {}),
      }),
    );
    const results = await Promise.all(runs);
    results.forEach((r, i) => {
      assert.ok(r.data.equals(i % 3 === 0 ? big : file), `transfer ${i}`);
    });
    assert.ok(await until(() => server.activeTransfers() === 0, 2000));
  });
});

describe('TFTP server limits and shutdown', () => {
  it('refuses transfers beyond maxTransfers with ERROR 0, and close() cancels the ones under way', async () => {
    const logs: TransferLog[] = [];
    const server = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      timeoutMs: 5000,
      maxTransfers: 1,
      lookup: () => ({ ok: true, source: bufferSource(Buffer.alloc(2000)) }),
      onTransfer: (l) => logs.push(l),
    });
    const a = await new RawClient().open();
    const b = await new RawClient().open();
    try {
      a.send(encodePacket({ op: 'RRQ', filename: 'x', mode: 'octet', options: {} }), server.port);
      assert.equal((await a.next())?.p?.op, 'DATA');
      b.send(encodePacket({ op: 'RRQ', filename: 'x', mode: 'octet', options: {} }), server.port);
      const refused = await b.next();
      assert.deepEqual(refused?.p, { op: 'ERROR', code: 0, message: 'server busy, try again' });
      assert.equal(server.activeTransfers(), 1);
      await server.close();
      assert.equal(server.activeTransfers(), 0);
      assert.deepEqual(
        logs.map((l) => l.result),
        ['busy', 'cancelled'],
      );
    } finally {
      a.close();
      b.close();
      await server.close();
    }
  });
});

describe('TFTP server under a burst', () => {
  it('delivers a burst of 1,000 concurrent read requests from one client, every file intact', async () => {
    const files = Array.from({ length: 1000 }, (_, i) => randomBytes(700 + (i % 300)));
    const server = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      lookup: (name) => {
        const f = files[Number(name.slice(1))];
        return f ? { ok: true, source: bufferSource(f) } : { ok: false, result: 'not-found', message: 'no' };
      },
    });
    try {
      // Each request from its own socket, all sent at once: the request port must take them all in.
      const results = await Promise.all(
        files.map((_, i) => tftpGet('127.0.0.1', server.port, `f${i}`, { timeoutMs: 1000, retries: 5 })),
      );
      results.forEach((r, i) => {
        assert.ok(r.data.equals(files[i]!), `file ${i}`);
      });
      // A client whose request was answered late may have sent it again meanwhile; the server takes that
      // copy for a new request and its transfer ends after its retries (6 s): allow for it.
      assert.ok(await until(() => server.activeTransfers() === 0, 20_000));
    } finally {
      await server.close();
    }
  });
});
