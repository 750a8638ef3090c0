// `vpnphone probe ARGS` in a child process, without blocking this one (its loopback servers must answer).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(process.cwd(), 'bin/vpnphone.js');

/** Runs the probe command line, with `input` on its standard input when given; killed after 30 s. */
export function probeCli(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const c = spawn(process.execPath, [BIN, 'probe', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    c.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
    c.on('close', (code) => {
      clearTimeout(t);
      done({ code, stdout, stderr });
    });
    // No input is an empty standard input, as /dev/null would be.
    c.stdin.end(input ?? '');
  });
}
