// A buffered reader over a socket with timeouts: read an HTTP head, a body, or whatever bytes arrive.
import type { Duplex } from 'node:stream';
import { HttpParseError, PeerClosedError, StepTimeoutError } from './errors.js';

/** An HTTP response head longer than this is refused (headends send a few hundred bytes). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A response body (login forms, aggregate-auth XML) longer than this is refused. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Bytes kept while nobody reads them: past this the headend is flooding the connection. */
const MAX_BUFFERED_BYTES = MAX_HEAD_BYTES + MAX_BODY_BYTES;

export class StreamReader {
  private buf = Buffer.alloc(0);
  private ended: Error | undefined;
  private wake: (() => void) | undefined;
  /** When set, arriving bytes go here instead of the buffer (after the tunnel is up). */
  private sink: ((chunk: Buffer) => void) | undefined;

  constructor(readonly socket: Duplex) {
    socket.on('data', (c: Buffer) => {
      if (this.sink) this.sink(c);
      else if (this.buf.length + c.length > MAX_BUFFERED_BYTES) {
        this.finish(new HttpParseError(`the headend sent more than ${MAX_BUFFERED_BYTES} bytes unread`));
        socket.destroy();
      } else {
        this.buf = Buffer.concat([this.buf, c]);
        this.notify();
      }
    });
    socket.on('end', () => this.finish(new PeerClosedError('the server closed the connection')));
    socket.on('close', () => this.finish(new PeerClosedError('the connection closed')));
    socket.on('error', (e: Error) => this.finish(e));
  }

  private finish(e: Error): void {
    this.ended ??= e;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  get closedWith(): Error | undefined {
    return this.ended;
  }

  /** Waits until `test(buffer)` returns a length to consume (or -1 to keep waiting), bounded by `ms`. */
  private async until(test: (b: Buffer) => number, ms: number, what: string): Promise<Buffer> {
    const deadline = Date.now() + ms;
    for (;;) {
      const n = test(this.buf);
      if (n >= 0) {
        const out = this.buf.subarray(0, n);
        this.buf = this.buf.subarray(n);
        return Buffer.from(out);
      }
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new StepTimeoutError(`no ${what} within ${ms} ms`, { context: { what, ms } });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  async readHead(ms: number, what = 'HTTP answer'): Promise<string> {
    const b = await this.until(
      (buf) => {
        const i = buf.indexOf('\r\n\r\n');
        if (i >= 0 && i + 4 <= MAX_HEAD_BYTES) return i + 4;
        // Refused, never cut: a head cut at the cap would be read as complete (a cookie cut short).
        if (i >= 0 || buf.length >= MAX_HEAD_BYTES)
          throw new HttpParseError(`the ${what} has a head larger than ${MAX_HEAD_BYTES / 1024} KiB`);
        return -1;
      },
      ms,
      what,
    );
    return b.toString('latin1').replace(/\r\n\r\n$/, '');
  }

  async readExact(n: number, ms: number, what = 'HTTP body'): Promise<Buffer> {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_BODY_BYTES)
      throw new HttpParseError(
        `${what} of ${n} bytes (Content-Length) is over the ${MAX_BODY_BYTES / 1024} KiB limit`,
      );
    return this.until((buf) => (buf.length >= n ? n : -1), ms, what);
  }

  /** Everything buffered so far, and from now on every chunk goes to `sink`. */
  detach(sink: (chunk: Buffer) => void): Buffer {
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    this.sink = sink;
    return rest;
  }
}
