// Test helpers: the repository root, a private copy of the lab deployment, and child processes with timeouts.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tests run from the repository root (scripts/run-tests.mjs). */
export const repoRoot = process.cwd();

/** Copies examples/lab (deployment.yaml and its certificates) into a new temporary directory. */
export function copyLab(prefix = 'vpnphone-lab-'): { dir: string; deployment: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cpSync(join(repoRoot, 'examples', 'lab'), dir, { recursive: true });
  return { dir, deployment: join(dir, 'deployment.yaml') };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the server under test lives in this process). */
export function run(command: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd ?? repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no exit after ${opts.timeoutMs ?? 60_000} ms`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `vpnphone generate phone-config` through the real CLI, as bytes. */
export async function generatedPhoneConfig(deployment: string, mac: string): Promise<Buffer> {
  const r = await run(process.execPath, [
    join(repoRoot, 'bin', 'vpnphone.js'),
    'generate',
    'phone-config',
    '-d',
    deployment,
    '--mac',
    mac,
  ]);
  if (r.code !== 0) throw new Error(`generate phone-config failed: ${r.stderr}`);
  return Buffer.from(r.stdout, 'utf8');
}
