// Worker threads over a large log file: the file is cut into pieces (src/cli/log-worker.ts reads and parses
// one), and the parsed pieces come back in file order for the checks, which run here, once per source,
// exactly as on the one-thread path. Small files are not worth a thread's start: they stay on that path.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodePiece, type ParsedPiece, type PieceOptions } from '../logs/piece.js';
import type { PieceJob, PieceReply } from './log-worker.js';

export interface ThreadOptions {
  /** Worker threads at most; below 2 every input is read on the one-thread path. */
  workers: number;
  /** Files smaller than this are read on the one-thread path. */
  minBytes: number;
  /** Nominal size of a piece. */
  pieceBytes: number;
}

/**
 * The default: two workers (or one per core when there is only one, i.e. none) for files of 64 MiB and
 * more, in pieces of 4 MiB. `VPNPHONE_THREADS=1` forces the one-thread path; `VPNPHONE_THREADS=N` allows N.
 */
export function threadOptions(env: NodeJS.ProcessEnv = process.env): ThreadOptions {
  const set = Number.parseInt(env.VPNPHONE_THREADS ?? '', 10);
  const workers = Number.isFinite(set) && set >= 0 ? Math.min(set, 16) : Math.min(2, availableParallelism());
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

interface Pending {
  source: string;
  resolve: (r: { piece: ParsedPiece; bytes: number }) => void;
  reject: (e: Error) => void;
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
   * Reads bytes [start, end) of `path` in pieces on the workers and hands each parsed piece to `deliver`
   * in file order (with its size in bytes). At most two pieces per worker are read ahead of the one
   * `deliver` waits for. The first error (a read error, a parser's throw) is thrown, as the one-thread
   * path would throw it.
   */
  async read(
    path: string,
    start: number,
    end: number,
    options: PieceOptions,
    deliver: (piece: ParsedPiece, bytes: number) => void,
  ): Promise<void> {
    const n = Math.max(1, Math.ceil((end - start) / this.options.pieceBytes));
    const step = Math.ceil((end - start) / n);
    const count = Math.min(this.options.workers, n);
    while (this.workers.length < count) this.workers.push(new PieceWorker());
    const done = new Map<number, { piece: ParsedPiece; bytes: number }>();
    let next = 0;
    let delivered = 0;
    let failed: Error | undefined;
    // Lanes waiting for the pieces before theirs to be handed on.
    const waiting: (() => void)[] = [];
    const wakeAll = () => {
      for (const w of waiting.splice(0)) w();
    };
    const ahead = 2 * count;
    const lane = async (w: PieceWorker): Promise<void> => {
      while (next < n && failed === undefined) {
        if (next - delivered >= ahead) {
          await new Promise<void>((r) => waiting.push(r));
          continue;
        }
        const index = next++;
        const from = start + index * step;
        const job: PieceJob = {
          id: this.nextId++,
          path,
          index,
          start: from,
          end: Math.min(end, from + step),
          fileStart: start,
          fileEnd: end,
          options,
        };
        try {
          done.set(index, await w.read(job));
          // Hand on every piece now in order.
          for (let r = done.get(delivered); r && failed === undefined; r = done.get(delivered)) {
            done.delete(delivered);
            delivered++;
            deliver(r.piece, r.bytes);
          }
        } catch (e) {
          failed ??= e instanceof Error ? e : new Error(String(e));
        }
        wakeAll();
      }
    };
    await Promise.all(this.workers.slice(0, count).map(lane));
    if (failed) throw failed;
  }

  /** Ends every worker thread. */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
