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

/**
 * Looks a request up: a generated phone file first, then a regular file under the root whose real path
 * (symbolic links followed) is still inside the root. The caller closes `handle` of a disk file.
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
  if (rootReal === undefined) return notFound;
  let real: string;
  try {
    real = await fsp.realpath(join(rootReal, ...parsed.segments));
  } catch {
    const other = await caseInsensitive(rootReal, parsed.segments);
    if (other === undefined) return notFound;
    try {
      real = await fsp.realpath(other);
    } catch {
      return notFound;
    }
  }
  if (!within(rootReal, real))
    return {
      kind: 'refused',
      result: 'access-violation',
      message: 'path leads outside the served directory',
    };
  let handle: fsp.FileHandle;
  try {
    // O_NOFOLLOW is moot after realpath; O_NONBLOCK keeps a FIFO under the root from hanging the open.
    handle = await fsp.open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EACCES'
      ? { kind: 'refused', result: 'access-violation', message: 'permission denied' }
      : notFound;
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    return notFound; // directories are not listed, devices and FIFOs not read
  }
  return { kind: 'disk', name: basename(real), path: real, size: st.size, handle };
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
