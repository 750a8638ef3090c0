// Bytes of a text input to latin1 string pieces ending at line breaks: what the log scanner is fed.

/**
 * Text pieces handed to the sink at a time. Strings up to this size live in V8's young generation and die
 * there cheaply; a string of a megabyte goes to the large-object space, and decoding one costs four times
 * as much (page faults, full collections) as the scan that follows.
 */
const PIECE = 64 * 1024;

/** buf[from, end) (end just after a line break, or the end of the input) as latin1 pieces ending at breaks. */
export function writePieces(
  sink: { write(chunk: string): void },
  buf: Uint8Array,
  start: number,
  end: number,
): void {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  let from = start;
  while (from < end) {
    let to = end;
    if (end - from > PIECE) {
      const nl = b.lastIndexOf(10, from + PIECE - 1);
      // A line longer than a piece goes whole (up to its own break).
      to = nl >= from ? nl + 1 : b.indexOf(10, from + PIECE) + 1;
      if (to <= from || to > end) to = end;
    }
    sink.write(b.toString('latin1', from, to));
    from = to;
  }
}
