// `vpnphone ui`: a local web page (node:http) where an engineer drops what was collected and sees the doctor's
// report, the same as `doctor --format html`. Nothing leaves the machine and nothing is written to disk: the
// uploads are read in memory by the one input reader (archives as the command line reads them), bounded in
// count and size; the page loads nothing from elsewhere and talks only to this server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { formatBytes, type InputLimits, type MemoryInput, skippedName } from '../cli/inputs.js';
import { doctorReport } from '../cli/run/doctor.js';
import { DEFAULT_LEAD_DAYS } from '../renew/lead.js';
import { redactSecrets } from '../report/redact.js';
import { renderHtmlFragment, summaryLine } from '../report/render.js';
import { evidenceContext, evidenceLines } from './context.js';
import { uiPage } from './page.js';

export interface UiOptions {
  bind: string;
  port: number;
  limits: InputLimits;
  /** Files in one upload. */
  maxFiles: number;
  /** Bytes of one upload, all files together. */
  maxBytes: number;
  /** The date certificates are checked against (default: now). */
  now?: Date;
}

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

/** The longest list of names and sizes an upload starts with. */
const MAX_HEADER_BYTES = 4 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An uploaded name as a relative path: no drive, no leading slash, no `..`, no control characters. */
export function uploadName(name: string, index: number): string {
  const clean = name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:/, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.' && p !== '..')
    .join('/')
    .slice(0, 500);
  return clean === '' ? `upload-${index + 1}` : clean;
}

/**
 * The uploaded files of a body: a 4-byte big-endian length, that many bytes of JSON, then the files' bytes.
 * Inside a folder, the names the command line skips when it walks one (hidden, README, *.md) are left out.
 */
export function parseUpload(
  body: Buffer,
  o: Pick<UiOptions, 'maxFiles' | 'limits'>,
): { files: MemoryInput[]; skipped: number } {
  if (body.length < 4) throw new HttpError(400, 'empty upload');
  const headLength = body.readUInt32BE(0);
  if (headLength > MAX_HEADER_BYTES || 4 + headLength > body.length)
    throw new HttpError(400, 'malformed upload (header length)');
  let head: unknown;
  try {
    head = JSON.parse(body.toString('utf8', 4, 4 + headLength));
  } catch {
    throw new HttpError(400, 'malformed upload (header is not JSON)');
  }
  const files = (head as { files?: unknown }).files;
  if (!Array.isArray(files)) throw new HttpError(400, 'malformed upload (no file list)');
  if (files.length === 0) throw new HttpError(400, 'no file in the upload');
  if (files.length > o.maxFiles)
    throw new HttpError(413, `${files.length} files: at most ${o.maxFiles} at once`);
  const out: MemoryInput[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let at = 4 + headLength;
  files.forEach((f: unknown, i) => {
    const { name, size } = (f ?? {}) as { name?: unknown; size?: unknown };
    if (typeof name !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
      throw new HttpError(400, `malformed upload (file ${i + 1})`);
    if (size > o.limits.maxFileBytes)
      throw new HttpError(413, `${uploadName(name, i)}: larger than ${formatBytes(o.limits.maxFileBytes)}`);
    if (at + size > body.length) throw new HttpError(400, 'malformed upload (sizes do not add up)');
    const bytes = body.subarray(at, at + size);
    at += size;
    const clean = uploadName(name, i);
    const parts = clean.split('/');
    if (parts.length > 1 && parts.slice(1).some(skippedName)) {
      skipped++;
      return;
    }
    let source = clean;
    for (let n = 2; seen.has(source); n++) source = `${clean} (${n})`;
    seen.add(source);
    out.push({ source, bytes });
  });
  if (at !== body.length) throw new HttpError(400, 'malformed upload (sizes do not add up)');
  if (out.length === 0)
    throw new HttpError(422, 'nothing to read: every file is one a folder walk skips (hidden, README, *.md)');
  return { files: out, skipped };
}

/** Files a deployment names (its certificates), looked up among the uploads beside it, never on disk. */
function uploadedBeside(memory: readonly MemoryInput[]): (source: string) => (file: string) => Uint8Array {
  const byName = new Map(memory.map((m) => [posix.normalize(m.source), m.bytes]));
  return (source) => (file) => {
    const path = posix.normalize(posix.join(posix.dirname(source), file.replace(/\\/g, '/')));
    const bytes = byName.get(path);
    if (!bytes) throw new Error(`${file}: not among the uploaded files (upload it with ${source})`);
    return bytes;
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > max) throw new HttpError(413, `upload larger than ${formatBytes(max)}`);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, `upload larger than ${formatBytes(max)}`);
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

export async function startUi(o: UiOptions): Promise<UiServer> {
  const page = uiPage({ maxFiles: o.maxFiles, maxBytes: o.maxBytes, maxBytesText: formatBytes(o.maxBytes) });
  const headers = {
    'Content-Security-Policy': `${page.csp}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
  };
  let busy = false;
  let port = 0;
  const hostOk = (req: IncomingMessage): boolean => {
    // A page elsewhere that points a name at 127.0.0.1 (DNS rebinding) sends its own Host: refused.
    if (!isLoopback(o.bind)) return true;
    const host = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${o.bind}:${port}`].includes(host);
  };
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, value: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const report = async (req: IncomingMessage): Promise<unknown> => {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`)
      throw new HttpError(403, 'uploads come from this page only');
    const body = await readBody(req, o.maxBytes + MAX_HEADER_BYTES + 4);
    const { files: memory, skipped } = parseUpload(body, o);
    const total = memory.reduce((n, m) => n + m.bytes.length, 0);
    if (total > o.maxBytes)
      throw new HttpError(413, `the files add up to more than ${formatBytes(o.maxBytes)}`);
    const maxSize = String(Math.max(1, Math.round(o.limits.maxFileBytes / 1024 ** 2)));
    let run: Awaited<ReturnType<typeof doctorReport>>;
    try {
      run = await doctorReport(
        [],
        { expiryDays: '60', leadDays: String(DEFAULT_LEAD_DAYS), maxSize, timeline: true },
        undefined,
        o.now,
        {
          memory,
          hash: true,
          readFileFor: uploadedBeside(memory),
        },
      );
    } catch (e) {
      if (e instanceof UsageError) throw new HttpError(422, e.message);
      throw e;
    }
    const context = await evidenceContext(memory, evidenceLines(run.report.findings), o.limits);
    const timeline = run.timeline ? { entries: run.timeline, dropped: run.dropped } : undefined;
    return {
      html: renderHtmlFragment(run.report, timeline, { command: 'doctor' }),
      context,
      summary:
        `${memory.length} file${memory.length === 1 ? '' : 's'} read` +
        `${skipped > 0 ? ` (${skipped} skipped: hidden, README or *.md, as in a folder walk)` : ''}: ${summaryLine(run.report.findings)}`,
    };
  };

  const server = createServer((req, res) => {
    if (!hostOk(req)) return send(res, 421, 'text/plain; charset=utf-8', 'wrong Host\n');
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', page.html);
    if (req.method === 'GET' && path === '/favicon.ico') {
      res.writeHead(204, headers);
      return res.end();
    }
    if (req.method === 'POST' && path === '/api/report') {
      if (busy) {
        req.resume();
        return json(res, 503, { error: 'a report is being made; try again in a moment' });
      }
      busy = true;
      report(req)
        .then(
          (value) => json(res, 200, value),
          (e: unknown) => {
            const status = e instanceof HttpError ? e.status : 500;
            const message = e instanceof Error ? e.message : String(e);
            if (status === 500)
              process.stderr.write(`vpnphone ui: internal error: ${redactSecrets(message)}\n`);
            // The rest of a refused upload is not read: the connection closes after the answer.
            if (status === 413) res.setHeader('Connection', 'close');
            if (!res.headersSent) json(res, status, { error: redactSecrets(message) });
          },
        )
        .finally(() => {
          busy = false;
        });
      return;
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  });
  server.requestTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = o.bind.includes(':') ? `[${o.bind}]` : o.bind;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
