// A live tunnel: CSTP frames over the TLS socket, optional DTLS 0.9 channel over UDP, DPD both ways.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { TLSSocket } from 'node:tls';
import { CSTP, decodeCstpStream, decodeDtlsPayload, encodeCstp, encodeDtlsPayload } from './cstp.js';
import { Dtls09Client, type Dtls09Suite } from './dtls09.js';
import { Dtls09Error, PeerClosedError, StepTimeoutError } from './errors.js';
import type { StreamReader } from './stream.js';

export type Channel = 'tls' | 'dtls';

export interface TunnelCounters {
  /** DPD requests from the server that we answered. */
  serverDpdAnswered: Record<Channel, number>;
  /** Keepalives received from the server. */
  keepalivesReceived: Record<Channel, number>;
  /** IPv6 packets (router solicitations) ignored. */
  ipv6Ignored: number;
  packetsReceived: number;
}

export interface DtlsHandshakeEvents {
  onAttempt?: (n: number) => void;
}

export class Tunnel {
  readonly counters: TunnelCounters = {
    serverDpdAnswered: { tls: 0, dtls: 0 },
    keepalivesReceived: { tls: 0, dtls: 0 },
    ipv6Ignored: 0,
    packetsReceived: 0,
  };
  closedReason: string | undefined;
  private rest: Buffer = Buffer.alloc(0);
  private udp: UdpSocket | undefined;
  private dtls: Dtls09Client | undefined;
  private waiters: Array<{
    test: (ch: Channel, type: number, payload: Buffer) => boolean;
    done: () => void;
    failed: (e: Error) => void;
  }> = [];
  private packetListeners = new Set<(packet: Buffer, ch: Channel) => void>();

  constructor(
    private readonly tls: TLSSocket,
    reader: StreamReader,
  ) {
    const early = reader.detach((c) => this.onTlsBytes(c));
    if (early.length > 0) this.onTlsBytes(early);
    tls.on('close', () => this.end('the TLS connection closed'));
  }

  /**
   * The session is over (the headend's DISCONNECT or TERMINATE, a framing error, the TLS close):
   * every wait ends now with the reason, instead of running out as "no DPD response".
   */
  private end(reason: string): void {
    this.closedReason ??= reason;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.failed(new PeerClosedError(this.closedReason));
  }

  get dtlsUp(): boolean {
    return this.dtls?.state === 'established';
  }

  private onTlsBytes(chunk: Buffer): void {
    try {
      const { frames, rest } = decodeCstpStream(Buffer.concat([this.rest, chunk]));
      this.rest = rest;
      for (const f of frames) this.onFrame('tls', f.type, f.payload);
    } catch (e) {
      this.end(`CSTP framing error from the headend: ${(e as Error).message}`);
      this.tls.destroy();
    }
  }

  private onFrame(ch: Channel, type: number, payload: Buffer): void {
    if (type === CSTP.DPD_REQ) {
      this.send(ch, CSTP.DPD_RESP, payload);
      this.counters.serverDpdAnswered[ch]++;
    } else if (type === CSTP.KEEPALIVE) {
      this.counters.keepalivesReceived[ch]++;
    } else if (type === CSTP.DATA) {
      this.counters.packetsReceived++;
      if ((payload[0] ?? 0) >> 4 === 6) this.counters.ipv6Ignored++;
      for (const l of this.packetListeners) l(payload, ch);
    } else if (type === CSTP.DISCONNECT || type === CSTP.TERMINATE) {
      this.end(
        `the headend ended the session (CSTP ${type === CSTP.DISCONNECT ? 'DISCONNECT' : 'TERMINATE'})`,
      );
      return;
    }
    for (const w of [...this.waiters]) {
      if (w.test(ch, type, payload)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.done();
      }
    }
  }

  send(ch: Channel, type: number, payload: Uint8Array = Buffer.alloc(0)): void {
    if (ch === 'dtls') {
      if (!this.udp || !this.dtls || !this.dtlsUp) throw new Error('DTLS is not up');
      this.udp.send(this.dtls.encrypt(encodeDtlsPayload(type, payload)));
    } else {
      if (this.tls.destroyed || this.closedReason)
        throw new PeerClosedError(this.closedReason ?? 'the TLS connection is closed');
      this.tls.write(encodeCstp(type, payload));
    }
  }

  /** Sends a DPD request with a random payload on `ch`; resolves to the round trip in ms. */
  async dpd(ch: Channel, ms: number): Promise<number> {
    const payload = Buffer.from(`vpnphone-dpd-${Math.random().toString(36).slice(2, 10)}`);
    const t0 = performance.now();
    const answered = this.waitFor(
      (c, type, p) => c === ch && type === CSTP.DPD_RESP && p.equals(payload),
      ms,
      `DPD response on ${ch.toUpperCase()}`,
    );
    this.send(ch, CSTP.DPD_REQ, payload);
    await answered;
    return performance.now() - t0;
  }

  private waitFor(
    test: (ch: Channel, type: number, payload: Buffer) => boolean,
    ms: number,
    what: string,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.closedReason) {
        reject(new PeerClosedError(this.closedReason));
        return;
      }
      const w = {
        test,
        done: () => {
          clearTimeout(t);
          resolve();
        },
        failed: (e: Error) => {
          clearTimeout(t);
          reject(e);
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new StepTimeoutError(`no ${what} within ${ms} ms`, { context: { what, ms } }));
      }, ms);
      this.waiters.push(w);
    });
  }

  /** Waits for a tunnelled packet that `match` accepts. */
  waitPacket<T>(match: (packet: Buffer, ch: Channel) => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const l = (p: Buffer, ch: Channel) => {
        const v = match(p, ch);
        if (v !== undefined) {
          clearTimeout(t);
          this.packetListeners.delete(l);
          resolve(v);
        }
      };
      const t = setTimeout(() => {
        this.packetListeners.delete(l);
        reject(new StepTimeoutError(`no ${what} within ${ms} ms`, { context: { what, ms } }));
      }, ms);
      this.packetListeners.add(l);
    });
  }

  /** Sends an IP packet over DTLS when it is up, else over TLS (as the phone does). */
  sendPacket(packet: Uint8Array): Channel {
    const ch: Channel = this.dtlsUp ? 'dtls' : 'tls';
    this.send(ch, CSTP.DATA, packet);
    return ch;
  }

  /**
   * The resumed DTLS 0.9 handshake to `host:port`; retransmits the ClientHello (1 s, then doubling)
   * until `ms` runs out. Rejects with Dtls09Error (alerts, cipher mismatch) or StepTimeoutError.
   */
  async startDtls(
    host: string,
    port: number,
    masterSecret: Buffer,
    sessionId: Buffer,
    suite: Dtls09Suite,
    ms: number,
    ev: DtlsHandshakeEvents = {},
  ): Promise<void> {
    const client = new Dtls09Client({ masterSecret, sessionId, suite });
    const udp = createSocket('udp4');
    this.udp = udp;
    this.dtls = client;
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.connect(port, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      let attempt = 0;
      let retry: NodeJS.Timeout | undefined;
      const finish = (e?: Error) => {
        clearTimeout(retry);
        clearTimeout(overall);
        udp.off('message', onMessage);
        udp.off('error', onError);
        if (e) reject(e);
        else resolve();
      };
      const sendHello = (wait: number) => {
        attempt++;
        ev.onAttempt?.(attempt);
        udp.send(client.clientHello());
        retry = setTimeout(() => sendHello(Math.min(wait * 2, 8000)), wait);
      };
      const onMessage = (msg: Buffer) => {
        try {
          const out = client.receiveHandshake(msg);
          if (out) {
            udp.send(out);
            finish();
          }
        } catch (e) {
          if (e instanceof Dtls09Error && e.sentAlert !== undefined) {
            try {
              udp.send(client.alert(e.sentAlert));
            } catch {
              // the alert is a courtesy; the failure is reported either way
            }
          }
          finish(e as Error);
        }
      };
      const onError = (e: Error) => finish(e);
      const overall = setTimeout(
        () =>
          finish(
            new StepTimeoutError(`no DTLS handshake answer within ${ms} ms (${attempt} ClientHello sent)`, {
              step: 'dtls',
              context: { ms, attempts: attempt },
            }),
          ),
        ms,
      );
      udp.on('message', onMessage);
      udp.on('error', onError);
      sendHello(1000);
    });
    udp.on('message', (msg: Buffer) => {
      const { data } = client.decrypt(msg);
      for (const d of data) {
        try {
          const f = decodeDtlsPayload(d);
          this.onFrame('dtls', f.type, f.payload);
        } catch {
          // an empty record carries nothing to act on
        }
      }
    });
  }

  /** Sends the CSTP disconnect (reason 0xb0, "client disconnect") and closes both channels. */
  async disconnect(): Promise<void> {
    try {
      if (this.dtlsUp && this.udp && this.dtls) {
        this.send('dtls', CSTP.DISCONNECT, Buffer.from([0xb0]));
        const close = this.dtls.close();
        if (close) this.udp.send(close);
      }
    } catch {
      // DTLS may already be gone; TLS disconnect below is what the headend acts on
    }
    if (!this.tls.destroyed) {
      await new Promise<void>((resolve) => {
        this.tls.write(encodeCstp(CSTP.DISCONNECT, Buffer.from([0xb0])), () => resolve());
        setTimeout(resolve, 500);
      });
      this.tls.end();
      setTimeout(() => this.tls.destroy(), 500).unref();
    }
    this.closeUdp();
  }

  closeUdp(): void {
    const udp = this.udp;
    this.udp = undefined;
    if (udp) {
      // Give queued sends a moment to leave before the socket goes.
      setTimeout(() => {
        try {
          udp.close();
        } catch {
          // already closed
        }
      }, 50).unref();
    }
  }

  destroy(): void {
    this.closeUdp();
    this.tls.destroy();
  }
}
