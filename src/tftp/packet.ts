// TFTP packets (RFC 1350, options of RFC 2347/2348/2349): a pure encoder and decoder shared by client and server.

export const OPCODE = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** Error codes of RFC 1350 (0-7) and RFC 2347 (8). */
export const TFTP_ERROR = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  OPTION_REFUSED: 8,
} as const;

/** RFC 2348: block sizes a peer may ask for. */
export const MIN_BLKSIZE = 8;
export const MAX_BLKSIZE = 65464;
export const DEFAULT_BLKSIZE = 512;

/** Option names are case-insensitive (RFC 2347); they are kept lower-cased, in the order received. */
export type TftpOptions = Record<string, string>;

export type TftpPacket =
  | { op: 'RRQ' | 'WRQ'; filename: string; mode: string; options: TftpOptions }
  | { op: 'DATA'; block: number; data: Buffer }
  | { op: 'ACK'; block: number }
  | { op: 'ERROR'; code: number; message: string }
  | { op: 'OACK'; options: TftpOptions };

export class TftpPacketError extends Error {
  override readonly name = 'TftpPacketError';
}

/** Splits NUL-terminated strings starting at `offset`; a missing final NUL is malformed. */
function nulStrings(buf: Buffer, offset: number, what: string): string[] {
  const out: string[] = [];
  let start = offset;
  while (start < buf.length) {
    const end = buf.indexOf(0, start);
    if (end < 0) throw new TftpPacketError(`${what}: string not terminated by NUL`);
    // latin1 keeps every byte: file names from old phones are not always UTF-8.
    out.push(buf.toString('latin1', start, end));
    start = end + 1;
  }
  return out;
}

function optionPairs(strings: string[], what: string): TftpOptions {
  if (strings.length % 2 !== 0) throw new TftpPacketError(`${what}: option without a value`);
  const options: TftpOptions = {};
  for (let i = 0; i < strings.length; i += 2) {
    const name = strings[i]!.toLowerCase();
    if (name === '') throw new TftpPacketError(`${what}: empty option name`);
    // The first occurrence wins; a repeated option is not an error worth dropping the request for.
    if (!(name in options)) options[name] = strings[i + 1]!;
  }
  return options;
}

/** Decodes one datagram; throws TftpPacketError for anything that is not a well-formed TFTP packet. */
export function decodePacket(buf: Buffer): TftpPacket {
  if (buf.length < 2) throw new TftpPacketError('datagram shorter than an opcode');
  const opcode = buf.readUInt16BE(0);
  switch (opcode) {
    case OPCODE.RRQ:
    case OPCODE.WRQ: {
      const op = opcode === OPCODE.RRQ ? 'RRQ' : 'WRQ';
      const strings = nulStrings(buf, 2, op);
      if (strings.length < 2) throw new TftpPacketError(`${op}: missing file name or mode`);
      const [filename, mode, ...rest] = strings as [string, string, ...string[]];
      if (filename === '') throw new TftpPacketError(`${op}: empty file name`);
      return { op, filename, mode: mode.toLowerCase(), options: optionPairs(rest, op) };
    }
    case OPCODE.DATA:
      if (buf.length < 4) throw new TftpPacketError('DATA: shorter than 4 bytes');
      return { op: 'DATA', block: buf.readUInt16BE(2), data: buf.subarray(4) };
    case OPCODE.ACK:
      if (buf.length !== 4) throw new TftpPacketError('ACK: not 4 bytes');
      return { op: 'ACK', block: buf.readUInt16BE(2) };
    case OPCODE.ERROR: {
      if (buf.length < 4) throw new TftpPacketError('ERROR: shorter than 4 bytes');
      // Some implementations forget the final NUL; the message is still worth showing.
      const end = buf.indexOf(0, 4);
      const message = buf.toString('latin1', 4, end < 0 ? buf.length : end);
      return { op: 'ERROR', code: buf.readUInt16BE(2), message };
    }
    case OPCODE.OACK:
      return { op: 'OACK', options: optionPairs(nulStrings(buf, 2, 'OACK'), 'OACK') };
    default:
      throw new TftpPacketError(`unknown opcode ${opcode}`);
  }
}

function strings(opcode: number, parts: string[]): Buffer {
  const bodies = parts.map((s) => Buffer.from(s, 'latin1'));
  const out = Buffer.alloc(2 + bodies.reduce((n, b) => n + b.length + 1, 0));
  out.writeUInt16BE(opcode, 0);
  let at = 2;
  for (const b of bodies) {
    b.copy(out, at);
    at += b.length + 1; // the NUL is already there (alloc zero-fills)
  }
  return out;
}

function optionStrings(options: TftpOptions): string[] {
  return Object.entries(options).flat();
}

export function encodePacket(p: TftpPacket): Buffer {
  switch (p.op) {
    case 'RRQ':
    case 'WRQ':
      return strings(OPCODE[p.op], [p.filename, p.mode, ...optionStrings(p.options)]);
    case 'OACK':
      return strings(OPCODE.OACK, optionStrings(p.options));
    case 'DATA':
      return encodeData(p.block, p.data);
    case 'ACK':
      return encodeAck(p.block);
    case 'ERROR': {
      const msg = Buffer.from(p.message, 'latin1');
      const out = Buffer.alloc(4 + msg.length + 1);
      out.writeUInt16BE(OPCODE.ERROR, 0);
      out.writeUInt16BE(p.code & 0xffff, 2);
      msg.copy(out, 4);
      return out;
    }
  }
}

/** DATA without going through the union: the hot path of a transfer. */
export function encodeData(block: number, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + data.length);
  out.writeUInt16BE(OPCODE.DATA, 0);
  out.writeUInt16BE(block & 0xffff, 2);
  out.set(data, 4);
  return out;
}

export function encodeAck(block: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt16BE(OPCODE.ACK, 0);
  out.writeUInt16BE(block & 0xffff, 2);
  return out;
}

export function encodeError(code: number, message: string): Buffer {
  return encodePacket({ op: 'ERROR', code, message });
}

/** Parses a decimal option value the way RFC 2347 writes them: digits only, no sign, no spaces. */
export function parseOptionNumber(v: string | undefined): number | undefined {
  if (v === undefined || !/^[0-9]{1,12}$/.test(v)) return undefined;
  return Number(v);
}

/** RFC 1350 netascii: a line end is CR LF, a lone CR is CR NUL. */
export function toNetascii(data: Uint8Array): Buffer {
  let extra = 0;
  for (const c of data) if (c === 0x0a || c === 0x0d) extra++;
  if (extra === 0) return Buffer.from(data);
  const out = Buffer.allocUnsafe(data.length + extra);
  let at = 0;
  for (const c of data) {
    if (c === 0x0a) {
      out[at++] = 0x0d;
      out[at++] = 0x0a;
    } else if (c === 0x0d) {
      out[at++] = 0x0d;
      out[at++] = 0x00;
    } else out[at++] = c;
  }
  return out;
}

/** The inverse of toNetascii, for a client that asked for netascii. */
export function fromNetascii(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  let at = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x0d && i + 1 < data.length) {
      const next = data[i + 1]!;
      if (next === 0x0a) {
        out[at++] = 0x0a;
        i++;
        continue;
      }
      if (next === 0x00) {
        out[at++] = 0x0d;
        i++;
        continue;
      }
    }
    out[at++] = c;
  }
  return out.subarray(0, at);
}
