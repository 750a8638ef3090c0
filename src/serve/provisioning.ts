// The provisioning server as a library: TFTP and HTTP from one deployment file, reloaded when it changes.
import { type FSWatcher, watch as fsWatch } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { loadDeploymentFile } from '../cli/io.js';
import type { LoadedDeployment } from '../model/load.js';
import { startTftpServer, type TftpLookup, type TftpSource, type TransferLog } from '../tftp/server.js';
import { findFile, type PhoneFiles, phoneFilesFor, resolveRoot } from './files.js';
import { type HttpLog, startHttpServer } from './http.js';

export type ReloadReason = 'start' | 'watch' | 'signal' | 'manual';

export type ServeEvent =
  | ({ event: 'transfer' } & TransferLog)
  | ({ event: 'transfer' } & HttpLog)
  | { event: 'reload'; ok: true; reason: ReloadReason; files: string[]; changed: string[] }
  | { event: 'reload'; ok: false; reason: ReloadReason; error: string; kept: string[] };

export interface ProvisioningServerOptions {
  deploymentFile: string;
  /** Address both servers listen on. Default 127.0.0.1. */
  bind?: string;
  /** Default 69; 0 picks a free port. */
  tftpPort?: number;
  /** Default 6970; 0 picks a free port. */
  httpPort?: number;
  /** Directory of other files (firmware, ringtones) served read-only. */
  root?: string;
  tftpTimeoutMs?: number;
  tftpRetries?: number;
  /** Reload when the deployment or a certificate it names changes. Default true. */
  watch?: boolean;
  /** Quiet time after the last change before reloading. Default 250 ms. */
  debounceMs?: number;
  onEvent?(e: ServeEvent): void;
}

export type ReloadResult = { ok: true; files: string[]; changed: string[] } | { ok: false; error: string };

export interface ProvisioningServer {
  readonly address: string;
  readonly tftpPort: number;
  readonly httpPort: number;
  /** Real path of --root, if given. */
  readonly root: string | undefined;
  /** Names of the generated phone files in service. */
  files(): string[];
  deploymentName(): string;
  activeTransfers(): number;
  /** Reads the deployment again; a broken one is reported and the last good one stays in service. */
  reload(reason?: ReloadReason): ReloadResult;
  close(): Promise<void>;
}

/** Read-ahead size for files on disk: one read serves many blocks, instead of one thread-pool trip each. */
const READ_AHEAD = 256 * 1024;

function diskSource(handle: FileHandle, size: number): TftpSource {
  let cacheOffset = 0;
  let cache = Buffer.alloc(0);
  return {
    size,
    read: async (offset, length) => {
      if (offset >= cacheOffset && offset + length <= cacheOffset + cache.length)
        return cache.subarray(offset - cacheOffset, offset - cacheOffset + length);
      const want = Math.min(Math.max(length, READ_AHEAD), Math.max(0, size - offset));
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      // Bounded: each read either advances or reaches the end of the file.
      while (got < want) {
        const { bytesRead } = await handle.read(buf, got, want - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      cacheOffset = offset;
      cache = buf.subarray(0, got);
      return cache.subarray(0, Math.min(length, got));
    },
    close: () => void handle.close().catch(() => {}),
  };
}

/** Files whose change should trigger a reload: the deployment and every certificate file it names. */
function watchedFiles(deploymentFile: string, loaded: LoadedDeployment | undefined): string[] {
  const base = dirname(deploymentFile);
  const files = [resolve(deploymentFile)];
  for (const f of loaded?.certs.keys() ?? []) files.push(isAbsolute(f) ? f : resolve(base, f));
  return files;
}

export async function startProvisioningServer(opts: ProvisioningServerOptions): Promise<ProvisioningServer> {
  const emit = (e: ServeEvent) => {
    try {
      opts.onEvent?.(e);
    } catch {}
  };
  // The first load throws (UsageError with file:line problems): there is nothing to serve yet.
  let loaded = loadDeploymentFile(opts.deploymentFile);
  let phoneFiles: PhoneFiles = phoneFilesFor(loaded);
  const rootReal = opts.root === undefined ? undefined : await resolveRoot(opts.root);
  const address = opts.bind ?? '127.0.0.1';
  const names = () => [...phoneFiles.values()].map((f) => f.name).sort();

  const tftp = await startTftpServer({
    address,
    port: opts.tftpPort ?? 69,
    ...(opts.tftpTimeoutMs === undefined ? {} : { timeoutMs: opts.tftpTimeoutMs }),
    ...(opts.tftpRetries === undefined ? {} : { retries: opts.tftpRetries }),
    lookup: async (filename): Promise<TftpLookup> => {
      const found = await findFile(filename, phoneFiles, rootReal);
      if (found.kind === 'refused') return { ok: false, result: found.result, message: found.message };
      if (found.kind === 'memory') {
        const data = found.data;
        return { ok: true, source: { size: data.length, read: (o, n) => data.subarray(o, o + n) } };
      }
      return { ok: true, source: diskSource(found.handle, found.size) };
    },
    onTransfer: (log) => emit({ event: 'transfer', ...log }),
  });
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    http = await startHttpServer({
      address,
      port: opts.httpPort ?? 6970,
      find: (requested) => findFile(requested, phoneFiles, rootReal),
      onRequest: (log) => emit({ event: 'transfer', ...log }),
    });
  } catch (e) {
    await tftp.close();
    throw e;
  }

  const reload = (reason: ReloadReason = 'manual'): ReloadResult => {
    let next: LoadedDeployment;
    try {
      next = loadDeploymentFile(opts.deploymentFile);
    } catch (e) {
      const error = (e as Error).message;
      emit({ event: 'reload', ok: false, reason, error, kept: names() });
      return { ok: false, error };
    }
    const nextFiles = phoneFilesFor(next);
    const changed: string[] = [];
    for (const [key, f] of nextFiles) if (!phoneFiles.get(key)?.data.equals(f.data)) changed.push(f.name);
    for (const [key, f] of phoneFiles) if (!nextFiles.has(key)) changed.push(f.name);
    loaded = next;
    phoneFiles = nextFiles;
    rewatch();
    const files = names();
    emit({ event: 'reload', ok: true, reason, files, changed: changed.sort() });
    return { ok: true, files, changed };
  };

  // Watch directories, not files: editors and `mv` replace a file, which ends a watch on the file itself.
  const watchers = new Map<string, FSWatcher>();
  let wanted = new Map<string, Set<string>>();
  let debounce: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      reload('watch');
    }, opts.debounceMs ?? 250);
  };
  function rewatch() {
    if (opts.watch === false) return;
    wanted = new Map();
    for (const f of watchedFiles(opts.deploymentFile, loaded)) {
      const dir = dirname(f);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(basename(f));
    }
    for (const [dir, w] of watchers)
      if (!wanted.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    for (const dir of wanted.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const w = fsWatch(dir, { persistent: false }, (_event, name) => {
          // No name (some platforms): reload anyway; a spurious reload is harmless.
          if (name === null || wanted.get(dir)?.has(name.toString())) schedule();
        });
        w.on('error', () => {
          w.close();
          watchers.delete(dir);
        });
        watchers.set(dir, w);
      } catch {
        // A directory that vanished: the next SIGHUP or successful reload sets the watch again.
      }
    }
  }
  rewatch();
  emit({ event: 'reload', ok: true, reason: 'start', files: names(), changed: names() });

  let closed = false;
  return {
    address,
    tftpPort: tftp.port,
    httpPort: http.port,
    root: rootReal,
    files: names,
    deploymentName: () => loaded.deployment.name ?? basename(opts.deploymentFile),
    activeTransfers: () => tftp.activeTransfers(),
    reload,
    close: async () => {
      if (closed) return;
      closed = true;
      if (debounce) clearTimeout(debounce);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      await Promise.all([tftp.close(), http.close()]);
    },
  };
}
