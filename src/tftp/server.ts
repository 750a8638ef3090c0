// A read-only TFTP server on node:dgram (RFC 1350 with the options of RFC 2347/2348/2349), one port per transfer.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import {
  DEFAULT_BLKSIZE,
  decodePacket,
  encodeData,
  encodeError,
  encodePacket,
  MAX_BLKSIZE,
  MIN_BLKSIZE,
  TFTP_ERROR,
  type TftpOptions,
  TftpPacketError,
  toNetascii,
} from './packet.js';

/** Something a transfer reads from: a generated file in memory or an open file on disk. */
export interface TftpSource {
  readonly size: number;
  /** Reads `length` bytes at `offset` (length may be 0 at the end). */
  read(offset: number, length: number): Buffer | Promise<Buffer>;
  close?(): void;
}

export function bufferSource(data: Buffer): TftpSource {
  return { size: data.length, read: (offset, length) => data.subarray(offset, offset + length) };
}

/** How a request ended, as the access log writes it. */
export type TransferResult =
  | 'ok'
  | 'not-found'
  | 'access-violation'
  | 'write-refused'
  | 'bad-request'
  | 'option-refused'
  | 'busy'
  | 'timeout'
  | 'client-error'
  | 'io-error'
  | 'cancelled';

/** What the file lookup answers: a source to send, or the TFTP error to send back. */
export type TftpLookup =
  | { ok: true; source: TftpSource }
  | { ok: false; result: 'not-found' | 'access-violation' | 'io-error'; message: string };

export interface TransferLog {
  proto: 'tftp';
  client: string;
  file: string;
  mode: string;
  /** File bytes the client acknowledged. */
  bytes: number;
  durationMs: number;
  result: TransferResult;
  /** The error message sent or received, for results other than ok. */
  error?: string;
  blksize: number;
  /** Options acknowledged in the OACK. */
  options: TftpOptions;
  retransmissions: number;
}

export interface TftpServerOptions {
  address: string;
  /** 0 picks a free port (tests). */
  port: number;
  lookup(filename: string, client: RemoteInfo): TftpLookup | Promise<TftpLookup>;
  /** Wait for an ACK before sending again; a client's `timeout` option overrides it. Default 1000 ms. */
  timeoutMs?: number;
  /** Retransmissions of one packet before a transfer is given up. Default 5. */
  retries?: number;
  /** Largest block size granted. Default 65464 (RFC 2348). */
  maxBlksize?: number;
  /** Transfers at once; more are refused with ERROR 0. Default 1000. */
  maxTransfers?: number;
  /** netascii sends are converted in memory; larger files are refused in that mode. Default 64 MiB. */
  maxNetasciiBytes?: number;
  onTransfer?(log: TransferLog): void;
}

export interface TftpServer {
  readonly address: string;
  readonly port: number;
  activeTransfers(): number;
  close(): Promise<void>;
}

/** `address:port`, with IPv6 addresses in brackets as in URLs. */
export function endpoint(address: string | undefined, port: number | undefined): string {
  return `${address?.includes(':') ? `[${address}]` : address}:${port}`;
}

const ERROR_CODE_FOR: Record<string, number> = {
  'not-found': TFTP_ERROR.FILE_NOT_FOUND,
  'access-violation': TFTP_ERROR.ACCESS_VIOLATION,
  'io-error': TFTP_ERROR.NOT_DEFINED,
};

interface Negotiated {
  blksize: number;
  timeoutMs: number;
  oack: TftpOptions;
}

/** A decimal option value of any length (digits only); huge values become Infinity, which clamps like any other. */
function optionValue(v: string): number | undefined {
  return /^[0-9]+$/.test(v) ? Number(v) : undefined;
}

/**
 * RFC 2347-2349 negotiation. A block size above what the server supports is answered with the largest it
 * supports (RFC 2348 lets the server answer a smaller value); one below 8, a timeout outside 1-255 (RFC 2349
 * wants it acknowledged unchanged or not at all), a non-numeric value and an unknown option (windowsize among
 * them) are left out of the OACK, which means the default applies.
 */
export function negotiateOptions(
  requested: TftpOptions,
  size: number,
  limits: { maxBlksize: number; timeoutMs: number },
): Negotiated {
  const out: Negotiated = { blksize: DEFAULT_BLKSIZE, timeoutMs: limits.timeoutMs, oack: {} };
  for (const [name, value] of Object.entries(requested)) {
    const n = optionValue(value);
    if (n === undefined) continue;
    if (name === 'blksize' && n >= MIN_BLKSIZE) {
      out.blksize = Math.max(MIN_BLKSIZE, Math.min(n, limits.maxBlksize, MAX_BLKSIZE));
      out.oack['blksize'] = String(out.blksize);
    } else if (name === 'tsize') {
      out.oack['tsize'] = String(size);
    } else if (name === 'timeout' && n >= 1 && n <= 255) {
      out.timeoutMs = n * 1000;
      out.oack['timeout'] = String(n);
    }
  }
  return out;
}

/**
 * Before a peer's first ACK its address is unproven (a request's source is easily forged): the server then
 * sends one answer per request datagram, and retransmits on its own only while it has sent at most this
 * many times the bytes the peer sent. A lost first answer is recovered by the client sending its request
 * again (RFC 1350 has the sender of the lost packet's predecessor retransmit).
 */
export const UNANSWERED_AMPLIFICATION = 4;

/** Retransmitted bytes in one transfer at most: the file once more, and at least this much for small files. */
const MIN_RETRANSMIT_BUDGET = 1024 * 1024;

/**
 * Receive buffer of the request port: a burst of a thousand requests arrives faster than one event loop turn
 * reads them, and the kernel's default (about 200 KB, some 150 small datagrams on loopback) drops the rest.
 * The kernel caps it at net.core.rmem_max.
 */
const REQUEST_RECV_BUFFER = 4 * 1024 * 1024;

async function listen(address: string, port: number, recvBufferSize?: number): Promise<Socket> {
  const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      if (recvBufferSize !== undefined)
        try {
          socket.setRecvBufferSize(recvBufferSize);
        } catch {
          // a smaller buffer still serves; requests dropped under a burst are sent again by their clients
        }
      resolve();
    });
  });
  return socket;
}

export async function startTftpServer(opts: TftpServerOptions): Promise<TftpServer> {
  const timeoutMs = opts.timeoutMs ?? 1000;
  const retries = opts.retries ?? 5;
  const maxBlksize = opts.maxBlksize ?? MAX_BLKSIZE;
  const maxTransfers = opts.maxTransfers ?? 1000;
  const maxNetascii = opts.maxNetasciiBytes ?? 64 * 1024 * 1024;
  /** Keyed by the client's address:port (its transfer ID); a repeated RRQ from it is not a new transfer. */
  const active = new Map<string, { cancel(): void; repeated(bytes: number): void }>();
  let closing = false;

  const main = await listen(opts.address, opts.port, REQUEST_RECV_BUFFER);
  const log = (entry: TransferLog) => {
    try {
      opts.onTransfer?.(entry);
    } catch {
      // a failing logger must not take the server down
    }
  };

  const refuse = (to: RemoteInfo, code: number, message: string) => {
    main.send(encodeError(code, message), to.port, to.address);
  };

  main.on('message', (msg: Buffer, from: RemoteInfo) => {
    if (closing) return;
    let p: ReturnType<typeof decodePacket>;
    try {
      p = decodePacket(msg);
    } catch (e) {
      // A datagram that is TFTP-shaped but broken gets an answer; noise does not (no reflection).
      if (e instanceof TftpPacketError && msg.length >= 2 && msg[0] === 0 && (msg[1] === 1 || msg[1] === 2))
        refuse(from, TFTP_ERROR.ILLEGAL_OPERATION, `malformed request: ${e.message}`);
      return;
    }
    const base = {
      proto: 'tftp' as const,
      client: endpoint(from.address, from.port),
      bytes: 0,
      durationMs: 0,
      blksize: DEFAULT_BLKSIZE,
      options: {},
      retransmissions: 0,
    };
    if (p.op === 'WRQ') {
      const message = 'write requests are not accepted: this server is read-only';
      refuse(from, TFTP_ERROR.ACCESS_VIOLATION, message);
      log({ ...base, file: p.filename, mode: p.mode, result: 'write-refused', error: message });
      return;
    }
    if (p.op !== 'RRQ') {
      // ERROR packets are never answered (RFC 1350); other strays get ILLEGAL OPERATION.
      if (p.op !== 'ERROR')
        refuse(from, TFTP_ERROR.ILLEGAL_OPERATION, `unexpected ${p.op} on the request port`);
      return;
    }
    if (p.mode !== 'octet' && p.mode !== 'netascii') {
      const message = `transfer mode ${p.mode} is not supported (octet or netascii)`;
      refuse(from, TFTP_ERROR.ILLEGAL_OPERATION, message);
      log({ ...base, file: p.filename, mode: p.mode, result: 'bad-request', error: message });
      return;
    }
    const key = base.client;
    const under = active.get(key);
    if (under) {
      under.repeated(msg.length); // the client sent its RRQ again: the transfer under way answers it
      return;
    }
    if (active.size >= maxTransfers) {
      refuse(from, TFTP_ERROR.NOT_DEFINED, 'server busy, try again');
      log({ ...base, file: p.filename, mode: p.mode, result: 'busy', error: 'server busy' });
      return;
    }
    runTransfer(from, key, p.filename, p.mode, p.options, msg.length);
  });
  main.on('error', () => {
    // Errors on an unconnected UDP socket (ICMP unreachable and the like) concern one peer, not the server.
  });

  function runTransfer(
    client: RemoteInfo,
    key: string,
    file: string,
    mode: string,
    requested: TftpOptions,
    requestBytes: number,
  ) {
    const started = performance.now();
    let socket: Socket | undefined;
    let source: TftpSource | undefined;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    let negotiated: Negotiated = { blksize: DEFAULT_BLKSIZE, timeoutMs, oack: {} };
    /** The last block sent (0 while the OACK waits for ACK 0). */
    let block = 0;
    let lastPacket: Buffer | undefined;
    let isFinal = false;
    let busy = false; // a block is being read: ACKs that arrive meanwhile are duplicates
    let attempts = 0;
    let retransmissions = 0;
    let bytes = 0;
    /** The peer has ACKed a packet: its address is proven, and normal retransmission applies. */
    let answered = false;
    /** Bytes received from and sent to the peer before its first ACK (the amplification bound). */
    let receivedUnanswered = requestBytes;
    let sentUnanswered = 0;
    let repeatsAnswered = 0;
    let retransmittedBytes = 0;
    let lastSentAt = 0;

    const finish = (result: TransferResult, error?: string) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      active.delete(key);
      try {
        socket?.close();
      } catch {}
      try {
        source?.close?.();
      } catch {}
      log({
        proto: 'tftp',
        client: key,
        file,
        mode,
        bytes,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        result,
        ...(error === undefined ? {} : { error }),
        blksize: negotiated.blksize,
        options: negotiated.oack,
        retransmissions,
      });
    };
    active.set(key, {
      cancel: () => finish('cancelled', 'server shutting down'),
      repeated: (n: number) => {
        if (finished || answered || lastPacket === undefined) return;
        receivedUnanswered += n;
        // A repeat that crossed our answer in flight is not a loss; nor is a client repeating itself endlessly.
        if (performance.now() - lastSentAt < negotiated.timeoutMs / 2 || repeatsAnswered >= retries) return;
        repeatsAnswered++;
        resend();
      },
    });

    const sendError = (code: number, message: string) => {
      const s = socket ?? main;
      s.send(encodeError(code, message), client.port, client.address);
    };

    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onTimeout, negotiated.timeoutMs);
    };

    const transmit = (packet: Buffer) => {
      lastPacket = packet;
      attempts = 1;
      if (!answered) sentUnanswered += packet.length;
      lastSentAt = performance.now();
      socket!.send(packet, client.port, client.address);
      arm();
    };

    const resend = () => {
      const packet = lastPacket!;
      retransmissions++;
      retransmittedBytes += packet.length;
      if (!answered) sentUnanswered += packet.length;
      lastSentAt = performance.now();
      socket!.send(packet, client.port, client.address);
    };

    function onTimeout() {
      if (finished) return;
      if (attempts > retries) {
        finish(
          'timeout',
          `no ACK for ${block === 0 ? 'the OACK' : `block ${block}`} after ${attempts} sends`,
        );
        return;
      }
      attempts++;
      const packet = lastPacket!;
      if (!answered && sentUnanswered + packet.length > UNANSWERED_AMPLIFICATION * receivedUnanswered) {
        arm(); // wait in silence: a repeated request from the client still gets its answer
        return;
      }
      if (retransmittedBytes + packet.length > Math.max(MIN_RETRANSMIT_BUDGET, source?.size ?? 0)) {
        finish('timeout', `retransmission budget spent at ${block === 0 ? 'the OACK' : `block ${block}`}`);
        return;
      }
      resend();
      arm();
    }

    const sendBlock = async (n: number) => {
      const offset = (n - 1) * negotiated.blksize;
      const length = Math.max(0, Math.min(negotiated.blksize, source!.size - offset));
      busy = true;
      let data: Buffer;
      try {
        data = await source!.read(offset, length);
      } catch (e) {
        sendError(TFTP_ERROR.NOT_DEFINED, 'read error');
        finish('io-error', (e as Error).message);
        return;
      } finally {
        busy = false;
      }
      if (finished) return;
      block = n;
      isFinal = data.length < negotiated.blksize;
      if (n > 1) bytes = offset; // the client acknowledged everything before this block
      transmit(encodeData(n, data));
    };

    const onMessage = (msg: Buffer, from: RemoteInfo) => {
      if (finished) return;
      if (from.port !== client.port || from.address !== client.address) {
        // RFC 1350: a stranger's packet gets ERROR 5 (unless it is an ERROR) and does not touch the transfer.
        if (msg.length >= 2 && msg[0] === 0 && msg[1] === 5) return;
        socket!.send(encodeError(TFTP_ERROR.UNKNOWN_TID, 'unknown transfer ID'), from.port, from.address);
        return;
      }
      let p: ReturnType<typeof decodePacket>;
      try {
        p = decodePacket(msg);
      } catch {
        return; // garbage from the client's own port is dropped; the retransmission timer still runs
      }
      if (p.op === 'ERROR') {
        finish(
          p.code === TFTP_ERROR.OPTION_REFUSED ? 'option-refused' : 'client-error',
          `${p.code} ${p.message}`,
        );
        return;
      }
      // Only the ACK of the block in flight moves on; older ACKs are ignored so that a delayed duplicate never
      // doubles the traffic (the Sorcerer's Apprentice bug, RFC 1123 4.2.3.1).
      if (p.op !== 'ACK' || busy || p.block !== (block & 0xffff)) return;
      answered = true;
      if (isFinal) {
        bytes = source!.size;
        finish('ok');
        return;
      }
      void sendBlock(block + 1);
    };

    const start = async () => {
      let found: TftpLookup;
      try {
        found = await opts.lookup(file, client);
      } catch (e) {
        found = { ok: false, result: 'io-error', message: (e as Error).message };
      }
      if (finished) {
        if (found.ok) found.source.close?.();
        return;
      }
      if (!found.ok) {
        sendError(ERROR_CODE_FOR[found.result] ?? TFTP_ERROR.NOT_DEFINED, found.message);
        finish(found.result, found.message);
        return;
      }
      source = found.source;
      if (mode === 'netascii') {
        if (source.size > maxNetascii) {
          const message = `file too large for netascii mode (use octet)`;
          sendError(TFTP_ERROR.ILLEGAL_OPERATION, message);
          finish('bad-request', message);
          return;
        }
        const converted = toNetascii(await source.read(0, source.size));
        source.close?.();
        source = bufferSource(converted);
      }
      negotiated = negotiateOptions(requested, source.size, { maxBlksize, timeoutMs });
      try {
        socket = await listen(opts.address, 0);
      } catch (e) {
        sendError(TFTP_ERROR.NOT_DEFINED, 'no transfer port available');
        finish('io-error', (e as Error).message);
        return;
      }
      if (finished) {
        socket.close();
        return;
      }
      socket.on('message', onMessage);
      socket.on('error', () => {
        // see main.on('error'): nothing to do for a transfer but wait for its timer
      });
      if (Object.keys(negotiated.oack).length > 0)
        transmit(encodePacket({ op: 'OACK', options: negotiated.oack }));
      else await sendBlock(1);
    };
    start().catch((e: unknown) => finish('io-error', (e as Error).message));
  }

  const address = main.address();
  return {
    address: address.address,
    port: address.port,
    activeTransfers: () => active.size,
    close: async () => {
      if (closing) return;
      closing = true;
      for (const t of [...active.values()]) t.cancel();
      await new Promise<void>((resolve) => main.close(() => resolve()));
    },
  };
}
