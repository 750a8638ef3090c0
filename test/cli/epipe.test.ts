// A reader that goes away (`vpnphone --help | head`) ends the command quietly: no stack trace (issue 15).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { repoPath, repoRoot } from '../support/paths.js';

/** Runs the CLI with its standard output closed by the reader before anything is written. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin/vpnphone.js'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('--help and generate into a closed pipe end with no output on stderr', { timeout: 60_000 }, async () => {
  for (const args of [['--help'], ['generate', 'asa', '-d', 'examples/lab/deployment.yaml']]) {
    const r = await runWithClosedStdout(args);
    assert.equal(r.stderr, '', args.join(' '));
    assert.equal(r.code, 0, args.join(' '));
  }
});
