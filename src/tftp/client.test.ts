// Tests of the TFTP client against Debian's tftpd-hpa and against small hand-written servers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { waitFor } from '../../test/support/poll.js';
import { startTftpdHpa, type TftpdHpa } from '../../test/support/tftpd-hpa.js';
import { TftpAbortError, TftpProtocolError, TftpRemoteError, TftpTimeoutError, tftpGet } from './client.js';
import { decodePacket, encodeData, encodePacket } from './packet.js';

const fast = { timeoutMs: 1000, retries: 3 };

describe('tftpGet against tftpd-hpa', () => {
  let dir: string;
  let tftpd: TftpdHpa;
  const big = randomBytes(700_000);
  const exact = randomBytes(512 * 4);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpnphone-tftpc-'));
    writeFileSync(join(dir, 'big.bin'), big, { mode: 0o644 });
    writeFileSync(join(dir, 'exact.bin'), exact, { mode: 0o644 });
    writeFileSync(join(dir, 'text.txt'), 'line 1\nline 2\r\n', { mode: 0o644 });
    tftpd = await startTftpdHpa(dir);
  });
  after(async () => {
    await tftpd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file in octet mode with the default 512-byte blocks', async () => {
    const r = await tftpGet('127.0.0.1', tftpd.port, 'big.bin', fast);
    assert.ok(r.data.equals(big));
    assert.equal(r.blocks, Math.floor(big.length / 512) + 1);
    assert.deepEqual(r.options, {});
    assert.notEqual(r.server.port, tftpd.port, 'the transfer runs on the server ephemeral port');
  });

  it('ends a file of whole blocks with an empty block', async () => {
    const r = await tftpGet('127.0.0.1', tftpd.port, 'exact.bin', fast);
    assert.ok(r.data.equals(exact));
    assert.equal(r.blocks, 5);
  });

  it('negotiates blksize, tsize and timeout through the OACK', async () => {
    const r = await tftpGet('127.0.0.1', tftpd.port, 'big.bin', {
      ...fast,
      blksize: 1428,
      tsize: true,
      timeout: 2,
    });
    assert.ok(r.data.equals(big));
    assert.deepEqual(r.options, { blksize: 1428, tsize: big.length, timeout: 2 });
    assert.equal(r.blocks, Math.ceil(big.length / 1428));
  });

  it('converts netascii back to local line ends', async () => {
    const r = await tftpGet('127.0.0.1', tftpd.port, 'text.txt', { ...fast, mode: 'netascii' });
    assert.equal(r.data.toString(), 'line 1\nline 2\r\n');
  });

  it('rejects with TftpRemoteError code 1 for a missing file', async () => {
    await assert.rejects(tftpGet('127.0.0.1', tftpd.port, 'missing.bin', fast), (e: unknown) => {
      assert.ok(e instanceof TftpRemoteError);
      assert.equal(e.code, 1);
      assert.match(e.message, /file not found/);
      return true;
    });
  });
});

/** A one-shot UDP server for the misbehaving-server cases. */
async function fakeServer(onMessage: (msg: Buffer, from: RemoteInfo, send: (b: Buffer) => void) => void) {
  const s = createSocket('udp4');
  s.on('message', (msg, from) => onMessage(msg, from, (b) => s.send(b, from.port, from.address)));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { port: s.address().port, close: () => new Promise<void>((r) => s.close(() => r())) };
}

describe('tftpGet against misbehaving servers', () => {
  it('times out with the stage and attempt count when nobody answers', async () => {
    let requests = 0;
    const srv = await fakeServer(() => {
      requests++;
    });
    try {
      await assert.rejects(
        tftpGet('127.0.0.1', srv.port, 'x', { timeoutMs: 50, retries: 2 }),
        (e: unknown) => e instanceof TftpTimeoutError && e.stage === 'request' && e.attempts === 3,
      );
      assert.equal(requests, 3, 'the request is sent once and retransmitted twice');
    } finally {
      await srv.close();
    }
  });

  it('refuses an OACK carrying an option it did not ask for (answering ERROR 8)', async () => {
    let answer: ReturnType<typeof decodePacket> | undefined;
    const srv = await fakeServer((msg, _from, send) => {
      const p = decodePacket(msg);
      if (p.op === 'RRQ') send(encodePacket({ op: 'OACK', options: { blksize: '1024' } }));
      else answer = p;
    });
    try {
      await assert.rejects(tftpGet('127.0.0.1', srv.port, 'x', { ...fast, tsize: true }), TftpProtocolError);
      // The ERROR packet may still be on its way when tftpGet rejects.
      assert.deepEqual(await waitFor('the ERROR answer', () => answer), {
        op: 'ERROR',
        code: 8,
        message: 'option blksize was not requested',
      });
    } finally {
      await srv.close();
    }
  });

  it('follows a server whose block numbers roll over from 65535 to 1 (not 0)', async () => {
    // 65537 blocks of 8 bytes: 1..65535, then 1 and 2 (short, the last).
    const total = 65537;
    let sent = 0;
    const srv = await fakeServer((msg, _from, send) => {
      const p = decodePacket(msg);
      if (p.op === 'RRQ') {
        send(encodePacket({ op: 'OACK', options: { blksize: '8' } }));
        return;
      }
      if (p.op !== 'ACK' || p.block !== (sent === 0 ? 0 : sent <= 65535 ? sent : sent - 65535)) return;
      if (sent === total) return;
      sent++;
      const wire = sent <= 65535 ? sent : sent - 65535;
      send(encodeData(wire, Buffer.alloc(sent === total ? 3 : 8, sent & 0xff)));
    });
    try {
      const r = await tftpGet('127.0.0.1', srv.port, 'x', { ...fast, blksize: 8 });
      assert.equal(r.blocks, total);
      assert.equal(r.data.length, (total - 1) * 8 + 3);
      assert.equal(r.data[65535 * 8], 65536 & 0xff, 'the block after 65535 is appended, not dropped');
    } finally {
      await srv.close();
    }
  });

  it('aborts when the signal fires', async () => {
    const srv = await fakeServer(() => {});
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 30);
      await assert.rejects(
        tftpGet('127.0.0.1', srv.port, 'x', { timeoutMs: 1000, retries: 5, signal: ac.signal }),
        TftpAbortError,
      );
    } finally {
      await srv.close();
    }
  });
});

// Regression (issue 15, tftp-endless.mjs): a server that keeps sending full blocks never ended a get.
test('a server that never stops sending is ended by maxBytes, and by deadlineMs', {
  timeout: 30_000,
}, async () => {
  const server = createSocket('udp4');
  const transfers: ReturnType<typeof createSocket>[] = [];
  server.on('message', (m, peer) => {
    if (m.readUInt16BE(0) !== 1) return;
    const t = createSocket('udp4');
    transfers.push(t);
    let n = 1;
    const block = Buffer.alloc(512, 0x41);
    const sendNext = () => {
      t.send(Buffer.concat([Buffer.from([0, 3, (n >> 8) & 255, n & 255]), block]), peer.port, peer.address);
      n = (n + 1) & 0xffff;
    };
    t.on('message', (a) => {
      if (a.readUInt16BE(0) === 4) sendNext();
    });
    t.bind(0, '127.0.0.1', sendNext);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', () => resolve()));
  const port = server.address().port;
  try {
    await assert.rejects(
      tftpGet('127.0.0.1', port, 'endless', { timeoutMs: 1000, retries: 1, maxBytes: 100_000 }),
      (e: unknown) => e instanceof TftpProtocolError && /file larger than 100000 bytes/.test(e.message),
    );
    await assert.rejects(
      tftpGet('127.0.0.1', port, 'endless', { timeoutMs: 1000, retries: 1, deadlineMs: 500 }),
      (e: unknown) =>
        e instanceof TftpTimeoutError &&
        e.stage === 'deadline' &&
        /transfer not complete within 500 ms/.test(e.message),
    );
  } finally {
    for (const t of transfers) t.close();
    server.close();
  }
});
