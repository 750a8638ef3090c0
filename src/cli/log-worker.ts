// A worker thread of LogWorkers (src/cli/log-workers.ts): reads one piece of a large log file and parses it
// on its own (src/logs/piece.ts). The piece runs from the first place at or after its nominal start where a
// piece may begin (pieceCut) to the same place after its nominal end, so neighbouring pieces meet exactly.
import { type FileHandle, open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { writePieces } from '../inputs/pieces.js';
import { pieceCut } from '../logs/parse.js';
import { type EncodedPiece, type PieceOptions, scanPiece } from '../logs/piece.js';

/** One piece to read: bytes [start, end) nominally, of the file's text [fileStart, fileEnd). */
export interface PieceJob {
  id: number;
  path: string;
  index: number;
  start: number;
  end: number;
  fileStart: number;
  fileEnd: number;
  options: PieceOptions;
}

export type PieceReply =
  | { id: number; piece: EncodedPiece; bytes: number }
  | { id: number; error: { name: string; message: string; code?: string; stack?: string } };

const READ_BUFFER = 1 << 20;
/** How far before a cut its window begins (pieceCut's `back`). */
const BACK = 64 * 1024;

/** pieceCut over the file: the first place at or after `at` where a piece may begin. */
async function cutAt(fh: FileHandle, at: number, fileStart: number, fileEnd: number): Promise<number> {
  if (at <= fileStart) return fileStart;
  const buf = Buffer.allocUnsafe(2 * BACK);
  let from = at;
  while (from < fileEnd) {
    const w0 = Math.max(fileStart, from - BACK);
    const w1 = Math.min(fileEnd, w0 + buf.length);
    let got = 0;
    while (w0 + got < w1) {
      const n = (await fh.read(buf, got, w1 - w0 - got, w0 + got)).bytesRead;
      if (n === 0) break;
      got += n;
    }
    const text = buf.toString('latin1', 0, got);
    // A short read is the end of the file (it may have shrunk since it was measured).
    const atEnd = w0 + got >= fileEnd || w0 + got < w1;
    if (w0 + got <= from) break;
    const r = pieceCut(text, from - w0, BACK, w0 === fileStart, atEnd);
    if (r >= 0) return w0 + r;
    if (atEnd) break;
    // Every line start before the last one in the window was looked at: go on from there.
    const last = text.lastIndexOf('\n');
    const next = w0 + last + 1;
    from = last >= 0 && next > from ? next : w0 + got;
  }
  return fileEnd;
}

/**
 * Reads piece `job` of the file into `sink` as latin1 text in pieces ending at line breaks (the chunking the
 * one-thread reader uses); returns its size in bytes.
 */
export async function readRange(
  job: Pick<PieceJob, 'path' | 'start' | 'end' | 'fileStart' | 'fileEnd'>,
  sink: { write(chunk: string): void },
): Promise<number> {
  const fh = await open(job.path, 'r');
  try {
    const start = await cutAt(fh, job.start, job.fileStart, job.fileEnd);
    const end = job.end >= job.fileEnd ? job.fileEnd : await cutAt(fh, job.end, job.fileStart, job.fileEnd);
    const buf = Buffer.allocUnsafe(READ_BUFFER);
    let pos = start;
    let carry = 0;
    while (pos < end) {
      const n = (await fh.read(buf, carry, Math.min(READ_BUFFER - carry, end - pos), pos)).bytesRead;
      if (n === 0) break;
      pos += n;
      const filled = carry + n;
      carry = 0;
      const last = pos >= end ? filled - 1 : buf.lastIndexOf(10, filled - 1);
      // No line break in a full buffer: one over-long line, handed on as it is (the scanner cuts it).
      if (last < 0) sink.write(buf.toString('latin1', 0, filled));
      else {
        writePieces(sink, buf, 0, last + 1);
        carry = buf.copy(buf, 0, last + 1, filled);
      }
    }
    if (carry > 0) writePieces(sink, buf, 0, carry);
    return Math.max(0, end - start);
  } finally {
    await fh.close();
  }
}

async function readPiece(job: PieceJob): Promise<{ piece: EncodedPiece; bytes: number }> {
  const scan = scanPiece(job.options, job.index);
  const bytes = await readRange(job, scan);
  return { piece: scan.end(), bytes };
}

parentPort?.on('message', (job: PieceJob) => {
  readPiece(job).then(
    (r) => {
      const { ints, pool } = r.piece;
      // The events' numbers and strings move to the main thread (no copy); they are not used here again.
      const transfer = [ints.buffer, pool.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      parentPort?.postMessage({ id: job.id, ...r } satisfies PieceReply, transfer);
    },
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const code = (err as NodeJS.ErrnoException).code;
      parentPort?.postMessage({
        id: job.id,
        error: {
          name: err.name,
          message: err.message,
          ...(code !== undefined ? { code } : {}),
          ...(err.stack !== undefined ? { stack: err.stack } : {}),
        },
      } satisfies PieceReply);
    },
  );
});
