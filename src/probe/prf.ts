// The TLS 1.0 pseudo-random function and key expansion that legacy Cisco DTLS 0.9 uses (RFC 2246 §5, §6.3).
import { createHash, createHmac } from 'node:crypto';

function pHash(alg: 'md5' | 'sha1', secret: Uint8Array, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  let a: Buffer = Buffer.from(seed);
  while (total < length) {
    a = createHmac(alg, secret).update(a).digest();
    const block = createHmac(alg, secret).update(a).update(seed).digest();
    out.push(block);
    total += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** PRF(secret, label, seed) = P_MD5(S1, label‖seed) XOR P_SHA1(S2, label‖seed), halves overlapping when odd. */
export function tls10Prf(secret: Uint8Array, label: string, seed: Uint8Array, length: number): Buffer {
  const half = Math.ceil(secret.length / 2);
  const s1 = secret.subarray(0, half);
  const s2 = secret.subarray(secret.length - half);
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const md5 = pHash('md5', s1, labelSeed, length);
  const sha = pHash('sha1', s2, labelSeed, length);
  for (let i = 0; i < length; i++) md5[i] = (md5[i] ?? 0) ^ (sha[i] ?? 0);
  return md5;
}

export interface KeyBlock {
  clientMac: Buffer;
  serverMac: Buffer;
  clientKey: Buffer;
  serverKey: Buffer;
}

/** Key expansion for a CBC suite with explicit IVs: client MAC, server MAC, client key, server key. */
export function expandKeys(
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  macLength: number,
  keyLength: number,
): KeyBlock {
  const seed = Buffer.concat([serverRandom, clientRandom]);
  const block = tls10Prf(master, 'key expansion', seed, 2 * macLength + 2 * keyLength);
  let off = 0;
  const take = (n: number): Buffer => {
    const b = Buffer.from(block.subarray(off, off + n));
    off += n;
    return b;
  };
  return {
    clientMac: take(macLength),
    serverMac: take(macLength),
    clientKey: take(keyLength),
    serverKey: take(keyLength),
  };
}

/** Finished verify data: PRF(master, `client finished`|`server finished`, MD5(h) ‖ SHA1(h)), 12 bytes. */
export function finishedVerifyData(
  master: Uint8Array,
  who: 'client' | 'server',
  handshakeMessages: readonly Uint8Array[],
): Buffer {
  const md5 = createHash('md5');
  const sha = createHash('sha1');
  for (const m of handshakeMessages) {
    md5.update(m);
    sha.update(m);
  }
  const seed = Buffer.concat([md5.digest(), sha.digest()]);
  return tls10Prf(master, `${who} finished`, seed, 12);
}
