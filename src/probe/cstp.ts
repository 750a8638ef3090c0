// CSTP framing (PROTOCOL.md §3): the 8-byte "STF" header over TLS and the one-byte header inside DTLS.
import { CstpFramingError } from './errors.js';

export const CSTP = {
  DATA: 0,
  DPD_REQ: 3,
  DPD_RESP: 4,
  DISCONNECT: 5,
  KEEPALIVE: 7,
  COMPRESSED: 8,
  TERMINATE: 9,
} as const;

export interface CstpFrame {
  type: number;
  payload: Buffer;
}

const MAGIC = [0x53, 0x54, 0x46, 0x01];

/** One frame for the TLS channel: `STF` 1, length (16 bits), type, 0, payload. */
export function encodeCstp(type: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  if (payload.length > 0xffff) throw new CstpFramingError(`payload of ${payload.length} bytes is too long`);
  const h = Buffer.from([...MAGIC, payload.length >> 8, payload.length & 0xff, type, 0]);
  return Buffer.concat([h, payload]);
}

/**
 * Splits a TLS byte stream into frames. Returns the frames and the unconsumed rest (a partial frame).
 * Throws on bytes that are not a CSTP header: the peer is not speaking CSTP.
 */
export function decodeCstpStream(buf: Buffer): { frames: CstpFrame[]; rest: Buffer } {
  const frames: CstpFrame[] = [];
  let off = 0;
  while (buf.length - off >= 8) {
    for (let i = 0; i < 4; i++) {
      if (buf[off + i] !== MAGIC[i]) {
        throw new CstpFramingError(
          `not a CSTP header: ${buf.subarray(off, off + 8).toString('hex')} (expected 53544601...)`,
        );
      }
    }
    const len = ((buf[off + 4] ?? 0) << 8) | (buf[off + 5] ?? 0);
    if (buf.length - off < 8 + len) break;
    frames.push({ type: buf[off + 6] ?? 0, payload: Buffer.from(buf.subarray(off + 8, off + 8 + len)) });
    off += 8 + len;
  }
  return { frames, rest: Buffer.from(buf.subarray(off)) };
}

/** One frame for the DTLS channel: a single type byte before the payload. */
export function encodeDtlsPayload(type: number, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([type]), payload]);
}

export function decodeDtlsPayload(data: Uint8Array): CstpFrame {
  if (data.length < 1) throw new CstpFramingError('empty DTLS payload');
  return { type: data[0] ?? 0, payload: Buffer.from(data.subarray(1)) };
}

/** A readable name for a frame type, for logs and errors. */
export function cstpTypeName(type: number): string {
  for (const [k, v] of Object.entries(CSTP)) if (v === type) return k;
  return `type ${type}`;
}
