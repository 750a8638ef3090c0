// Worker threads over a large log file: the file is cut into pieces (src/cli/log-worker.ts reads and parses
// one), and the parsed pieces come back in file order for the checks, which run here, once per source,
// exactly as on the one-thread path. Small files are not worth a thread's start: they stay on that path.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EncodedPiece, PieceOptions } from '../logs/piece.js';
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
 * one-thread path: on the machines measured so far (two shared cores) the threads saved a tenth to a
 * fifth of the time for half as much CPU again, and held more memory (see the diagnose bench, which times both).
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
  resolve: (r: { piece: EncodedPiece; bytes: number }) => void;
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
      else p.resolve({ piece: m.piece, bytes: m.bytes });
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`log worker thread exited (code ${code})`)));
  }

  read(job: PieceJob): Promise<{ piece: EncodedPiece; bytes: number }> {
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
   * (with its size in bytes). The `workers - 1` threads take the pieces in order, at most `2 * workers`
   * ahead of the one awaited. Given `local` (straight into the parser it gives: no events to copy across)
   * and `buffered` (events kept for their turn), this thread reads a piece itself instead of waiting: the
   * piece awaited when no thread took it, else the next one nobody took. So the work balances itself
   * between the threads whatever each costs. The first error (a read error, a parser's throw) is thrown,
   * as the one-thread path would throw it.
   */
  async read(
    path: string,
    start: number,
    end: number,
    options: PieceOptions,
    deliver: (piece: EncodedPiece, bytes: number) => void,
    local?: (index: number) => { write(chunk: string): void; end(): void },
    buffered?: (index: number) => { write(chunk: string): void; end(): EncodedPiece },
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
    const count = Math.min(local ? threads - 1 : threads, n);
    while (this.workers.length < count) this.workers.push(new PieceWorker());
    type Read = { piece: EncodedPiece; bytes: number };
    // A slot per piece taken (by a worker or read ahead here), settled when it is read.
    const slots = new Map<number, Promise<Read>>();
    let taken = 0;
    let delivered = 0;
    let stop = false;
    const ahead = 2 * threads;
    let wake: (() => void) | undefined;
    const wakeUp = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const settled = new Set<number>();
    const laneWaits: (() => void)[] = [];
    const wakeLanes = () => {
      for (const w of laneWaits.splice(0)) w();
    };
    const lane = async (w: PieceWorker): Promise<void> => {
      while (taken < n && !stop) {
        if (taken - delivered >= ahead) {
          await new Promise<void>((r) => laneWaits.push(r));
          continue;
        }
        const index = taken++;
        const done = w.read(job(index));
        done.catch(() => {});
        slots.set(index, done);
        wakeUp();
        await done.then(() => {
          settled.add(index);
          wakeUp();
        }, wakeUp);
      }
    };
    const lanes = Promise.all(this.workers.slice(0, count).map(lane));
    try {
      for (let i = 0; i < n; i++) {
        for (;;) {
          const slot = slots.get(i);
          if (slot === undefined && local && taken === i) {
            // Nobody took the piece awaited: read it here, straight into the checks.
            taken++;
            const sink = local(i);
            await readRange(job(i), sink);
            sink.end();
            break;
          }
          if (slot !== undefined && (settled.has(i) || !buffered || taken >= n || taken - i >= ahead)) {
            const r = await slot;
            deliver(r.piece, r.bytes);
            break;
          }
          if (slot !== undefined && buffered) {
            // The piece awaited is being read by a worker: read the next one nobody took meanwhile.
            const index = taken++;
            const sink = buffered(index);
            const bytes = await readRange(job(index), sink);
            const r: Read = { piece: sink.end(), bytes };
            slots.set(index, Promise.resolve(r));
            settled.add(index);
            continue;
          }
          // Nothing to do here until a worker takes or finishes a piece.
          await new Promise<void>((r) => {
            wake = r;
          });
        }
        slots.delete(i);
        settled.delete(i);
        delivered = i + 1;
        wakeLanes();
      }
    } finally {
      stop = true;
      wakeLanes();
      wakeUp();
      await lanes;
    }
  }

  /** Ends every worker thread. */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
