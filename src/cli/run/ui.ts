// What `vpnphone ui` does; loaded by ../commands/ui.ts only when the command runs.
import { isLoopback, startUi } from '../../ui/server.js';
import { UsageError } from '../errors.js';
import { parseMaxSize } from '../inputs.js';

export interface UiOpts {
  bind: string;
  port: string;
  maxFiles: string;
  maxUpload: string;
  maxSize?: string;
  now?: string;
}

function whole(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`${name} ${v}: expected ${min} to ${max}`);
  return n;
}

/** Serves the page until SIGINT or SIGTERM; 0 then. */
export async function ui(o: UiOpts): Promise<number> {
  const port = whole('--port', o.port, 0, 65535);
  const maxFiles = whole('--max-files', o.maxFiles, 1, 100_000);
  const maxBytes = whole('--max-upload', o.maxUpload, 1, 64 * 1024) * 1024 ** 2;
  const limits = parseMaxSize(o.maxSize);
  let now: Date | undefined;
  if (o.now !== undefined) {
    now = new Date(o.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now ${o.now}: not a date (use e.g. 2026-12-01)`);
  }
  let server: Awaited<ReturnType<typeof startUi>>;
  try {
    server = await startUi({ bind: o.bind, port, limits, maxFiles, maxBytes, ...(now ? { now } : {}) });
  } catch (e) {
    throw new UsageError(`cannot listen on ${o.bind}:${port}: ${(e as Error).message}`);
  }
  if (!isLoopback(o.bind))
    process.stderr.write(
      `vpnphone ui: listening on ${o.bind}, not loopback: anyone who can reach it can upload files\n`,
    );
  process.stdout.write(`vpnphone ui: ${server.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write(`vpnphone ui: ${signal}, stopping\n`);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
