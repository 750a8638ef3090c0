// Paths and small helpers shared by tests: the repository root, running the built CLI, temporary folders.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/support/paths.js → the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `vpnphone ARGS` (the built bin) from the repository root, with optional standard input. */
export function runCli(
  args: readonly string[],
  opts: { input?: string | Buffer; cwd?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [repoPath('bin/vpnphone.js'), ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under the repository folders `dirs`, recursively, in name order: absolute paths. */
export function filesUnder(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  for (const d of dirs) walk(repoPath(d));
  return out;
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(prefix = 'vpnphone-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `vpnphone serve` of a deployment on 127.0.0.1, ephemeral TFTP and HTTP ports, JSON log (its `listening` line names them). */
export function serveArgs(deployment: string): string[] {
  return [
    repoPath('bin/vpnphone.js'),
    'serve',
    '-d',
    deployment,
    '--tftp-port',
    '0',
    '--http-port',
    '0',
    '--json',
    '--no-watch',
  ];
}
