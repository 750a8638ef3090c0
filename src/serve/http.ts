// The provisioning server's HTTP side (CUCM's TCP 6970): GET and HEAD of the same files the TFTP side serves.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endpoint } from '../tftp/server.js';
import type { Found } from './files.js';

export interface HttpLog {
  proto: 'http';
  client: string;
  file: string;
  method: string;
  status: number;
  bytes: number;
  durationMs: number;
  result: 'ok' | 'not-found' | 'access-violation' | 'bad-request' | 'method-not-allowed' | 'io-error';
  error?: string;
}

const TYPES: [RegExp, string][] = [
  [/\.(cnf\.)?xml$/i, 'text/xml; charset=utf-8'],
  [/\.(txt|cfg|conf|log)$/i, 'text/plain; charset=utf-8'],
  [/\.html?$/i, 'text/html; charset=utf-8'],
  [/\.png$/i, 'image/png'],
  [/\.jpe?g$/i, 'image/jpeg'],
  [/\.wav$/i, 'audio/wav'],
  [/\.pem$/i, 'application/x-pem-file'],
  [/\.(tar|tar\.gz|tgz)$/i, 'application/gzip'],
  [/\.zip$/i, 'application/zip'],
];

/** Content type by name; firmware (.loads, .sbn, .sgn), ringtones (.raw) and the rest are opaque bytes. */
export function contentTypeFor(name: string): string {
  if (/\.sgn$/i.test(name)) return 'application/octet-stream'; // signed: a binary header before the XML
  for (const [re, type] of TYPES) if (re.test(name)) return type;
  return 'application/octet-stream';
}

export interface HttpServerOptions {
  address: string;
  port: number;
  find(requested: string): Promise<Found>;
  onRequest?(log: HttpLog): void;
}

export interface ProvisioningHttpServer {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<ProvisioningHttpServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res, opts).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // Phones fetch a few small files; a slow or idle connection is not kept for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: HttpServerOptions): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const log = (status: number, result: HttpLog['result'], bytes: number, file: string, error?: string) => {
    try {
      opts.onRequest?.({
        proto: 'http',
        client: endpoint(req.socket.remoteAddress, req.socket.remotePort),
        file,
        method,
        status,
        bytes,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        result,
        ...(error === undefined ? {} : { error }),
      });
    } catch {}
  };
  const plain = (status: number, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(method === 'HEAD' ? undefined : `${text}\n`);
  };

  if (method !== 'GET' && method !== 'HEAD') {
    plain(405, 'method not allowed: this server is read-only', { allow: 'GET, HEAD' });
    log(405, 'method-not-allowed', 0, url);
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(url.split(/[?#]/, 1)[0]!);
  } catch {
    plain(400, 'bad request: invalid percent-encoding');
    log(400, 'bad-request', 0, url);
    return;
  }
  const found = await opts.find(path);
  if (found.kind === 'refused') {
    // 403 for a path that tries to leave the root, without saying what lies there.
    const status = found.result === 'not-found' ? 404 : 403;
    plain(status, status === 404 ? 'not found' : 'forbidden');
    log(status, found.result, 0, path, found.message);
    return;
  }
  const size = found.kind === 'memory' ? found.data.length : found.size;
  res.writeHead(200, {
    'content-type': contentTypeFor(found.name),
    'content-length': String(size),
    'cache-control': 'no-cache',
  });
  if (found.kind === 'memory') {
    res.end(method === 'HEAD' ? undefined : found.data);
    log(200, 'ok', method === 'HEAD' ? 0 : size, path);
    return;
  }
  if (method === 'HEAD') {
    await found.handle.close();
    res.end();
    log(200, 'ok', 0, path);
    return;
  }
  const stream = found.handle.createReadStream({ start: 0, end: Math.max(0, size - 1), autoClose: true });
  if (size === 0) {
    stream.destroy();
    res.end();
    log(200, 'ok', 0, path);
    return;
  }
  await new Promise<void>((resolve) => {
    let logged = false;
    const done = (ok: boolean, error?: string) => {
      if (logged) return;
      logged = true;
      log(200, ok ? 'ok' : 'io-error', ok ? size : 0, path, error);
      resolve();
    };
    stream.on('error', (e) => {
      res.destroy();
      done(false, e.message);
    });
    res.on('close', () => {
      if (!res.writableFinished) {
        stream.destroy();
        done(false, 'client closed the connection');
      }
    });
    res.on('finish', () => done(true));
    stream.pipe(res);
  });
}
