// Legacy Cisco DTLS 0.9 (OpenSSL's DTLS1_BAD_VER), PROTOCOL.md §4: a pure client state machine, no I/O.
// The session is "resumed" from the master secret sent in X-DTLS-Master-Secret: no key exchange happens.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Dtls09Error } from './errors.js';
import { expandKeys, finishedVerifyData, type KeyBlock } from './prf.js';

export const DTLS09_VERSION = 0x0100;
export const CONTENT = { CHANGE_CIPHER_SPEC: 20, ALERT: 21, HANDSHAKE: 22, APPLICATION_DATA: 23 } as const;
const HS = { CLIENT_HELLO: 1, SERVER_HELLO: 2, FINISHED: 20 } as const;

export interface Dtls09Suite {
  name: string;
  id: number;
  keyLength: number;
  cipher: 'aes-128-cbc' | 'aes-256-cbc';
}

/** The suites a phone can use over DTLS 0.9, by their OpenSSL names (as in X-DTLS-CipherSuite). */
export const DTLS09_SUITES: Readonly<Record<string, Dtls09Suite>> = {
  'AES256-SHA': { name: 'AES256-SHA', id: 0x0035, keyLength: 32, cipher: 'aes-256-cbc' },
  'AES128-SHA': { name: 'AES128-SHA', id: 0x002f, keyLength: 16, cipher: 'aes-128-cbc' },
};

const ALERTS: Record<number, string> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record mac',
  40: 'handshake failure',
  47: 'illegal parameter',
  50: 'decode error',
  51: 'decrypt error',
  70: 'protocol version',
  80: 'internal error',
};

export function alertName(code: number): string {
  return ALERTS[code] ?? `alert ${code}`;
}

export interface DtlsRecord {
  type: number;
  version: number;
  epoch: number;
  seq: number;
  fragment: Buffer;
}

/** Record header: type, version, epoch (16), sequence (48), length (16). */
export function encodeRecord(r: DtlsRecord): Buffer {
  const h = Buffer.alloc(13);
  h[0] = r.type;
  h.writeUInt16BE(r.version, 1);
  h.writeUInt16BE(r.epoch, 3);
  h.writeUIntBE(r.seq, 5, 6);
  h.writeUInt16BE(r.fragment.length, 11);
  return Buffer.concat([h, r.fragment]);
}

/** All records in one datagram; a truncated trailing record is an error. */
export function decodeRecords(datagram: Uint8Array): DtlsRecord[] {
  const buf = Buffer.from(datagram);
  const out: DtlsRecord[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 13)
      throw new Dtls09Error(`truncated DTLS record header (${buf.length - off} bytes)`);
    const len = buf.readUInt16BE(off + 11);
    if (buf.length - off - 13 < len) throw new Dtls09Error(`truncated DTLS record (${len} bytes announced)`);
    out.push({
      type: buf[off] ?? 0,
      version: buf.readUInt16BE(off + 1),
      epoch: buf.readUInt16BE(off + 3),
      seq: buf.readUIntBE(off + 5, 6),
      fragment: buf.subarray(off + 13, off + 13 + len),
    });
    off += 13 + len;
  }
  return out;
}

/** DTLS handshake header (12 bytes): type, length, message sequence, fragment offset, fragment length. */
export function encodeHandshake(type: number, messageSeq: number, body: Uint8Array): Buffer {
  const h = Buffer.alloc(12);
  h[0] = type;
  h.writeUIntBE(body.length, 1, 3);
  h.writeUInt16BE(messageSeq, 4);
  h.writeUIntBE(0, 6, 3);
  h.writeUIntBE(body.length, 9, 3);
  return Buffer.concat([h, body]);
}

export interface HandshakeMessage {
  type: number;
  messageSeq: number;
  body: Buffer;
}

export function decodeHandshakes(fragment: Buffer): HandshakeMessage[] {
  const out: HandshakeMessage[] = [];
  let off = 0;
  while (off < fragment.length) {
    if (fragment.length - off < 12) throw new Dtls09Error('truncated DTLS handshake header');
    const type = fragment[off] ?? 0;
    const len = fragment.readUIntBE(off + 1, 3);
    const seq = fragment.readUInt16BE(off + 4);
    const fragOff = fragment.readUIntBE(off + 6, 3);
    const fragLen = fragment.readUIntBE(off + 9, 3);
    if (fragOff !== 0 || fragLen !== len)
      throw new Dtls09Error('fragmented DTLS handshake messages are not supported');
    if (fragment.length - off - 12 < len) throw new Dtls09Error('truncated DTLS handshake message');
    out.push({ type, messageSeq: seq, body: Buffer.from(fragment.subarray(off + 12, off + 12 + len)) });
    off += 12 + len;
  }
  return out;
}

export interface ServerHello {
  version: number;
  random: Buffer;
  sessionId: Buffer;
  cipherSuite: number;
  compression: number;
}

export function parseServerHello(body: Buffer): ServerHello {
  if (body.length < 38) throw new Dtls09Error('ServerHello too short');
  const sidLen = body[34] ?? 0;
  if (body.length < 35 + sidLen + 3) throw new Dtls09Error('ServerHello too short for its session id');
  return {
    version: body.readUInt16BE(0),
    random: Buffer.from(body.subarray(2, 34)),
    sessionId: Buffer.from(body.subarray(35, 35 + sidLen)),
    cipherSuite: body.readUInt16BE(35 + sidLen),
    compression: body[35 + sidLen + 2] ?? 0,
  };
}

/** ClientHello body: version, random, session id, empty cookie, one suite, null compression, no extensions. */
export function clientHelloBody(random: Uint8Array, sessionId: Uint8Array, suiteId: number): Buffer {
  return Buffer.concat([
    Buffer.from([DTLS09_VERSION >> 8, DTLS09_VERSION & 0xff]),
    random,
    Buffer.from([sessionId.length]),
    sessionId,
    Buffer.from([0]), // cookie
    Buffer.from([0, 2, suiteId >> 8, suiteId & 0xff]),
    Buffer.from([1, 0]),
  ]);
}

function seqBytes(epoch: number, seq: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16BE(epoch, 0);
  b.writeUIntBE(seq, 2, 6);
  return b;
}

function recordMac(
  macKey: Buffer,
  epoch: number,
  seq: number,
  type: number,
  version: number,
  content: Uint8Array,
): Buffer {
  const h = Buffer.alloc(5);
  h[0] = type;
  h.writeUInt16BE(version, 1);
  h.writeUInt16BE(content.length, 3);
  return createHmac('sha1', macKey).update(seqBytes(epoch, seq)).update(h).update(content).digest();
}

export interface CipherState {
  suite: Dtls09Suite;
  macKey: Buffer;
  key: Buffer;
}

/** Protects one record: explicit random IV, AES-CBC over content ‖ HMAC-SHA1 ‖ TLS padding. */
export function sealRecord(
  st: CipherState,
  type: number,
  epoch: number,
  seq: number,
  content: Uint8Array,
  iv: Buffer = randomBytes(16),
): Buffer {
  const mac = recordMac(st.macKey, epoch, seq, type, DTLS09_VERSION, content);
  const plainLen = content.length + mac.length;
  const padLen = 15 - (plainLen % 16);
  const padding = Buffer.alloc(padLen + 1, padLen);
  const c = createCipheriv(st.suite.cipher, st.key, iv);
  c.setAutoPadding(false);
  const enc = Buffer.concat([c.update(Buffer.concat([content, mac, padding])), c.final()]);
  return encodeRecord({ type, version: DTLS09_VERSION, epoch, seq, fragment: Buffer.concat([iv, enc]) });
}

/** Opens a protected record; throws `bad record mac` on any padding or MAC error. */
export function openRecord(st: CipherState, r: DtlsRecord): Buffer {
  const f = r.fragment;
  if (f.length < 32 || f.length % 16 !== 0) throw new Dtls09Error('bad record length', 20);
  const d = createDecipheriv(st.suite.cipher, st.key, f.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(f.subarray(16)), d.final()]);
  const padLen = plain[plain.length - 1] ?? 0;
  if (padLen + 1 + 20 > plain.length) throw new Dtls09Error('bad record mac', 20);
  for (let i = plain.length - 1 - padLen; i < plain.length; i++) {
    if (plain[i] !== padLen) throw new Dtls09Error('bad record mac', 20);
  }
  const content = plain.subarray(0, plain.length - 1 - padLen - 20);
  const mac = plain.subarray(content.length, content.length + 20);
  const want = recordMac(st.macKey, r.epoch, r.seq, r.type, r.version, content);
  if (!timingSafeEqual(mac, want)) throw new Dtls09Error('bad record mac', 20);
  return Buffer.from(content);
}

export interface Dtls09ClientOptions {
  /** 48 bytes, the X-DTLS-Master-Secret the client sent. */
  masterSecret: Uint8Array;
  /** The X-DTLS-Session-ID the server returned (32 bytes). */
  sessionId: Uint8Array;
  /** The cipher the client asks for (the one X-DTLS-CipherSuite named). */
  suite: Dtls09Suite;
  clientRandom?: Uint8Array;
}

export type Dtls09State = 'start' | 'hello-sent' | 'established' | 'failed' | 'closed';

/** The client side of the resumed DTLS 0.9 handshake and the record layer after it. */
export class Dtls09Client {
  state: Dtls09State = 'start';
  private readonly clientRandom: Buffer;
  private clientHelloMsg: Buffer | undefined;
  private writeEpoch = 0;
  private writeSeq = 0;
  private keys: KeyBlock | undefined;
  private serverHelloBody: Buffer | undefined;
  private serverCcsSeen = false;
  /** The suite the server returned in ServerHello, once seen. */
  serverSuiteId: number | undefined;
  private readonly replay = new Set<number>();

  constructor(private readonly o: Dtls09ClientOptions) {
    if (o.masterSecret.length !== 48) throw new Error('the DTLS master secret must be 48 bytes');
    this.clientRandom = Buffer.from(o.clientRandom ?? randomBytes(32));
  }

  private record(type: number, fragment: Buffer): Buffer {
    return encodeRecord({
      type,
      version: DTLS09_VERSION,
      epoch: this.writeEpoch,
      seq: this.writeSeq++,
      fragment,
    });
  }

  private clientState(): CipherState {
    const k = this.keys!;
    return { suite: this.o.suite, macKey: k.clientMac, key: k.clientKey };
  }

  private serverState(): CipherState {
    const k = this.keys!;
    return { suite: this.o.suite, macKey: k.serverMac, key: k.serverKey };
  }

  /** The ClientHello datagram; call again to retransmit (same message, new record sequence). */
  clientHello(): Buffer {
    if (this.state !== 'start' && this.state !== 'hello-sent')
      throw new Error(`ClientHello in state ${this.state}`);
    this.clientHelloMsg ??= clientHelloBody(this.clientRandom, this.o.sessionId, this.o.suite.id);
    this.state = 'hello-sent';
    return this.record(CONTENT.HANDSHAKE, encodeHandshake(HS.CLIENT_HELLO, 0, this.clientHelloMsg));
  }

  /** A fatal alert datagram (sent before giving up, as the phone does). */
  alert(code: number, level = 2): Buffer {
    const body = Buffer.from([level, code]);
    if (this.state === 'established') return this.seal(CONTENT.ALERT, body);
    return this.record(CONTENT.ALERT, body);
  }

  private seal(type: number, content: Uint8Array): Buffer {
    return sealRecord(this.clientState(), type, this.writeEpoch, this.writeSeq++, content);
  }

  /**
   * Feeds one datagram from the server during the handshake. Returns the datagram to send when the
   * handshake completes (our ChangeCipherSpec + Finished), or undefined while more is needed.
   */
  receiveHandshake(datagram: Uint8Array): Buffer | undefined {
    if (this.state !== 'hello-sent') throw new Error(`handshake data in state ${this.state}`);
    for (const r of decodeRecords(datagram)) {
      if (r.type === CONTENT.ALERT) {
        const level = r.fragment[0] ?? 0;
        const code = r.fragment[1] ?? 0;
        this.state = 'failed';
        throw new Dtls09Error(`server sent alert: ${alertName(code)}`, undefined, { level, code });
      }
      if (r.version !== DTLS09_VERSION) {
        this.state = 'failed';
        throw new Dtls09Error(
          `wrong version number 0x${r.version.toString(16)} (the server is not speaking DTLS 0.9)`,
          70,
        );
      }
      if (r.type === CONTENT.HANDSHAKE && r.epoch === 0) {
        for (const m of decodeHandshakes(r.fragment)) {
          if (m.type !== HS.SERVER_HELLO) continue;
          const sh = parseServerHello(m.body);
          this.serverSuiteId = sh.cipherSuite;
          if (sh.cipherSuite !== this.o.suite.id) {
            this.state = 'failed';
            throw new Dtls09Error('ssl3_get_server_hello:old session cipher not returned', 47);
          }
          if (!sh.sessionId.equals(Buffer.from(this.o.sessionId))) {
            this.state = 'failed';
            throw new Dtls09Error('the server did not resume the session (different session id)', 47);
          }
          this.serverHelloBody = m.body;
          this.keys = expandKeys(
            this.o.masterSecret,
            this.clientRandom,
            sh.random,
            20,
            this.o.suite.keyLength,
          );
        }
      } else if (r.type === CONTENT.CHANGE_CIPHER_SPEC) {
        if (!this.serverHelloBody) throw new Dtls09Error('ChangeCipherSpec before ServerHello', 10);
        this.serverCcsSeen = true;
      } else if (r.type === CONTENT.HANDSHAKE && r.epoch === 1) {
        if (!this.serverCcsSeen || !this.keys) throw new Dtls09Error('Finished before ChangeCipherSpec', 10);
        const plain = openRecord(this.serverState(), r);
        const msgs = decodeHandshakes(plain);
        const fin = msgs.find((m) => m.type === HS.FINISHED);
        if (!fin) throw new Dtls09Error('expected Finished', 10);
        const want = finishedVerifyData(this.o.masterSecret, 'server', [
          this.clientHelloMsg!,
          this.serverHelloBody!,
        ]);
        if (!fin.body.equals(want)) {
          this.state = 'failed';
          throw new Dtls09Error('server Finished verify data does not match (wrong master secret?)', 51);
        }
        this.replay.add(r.seq);
        const mine = finishedVerifyData(this.o.masterSecret, 'client', [
          this.clientHelloMsg!,
          this.serverHelloBody!,
          fin.body,
        ]);
        // DTLS1_BAD_VER's ChangeCipherSpec carries the handshake sequence it consumes (1).
        const ccs = this.record(CONTENT.CHANGE_CIPHER_SPEC, Buffer.from([1, 0, 1]));
        this.writeEpoch = 1;
        this.writeSeq = 0;
        const finished = this.seal(CONTENT.HANDSHAKE, encodeHandshake(HS.FINISHED, 2, mine));
        this.state = 'established';
        return Buffer.concat([ccs, finished]);
      }
    }
    return undefined;
  }

  /** Protects application data (the one-byte CSTP header and payload). */
  encrypt(content: Uint8Array): Buffer {
    if (this.state !== 'established') throw new Error(`application data in state ${this.state}`);
    return this.seal(CONTENT.APPLICATION_DATA, content);
  }

  /**
   * Opens a datagram after the handshake: application data contents, and any alert.
   * Records that fail the MAC, replays and stale handshake retransmissions are dropped, like DTLS does.
   */
  decrypt(datagram: Uint8Array): { data: Buffer[]; alert?: { level: number; code: number } } {
    const data: Buffer[] = [];
    let alert: { level: number; code: number } | undefined;
    let records: DtlsRecord[];
    try {
      records = decodeRecords(datagram);
    } catch {
      return { data };
    }
    for (const r of records) {
      if (r.epoch !== 1) continue;
      let plain: Buffer;
      try {
        plain = openRecord(this.serverState(), r);
      } catch {
        continue;
      }
      if (this.replay.has(r.seq)) continue;
      this.replay.add(r.seq);
      if (this.replay.size > 4096) this.replay.clear();
      if (r.type === CONTENT.APPLICATION_DATA) data.push(plain);
      else if (r.type === CONTENT.ALERT) alert = { level: plain[0] ?? 0, code: plain[1] ?? 0 };
    }
    return alert ? { data, alert } : { data };
  }

  close(): Buffer | undefined {
    if (this.state !== 'established') return undefined;
    const d = this.alert(0, 1);
    this.state = 'closed';
    return d;
  }
}
