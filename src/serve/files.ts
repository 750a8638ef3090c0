// What the provisioning server serves: the phones' generated SEP<MAC>.cnf.xml files, then read-only files under --root.
import { constants, promises as fsp } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { generatePhoneConfig, phoneConfigFileName } from '../cucm/phone-config.js';
import type { LoadedDeployment } from '../model/load.js';

/** The generated files, by lower-cased name: CUCM's TFTP answers `sep682c7b40b5ce.cnf.xml` too. */
export type PhoneFiles = ReadonlyMap<string, { name: string; data: Buffer }>;

export function phoneFilesFor(loaded: LoadedDeployment): PhoneFiles {
  const files = new Map<string, { name: string; data: Buffer }>();
  for (const phone of loaded.deployment.phones) {
    const name = phoneConfigFileName(phone.mac);
    files.set(name.toLowerCase(), { name, data: Buffer.from(generatePhoneConfig(loaded, phone), 'utf8') });
  }
  return files;
}

export type RequestPath = { ok: true; segments: string[] } | { ok: false; reason: string };

/**
 * Turns a requested name into path segments below the root, or refuses it. Pure. A leading `/` means the
 * root (as tftpd-hpa's `-s` does); `\` counts as a separator (some clients send Windows paths); `..`,
 * drive letters and NUL are refused outright rather than resolved, so no spelling reaches outside.
 */
export function parseRequestPath(requested: string): RequestPath {
  if (requested.includes('\0')) return { ok: false, reason: 'NUL in file name' };
  if (/^[a-zA-Z]:/.test(requested)) return { ok: false, reason: 'drive letters are not allowed' };
  const segments = requested.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, reason: "'..' is not allowed in a path" };
  if (segments.length === 0) return { ok: false, reason: 'no file name' };
  return { ok: true, segments };
}

export type Found =
  | { kind: 'memory'; name: string; data: Buffer }
  | { kind: 'disk'; name: string; path: string; size: number; handle: fsp.FileHandle }
  | { kind: 'refused'; result: 'not-found' | 'access-violation'; message: string };

/** Finds `segments` under `rootReal` case-insensitively, for SEP files only (phones ask in any case). */
async function caseInsensitive(rootReal: string, segments: string[]): Promise<string | undefined> {
  const last = segments[segments.length - 1]!;
  if (!/^sep/i.test(last)) return undefined;
  const dir = join(rootReal, ...segments.slice(0, -1));
  try {
    const want = last.toLowerCase();
    const hit = (await fsp.readdir(dir)).find((n) => n.toLowerCase() === want);
    return hit === undefined ? undefined : join(dir, hit);
  } catch {
    return undefined;
  }
}

function within(rootReal: string, path: string): boolean {
  return path === rootReal || path.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

/** Where an open file descriptor really is: the kernel's own record on Linux, else the path resolved again. */
async function openedPath(handle: fsp.FileHandle, opened: string): Promise<string | undefined> {
  try {
    return await fsp.readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    try {
      return await fsp.realpath(opened);
    } catch {
      return undefined;
    }
  }
}

/**
 * Looks a request up: a generated phone file first, then a regular file under the root that is still inside
 * the root once opened (symbolic links inside the root are followed). The file is opened once and the check
 * is made on what was opened, so a link swapped in between a check and the open cannot lead outside. The
 * caller closes `handle` of a disk file.
 */
export async function findFile(
  requested: string,
  phoneFiles: PhoneFiles,
  rootReal: string | undefined,
): Promise<Found> {
  const parsed = parseRequestPath(requested);
  // The root itself is a directory: not found, like any other directory (no listings).
  if (!parsed.ok && parsed.reason === 'no file name')
    return { kind: 'refused', result: 'not-found', message: 'file not found' };
  if (!parsed.ok) return { kind: 'refused', result: 'access-violation', message: parsed.reason };
  if (parsed.segments.length === 1) {
    const hit = phoneFiles.get(parsed.segments[0]!.toLowerCase());
    if (hit) return { kind: 'memory', name: hit.name, data: hit.data };
  }
  const notFound = { kind: 'refused', result: 'not-found', message: 'file not found' } as const;
  const outside = {
    kind: 'refused',
    result: 'access-violation',
    message: 'path leads outside the served directory',
  } as const;
  if (rootReal === undefined) return notFound;
  // Resolved first so that a file outside is refused without being opened (opening a device can act on it).
  let path: string;
  try {
    path = await fsp.realpath(join(rootReal, ...parsed.segments));
  } catch {
    const other = await caseInsensitive(rootReal, parsed.segments);
    if (other === undefined) return notFound;
    try {
      path = await fsp.realpath(other);
    } catch {
      return notFound;
    }
  }
  if (!within(rootReal, path)) return outside;
  // The real path has no link left in it: O_NOFOLLOW refuses a last component swapped for a link since,
  // and the check on the opened file below catches a swapped directory. O_NONBLOCK keeps a FIFO from
  // hanging the open (the fstat refuses it); O_NOCTTY keeps a terminal from becoming ours.
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (constants.O_NOFOLLOW ?? 0);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      return { kind: 'refused', result: 'access-violation', message: 'path changed while it was opened' };
    return code === 'EACCES'
      ? { kind: 'refused', result: 'access-violation', message: 'permission denied' }
      : notFound;
  }
  try {
    const st = await handle.stat();
    const real = await openedPath(handle, path);
    if (real === undefined || !within(rootReal, real)) {
      await handle.close();
      return outside;
    }
    // The name must still lead to the very file that is open (a deleted or replaced file does not).
    const now = await fsp.stat(real).catch(() => undefined);
    if (now === undefined || now.dev !== st.dev || now.ino !== st.ino) {
      await handle.close();
      return outside;
    }
    if (!st.isFile()) {
      await handle.close();
      return notFound; // directories are not listed, devices and FIFOs not read
    }
    return { kind: 'disk', name: basename(real), path: real, size: st.size, handle };
  } catch {
    await handle.close().catch(() => {});
    return notFound;
  }
}

/** The root's real path, checked to be a directory; throws with a readable message otherwise. */
export async function resolveRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await fsp.realpath(root);
  } catch {
    throw new Error(`--root ${root}: no such directory`);
  }
  if (!(await fsp.stat(real)).isDirectory()) throw new Error(`--root ${root}: not a directory`);
  return real;
}
