// Progress on standard error while inputs are read (a folder of problem reports, a large syslog): one line,
// rewritten in place, only when standard error is a terminal; cleared when the reading is done.

export interface Progress {
  /** An input was met. */
  input(source: string): void;
  /** `n` more bytes of it were read. */
  bytes(n: number): void;
  /** Reading is over: the line goes. */
  done(): void;
}

const NONE: Progress = { input() {}, bytes() {}, done() {} };
/** At most this often the line is rewritten (ms). */
const EVERY_MS = 100;

interface Terminal {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

/** A progress line on `stream` when it is a terminal; nothing otherwise. */
export function progressOn(stream: Terminal = process.stderr, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return NONE;
  let inputs = 0;
  let read = 0;
  let current = '';
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - last < EVERY_MS) return;
    last = t;
    const mb = (read / 1048576).toFixed(1);
    const line = `vpnphone: reading ${inputs} input${inputs === 1 ? '' : 's'}, ${mb} MB: ${current}`;
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    shown = true;
  };
  return {
    input(source) {
      inputs++;
      current = source;
      draw(inputs === 1);
    },
    bytes(n) {
      read += n;
      draw(false);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
