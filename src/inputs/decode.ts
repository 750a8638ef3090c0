// Text encodings of collected files, turned into UTF-8 bytes: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM.
// Windows PowerShell's `>` and `Out-File` write UTF-16 LE with a BOM; a capture saved that way must read like any other.
// Only a BOM marks UTF-16: guessing it from NUL bytes would turn binary files (DER, .sgn) into text.

export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

/** The encoding a file's first bytes announce (no BOM: UTF-8, which includes ASCII and binary data). */
export function sniffEncoding(head: Uint8Array): TextEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8-bom';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  return 'utf8';
}

export function bomLength(e: TextEncoding): number {
  return e === 'utf8' ? 0 : e === 'utf8-bom' ? 3 : 2;
}

/**
 * UTF-16 (after its BOM) to UTF-8, in any chunking: an odd byte or half a surrogate pair at the end of a
 * chunk waits for the next one. An unpaired surrogate becomes U+FFFD, as TextDecoder does.
 */
export class Utf16ToUtf8 {
  private readonly decoder = new TextDecoder('utf-16le');
  private odd: number | undefined;

  constructor(private readonly bigEndian: boolean) {}

  write(chunk: Uint8Array): Buffer {
    let bytes = chunk;
    if (this.odd !== undefined) {
      const joined = new Uint8Array(chunk.length + 1);
      joined[0] = this.odd;
      joined.set(chunk, 1);
      bytes = joined;
      this.odd = undefined;
    }
    const even = bytes.length & ~1;
    if (even < bytes.length) this.odd = bytes[bytes.length - 1];
    if (even === 0) return Buffer.alloc(0);
    let units = bytes.subarray(0, even);
    if (this.bigEndian) {
      const swapped = Buffer.from(units);
      swapped.swap16();
      units = swapped;
    }
    return Buffer.from(this.decoder.decode(units, { stream: true }), 'utf8');
  }

  end(): Buffer {
    // A dangling odd byte is half a code unit: it is dropped, as a decoder drops an incomplete sequence.
    this.odd = undefined;
    return Buffer.from(this.decoder.decode(), 'utf8');
  }
}

/** A whole input as UTF-8 bytes: the BOM removed, UTF-16 converted; other bytes are returned as they are. */
export function toUtf8(bytes: Uint8Array): Uint8Array {
  const e = sniffEncoding(bytes);
  if (e === 'utf8') return bytes;
  const body = bytes.subarray(bomLength(e));
  if (e === 'utf8-bom') return body;
  const t = new Utf16ToUtf8(e === 'utf16be');
  return Buffer.concat([t.write(body), t.end()]);
}
