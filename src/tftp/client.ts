// The project's TFTP client: one read request (RFC 1350, octet or netascii) with the options of RFC 2347/2348/2349.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import {
  DEFAULT_BLKSIZE,
  decodePacket,
  encodeAck,
  encodeError,
  encodePacket,
  fromNetascii,
  MAX_BLKSIZE,
  MIN_BLKSIZE,
  parseOptionNumber,
  TFTP_ERROR,
  type TftpOptions,
  type TftpPacket,
} from './packet.js';

export interface TftpGetOptions {
  /** Ask for this block size (RFC 2348, 8..65464); the server may answer with a smaller one. */
  blksize?: number;
  /** Ask the server for the file size (RFC 2349); it is checked against what arrives. */
  tsize?: boolean;
  /** Ask the server to use this retransmission timeout, in whole seconds (RFC 2349, 1..255). */
  timeout?: number;
  /** How long to wait for each packet before sending the last one again. */
  timeoutMs: number;
  /** How many times a packet is sent again before the transfer fails with TftpTimeoutError. */
  retries: number;
  signal?: AbortSignal;
  /** `octet` (default) returns the bytes as stored; `netascii` converts CR LF back to LF. */
  mode?: 'octet' | 'netascii';
  /** Local address to send from (a phone's address inside a test namespace, say). */
  localAddress?: string;
  /** Refuse files larger than this many bytes (TftpProtocolError); unlimited when absent. */
  maxBytes?: number;
  /**
   * The whole transfer must end within this many milliseconds (TftpTimeoutError, stage `deadline`):
   * the per-packet timeout alone never ends a transfer from a server that keeps sending.
   */
  deadlineMs?: number;
}

/** Options the server acknowledged in its OACK; empty when it answered with DATA (it ignored them). */
export interface AcknowledgedOptions {
  blksize?: number;
  tsize?: number;
  timeout?: number;
}

export interface TftpGetResult {
  data: Buffer;
  options: AcknowledgedOptions;
  /** DATA blocks received (counting past block-number wrap), including a final empty one. */
  blocks: number;
  durationMs: number;
  /** Packets this client sent again after a timeout. */
  retransmissions: number;
  /** Where the transfer ran: the server's transfer ID (its ephemeral port). */
  server: { address: string; port: number };
}

export type TftpStage = 'request' | 'option-ack' | 'transfer' | 'deadline';

interface ErrorContext {
  host: string;
  port: number;
  filename: string;
}

/** Base of every error tftpGet rejects with. */
export class TftpError extends Error {
  override readonly name: string = 'TftpError';
  readonly host: string;
  readonly port: number;
  readonly filename: string;
  constructor(message: string, ctx: ErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.host = ctx.host;
    this.port = ctx.port;
    this.filename = ctx.filename;
  }
}

const ERROR_NAMES: Record<number, string> = {
  0: 'not defined',
  1: 'file not found',
  2: 'access violation',
  3: 'disk full',
  4: 'illegal operation',
  5: 'unknown transfer ID',
  6: 'file already exists',
  7: 'no such user',
  8: 'option refused',
};

/** The server answered with an ERROR packet. */
export class TftpRemoteError extends TftpError {
  override readonly name = 'TftpRemoteError';
  readonly code: number;
  readonly remoteMessage: string;
  constructor(code: number, remoteMessage: string, ctx: ErrorContext) {
    const what = ERROR_NAMES[code] ?? 'unknown error code';
    super(
      `TFTP error ${code} (${what}) from ${ctx.host}:${ctx.port} for ${ctx.filename}` +
        (remoteMessage ? `: ${remoteMessage}` : ''),
      ctx,
    );
    this.code = code;
    this.remoteMessage = remoteMessage;
  }
}

/** Nothing (valid) came back after the last retransmission. */
export class TftpTimeoutError extends TftpError {
  override readonly name = 'TftpTimeoutError';
  readonly stage: TftpStage;
  /** The last block received (0 before any DATA). */
  readonly block: number;
  readonly attempts: number;
  constructor(stage: TftpStage, block: number, attempts: number, timeoutMs: number, ctx: ErrorContext) {
    const where =
      stage === 'deadline'
        ? `transfer not complete within ${timeoutMs} ms (${block} blocks received)`
        : stage === 'request'
          ? 'no answer to the read request'
          : stage === 'option-ack'
            ? 'no data after acknowledging the options'
            : `no data after block ${block}`;
    super(
      `TFTP timeout from ${ctx.host}:${ctx.port} for ${ctx.filename}: ${where}` +
        (stage === 'deadline' ? '' : ` (${attempts} attempts, ${timeoutMs} ms each)`),
      ctx,
    );
    this.stage = stage;
    this.block = block;
    this.attempts = attempts;
  }
}

/** The server broke the protocol: a bad OACK, a size that does not match tsize, a file over maxBytes. */
export class TftpProtocolError extends TftpError {
  override readonly name = 'TftpProtocolError';
}

export class TftpAbortError extends TftpError {
  override readonly name = 'TftpAbortError';
}

/** The socket failed (address in use, network unreachable, ...); `cause` has the system error. */
export class TftpNetworkError extends TftpError {
  override readonly name = 'TftpNetworkError';
}

function requestedOptions(o: TftpGetOptions): TftpOptions {
  const options: TftpOptions = {};
  if (o.blksize !== undefined) {
    if (!Number.isInteger(o.blksize) || o.blksize < MIN_BLKSIZE || o.blksize > MAX_BLKSIZE)
      throw new RangeError(`blksize ${o.blksize}: must be an integer from ${MIN_BLKSIZE} to ${MAX_BLKSIZE}`);
    options['blksize'] = String(o.blksize);
  }
  if (o.tsize) options['tsize'] = '0';
  if (o.timeout !== undefined) {
    if (!Number.isInteger(o.timeout) || o.timeout < 1 || o.timeout > 255)
      throw new RangeError(`timeout ${o.timeout}: must be an integer from 1 to 255 seconds`);
    options['timeout'] = String(o.timeout);
  }
  return options;
}

/** Checks an OACK against what was asked (RFC 2347: a server may only acknowledge requested options). */
function acceptOack(asked: TftpOptions, got: TftpOptions): AcknowledgedOptions | string {
  const acked: AcknowledgedOptions = {};
  for (const [name, value] of Object.entries(got)) {
    if (!(name in asked)) return `option ${name} was not requested`;
    const n = parseOptionNumber(value);
    if (n === undefined) return `option ${name}=${JSON.stringify(value)} is not a number`;
    if (name === 'blksize') {
      if (n < MIN_BLKSIZE || n > Number(asked['blksize']))
        return `blksize ${n} outside 8..${asked['blksize']}`;
      acked.blksize = n;
    } else if (name === 'timeout') {
      if (n !== Number(asked['timeout']))
        return `timeout ${n} differs from the requested ${asked['timeout']}`;
      acked.timeout = n;
    } else if (name === 'tsize') acked.tsize = n;
  }
  return acked;
}

async function resolveHost(host: string): Promise<{ address: string; family: 4 | 6 }> {
  const v = isIP(host);
  if (v === 4 || v === 6) return { address: host, family: v };
  const r = await lookup(host);
  return { address: r.address, family: r.family === 6 ? 6 : 4 };
}

/**
 * Reads one file from a TFTP server. Resolves with the bytes and what the server acknowledged; rejects with
 * TftpRemoteError (the server's ERROR packet), TftpTimeoutError (after `retries` retransmissions),
 * TftpProtocolError, TftpAbortError (signal) or TftpNetworkError. Block numbers may wrap past 65535 (to 0,
 * or to 1 as some servers do).
 */
export async function tftpGet(
  host: string,
  port: number,
  filename: string,
  opts: TftpGetOptions,
): Promise<TftpGetResult> {
  const ctx: ErrorContext = { host, port, filename };
  const asked = requestedOptions(opts);
  const mode = opts.mode ?? 'octet';
  if (opts.signal?.aborted) throw new TftpAbortError(`TFTP get of ${filename} aborted`, ctx);
  let target: { address: string; family: 4 | 6 };
  try {
    target = await resolveHost(host);
  } catch (e) {
    throw new TftpNetworkError(`cannot resolve ${host}: ${(e as Error).message}`, ctx, { cause: e });
  }
  const started = performance.now();
  const socket: Socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');

  return new Promise<TftpGetResult>((resolvePromise, rejectPromise) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let stage: TftpStage = 'request';
    let tid: number | undefined; // the server's transfer port, fixed by its first answer
    let blksize = DEFAULT_BLKSIZE;
    let acked: AcknowledgedOptions = {};
    let lastWire = 0; // last block number received, as on the wire
    let blocks = 0;
    let bytes = 0;
    const chunks: Buffer[] = [];
    let lastSent: Buffer = encodePacket({ op: 'RRQ', filename, mode, options: asked });
    let attempts = 0;
    let retransmissions = 0;

    const deadline =
      opts.deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            if (tid !== undefined) send(encodeError(TFTP_ERROR.NOT_DEFINED, 'transfer too slow'), tid);
            // Nothing came back at all: that is the clearer thing to say.
            const err =
              stage === 'request'
                ? new TftpTimeoutError('request', 0, attempts, opts.timeoutMs, ctx)
                : new TftpTimeoutError('deadline', blocks, 1, opts.deadlineMs ?? 0, ctx);
            setImmediate(() => finish(err));
          }, opts.deadlineMs);
    const finish = (err: Error | undefined, result?: TftpGetResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (deadline) clearTimeout(deadline);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
      // close() throws if the socket never got bound; either way it is done with.
      try {
        socket.close();
      } catch {}
      if (err) rejectPromise(err);
      else resolvePromise(result!);
    };

    const send = (buf: Buffer, toPort: number) => {
      socket.send(buf, toPort, target.address, (err) => {
        if (err)
          finish(
            new TftpNetworkError(`cannot send to ${host}:${toPort}: ${err.message}`, ctx, { cause: err }),
          );
      });
    };

    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onTimeout, opts.timeoutMs);
    };

    const transmit = (buf: Buffer) => {
      lastSent = buf;
      attempts = 1;
      send(buf, tid ?? port);
      arm();
    };

    function onTimeout() {
      if (settled) return;
      if (attempts > opts.retries) {
        finish(new TftpTimeoutError(stage, blocks, attempts, opts.timeoutMs, ctx));
        return;
      }
      attempts++;
      retransmissions++;
      send(lastSent, tid ?? port);
      arm();
    }

    function onAbort() {
      if (tid !== undefined) send(encodeError(TFTP_ERROR.NOT_DEFINED, 'transfer cancelled'), tid);
      // Let the error packet leave before the socket closes.
      setImmediate(() => finish(new TftpAbortError(`TFTP get of ${filename} aborted`, ctx)));
    }

    const fail = (message: string) => {
      if (tid !== undefined) send(encodeError(TFTP_ERROR.ILLEGAL_OPERATION, message), tid);
      setImmediate(() =>
        finish(new TftpProtocolError(`${host}:${tid ?? port} ${filename}: ${message}`, ctx)),
      );
    };

    const complete = () => {
      let data: Buffer = Buffer.concat(chunks, bytes);
      if (acked.tsize !== undefined && mode === 'octet' && acked.tsize !== data.length) {
        finish(
          new TftpProtocolError(
            `${filename}: received ${data.length} bytes, the server announced tsize ${acked.tsize}`,
            ctx,
          ),
        );
        return;
      }
      if (mode === 'netascii') data = fromNetascii(data);
      finish(undefined, {
        data,
        options: acked,
        blocks,
        durationMs: performance.now() - started,
        retransmissions,
        server: { address: target.address, port: tid ?? port },
      });
    };

    const onData = (p: Extract<TftpPacket, { op: 'DATA' }>) => {
      const expected = (lastWire + 1) & 0xffff;
      // Servers roll over from 65535 to 0 (most) or to 1 (a few); take either.
      const isNext = p.block === expected || (expected === 0 && blocks > 0 && p.block === 1);
      if (!isNext) {
        // A duplicate of the block already acknowledged means our ACK was lost: acknowledge it again.
        if (blocks > 0 && p.block === lastWire) send(encodeAck(lastWire), tid!);
        return;
      }
      if (p.data.length > blksize) {
        fail(`DATA block ${p.block} has ${p.data.length} bytes, more than the block size ${blksize}`);
        return;
      }
      stage = 'transfer';
      lastWire = p.block;
      blocks++;
      bytes += p.data.length;
      if (opts.maxBytes !== undefined && bytes > opts.maxBytes) {
        fail(`file larger than ${opts.maxBytes} bytes`);
        return;
      }
      chunks.push(Buffer.from(p.data)); // copy: the datagram buffer belongs to the socket
      const ack = encodeAck(p.block);
      if (p.data.length < blksize) {
        // The last ACK is sent once; a server that misses it retransmits into a closed port and gives up.
        socket.send(ack, tid!, target.address, () => complete());
        if (timer) clearTimeout(timer);
        return;
      }
      transmit(ack);
    };

    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      if (settled || rinfo.address !== target.address) return;
      if (tid !== undefined && rinfo.port !== tid) {
        // RFC 1350: a packet from another port is someone else's; tell it, carry on.
        socket.send(encodeError(TFTP_ERROR.UNKNOWN_TID, 'unknown transfer ID'), rinfo.port, rinfo.address);
        return;
      }
      let p: TftpPacket;
      try {
        p = decodePacket(msg);
      } catch {
        return; // garbage does not end a transfer, nor start one; the timer still runs
      }
      // The server's first answer fixes its transfer ID (RFC 1350).
      if (tid === undefined) tid = rinfo.port;
      switch (p.op) {
        case 'ERROR':
          finish(new TftpRemoteError(p.code, p.message, ctx));
          return;
        case 'OACK': {
          if (blocks > 0) return; // a late duplicate
          if (Object.keys(asked).length === 0) {
            fail('OACK although no option was requested');
            return;
          }
          const r = acceptOack(asked, p.options);
          if (typeof r === 'string') {
            // RFC 2347: a client that dislikes the OACK answers ERROR 8.
            send(encodeError(TFTP_ERROR.OPTION_REFUSED, r), tid);
            setImmediate(() => finish(new TftpProtocolError(`${host}:${tid} ${filename}: ${r}`, ctx)));
            return;
          }
          acked = r;
          blksize = r.blksize ?? DEFAULT_BLKSIZE;
          if (opts.maxBytes !== undefined && r.tsize !== undefined && r.tsize > opts.maxBytes) {
            fail(`file of ${r.tsize} bytes is larger than ${opts.maxBytes} bytes`);
            return;
          }
          stage = 'option-ack';
          transmit(encodeAck(0));
          return;
        }
        case 'DATA':
          onData(p);
          return;
        default:
          fail(`unexpected ${p.op} packet`);
      }
    });
    socket.on('error', (err) =>
      finish(new TftpNetworkError(`TFTP socket error: ${err.message}`, ctx, { cause: err })),
    );
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.bind({ port: 0, ...(opts.localAddress ? { address: opts.localAddress } : {}) }, () => {
      if (settled) return;
      transmit(lastSent);
    });
  });
}
