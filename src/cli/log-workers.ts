// Worker threads over a large log file: the file is cut into pieces (src/cli/log-worker.ts reads and parses
// one), and the parsed pieces come back in file order for the checks, which run here, once per source,
// exactly as on the one-thread path. Small files are not worth a thread's start: they stay on that path.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodePiece, type ParsedPiece, type PieceOptions } from '../logs/piece.js';
import { type PieceJob, type PieceReply, readRange } from './log-worker.js';

export interface ThreadOptions {
  /** Threads at most, this one included; below 2 every input is read on the one-thread path. */
  workers: number;
  /** Files smaller than this are read on the one-thread path. */
  minBytes: number;
  /** Nominal size of a piece. */
  pieceBytes: number;
}

/**
 * `VPNPHONE_THREADS=N` (N >= 2, at most os.availableParallelism()): N threads (this one and N - 1 workers)
 * for files of 64 MiB and more, in pieces of 4 MiB. The default, and `VPNPHONE_THREADS=1`, is the
 * one-thread path: on the machines measured so far (two busy cores) the threads cost more than they
 * saved, and held more memory (see the diagnose bench, which times both).
 */
export function threadOptions(env: NodeJS.ProcessEnv = process.env): ThreadOptions {
  const set = Number.parseInt(env.VPNPHONE_THREADS ?? '', 10);
  const workers = Number.isFinite(set) && set >= 1 ? Math.min(set, availableParallelism()) : 1;
  return { workers, minBytes: 64 * 1024 * 1024, pieceBytes: 4 * 1024 * 1024 };
}

/** An error from a worker, rebuilt as the one-thread path would have thrown it (same message and code). */
function rebuilt(e: Extract<PieceReply, { error: unknown }>['error']): Error {
  const err = new Error(e.message) as NodeJS.ErrnoException;
  err.name = e.name;
  if (e.code !== undefined) err.code = e.code;
  if (e.stack !== undefined) err.stack = e.stack;
  return err;
}

interface Settle {
  resolve: (r: { piece: ParsedPiece; bytes: number }) => void;
  reject: (e: Error) => void;
}

interface Pending extends Settle {
  source: string;
}

class PieceWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private failed: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL('./log-worker.js', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    // A worker never keeps the process alive; LogWorkers.close() ends it.
    this.worker.unref();
    this.worker.on('message', (m: PieceReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(rebuilt(m.error));
      else p.resolve({ piece: decodePiece(m.piece, p.source), bytes: m.bytes });
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`log worker thread exited (code ${code})`)));
  }

  read(job: PieceJob): Promise<{ piece: ParsedPiece; bytes: number }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { source: job.options.source, resolve, reject });
      this.worker.postMessage(job);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(this.failed);
    this.pending.clear();
  }
}

/** A bounded set of worker threads, started on first use and ended by close(). */
export class LogWorkers {
  private readonly workers: PieceWorker[] = [];
  private nextId = 0;

  constructor(readonly options: ThreadOptions = threadOptions()) {}

  /** Whether a file of `bytes` is read with workers. */
  worth(bytes: number): boolean {
    return this.options.workers >= 2 && bytes >= this.options.minBytes;
  }

  /**
   * Reads bytes [start, end) of `path` in pieces and hands each parsed piece to `deliver` in file order
   * (with its size in bytes). Given `local`, this thread reads every `workers`-th piece itself, straight
   * into the parser it gives (no events to copy across); the other pieces go to `workers - 1` threads,
   * at most two pieces each ahead of the one awaited. The first error (a read error, a parser's throw)
   * is thrown, as the one-thread path would throw it.
   */
  async read(
    path: string,
    start: number,
    end: number,
    options: PieceOptions,
    deliver: (piece: ParsedPiece, bytes: number) => void,
    local?: (index: number) => { write(chunk: string): void; end(): void },
  ): Promise<void> {
    const threads = Math.max(2, this.options.workers);
    const n = Math.max(1, Math.ceil((end - start) / this.options.pieceBytes));
    const step = Math.ceil((end - start) / n);
    const job = (index: number): PieceJob => {
      const from = start + index * step;
      const to = Math.min(end, from + step);
      return {
        id: this.nextId++,
        path,
        index,
        start: from,
        end: to,
        fileStart: start,
        fileEnd: end,
        options,
      };
    };
    const mine = (index: number) => local !== undefined && index % threads === 0;
    const theirs: number[] = [];
    for (let i = 0; i < n; i++) if (!mine(i)) theirs.push(i);
    const count = Math.min(local ? threads - 1 : threads, theirs.length);
    while (this.workers.length < count) this.workers.push(new PieceWorker());
    // One slot per worker piece, settled when it is read.
    const slots = new Map<number, { done: Promise<{ piece: ParsedPiece; bytes: number }>; settle: Settle }>();
    for (const i of theirs) {
      let settle: Settle = { resolve: () => {}, reject: () => {} };
      const done = new Promise<{ piece: ParsedPiece; bytes: number }>((resolve, reject) => {
        settle = { resolve, reject };
      });
      done.catch(() => {});
      slots.set(i, { done, settle });
    }
    let delivered = 0;
    let stop = false;
    const waiting: (() => void)[] = [];
    const wakeAll = () => {
      for (const w of waiting.splice(0)) w();
    };
    let next = 0;
    const ahead = 2 * threads;
    const lane = async (w: PieceWorker): Promise<void> => {
      while (next < theirs.length && !stop) {
        const index = theirs[next]!;
        if (index - delivered >= ahead) {
          await new Promise<void>((r) => waiting.push(r));
          continue;
        }
        next++;
        const slot = slots.get(index)!;
        await w.read(job(index)).then(slot.settle.resolve, slot.settle.reject);
      }
    };
    const lanes = Promise.all(this.workers.slice(0, count).map(lane));
    try {
      for (let i = 0; i < n; i++) {
        if (local && mine(i)) {
          const sink = local(i);
          await readRange(job(i), sink);
          sink.end();
        } else {
          const r = await slots.get(i)!.done;
          deliver(r.piece, r.bytes);
        }
        delivered = i + 1;
        wakeAll();
      }
    } finally {
      stop = true;
      wakeAll();
      await lanes;
    }
  }

  /** Ends every worker thread. */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
