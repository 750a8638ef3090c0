// `vpnphone serve` as a process: startup line, JSON access log, SIGHUP reload, clean exit on SIGTERM/SIGINT.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tftpGet } from '../../src/tftp/client.js';
import { copyLab, repoRoot, run } from '../support/lab.js';

const CLI = join(repoRoot, 'bin', 'vpnphone.js');

/** A running `vpnphone serve` with its output collected line by line. */
function startServe(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'serve', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  let outBuf = '';
  let errBuf = '';
  child.stdout.on('data', (d: Buffer) => {
    outBuf += d.toString();
    const lines = outBuf.split('\n');
    outBuf = lines.pop()!;
    out.push(...lines);
  });
  child.stderr.on('data', (d: Buffer) => {
    errBuf += d.toString();
    const lines = errBuf.split('\n');
    errBuf = lines.pop()!;
    err.push(...lines);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (lines: string[], re: RegExp, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const hit = lines.find((l) => re.test(l));
      if (hit !== undefined) return hit;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no line matching ${re} (stdout: ${out.join('\n')}; stderr: ${err.join('\n')})`);
  };
  const stop = async (signal: NodeJS.Signals) => {
    child.kill(signal);
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(t);
    return code;
  };
  return { child, out, err, waitFor, stop, exited };
}

describe('vpnphone serve (command line)', () => {
  const lab = copyLab('vpnphone-serve-cli-');
  after(() => rmSync(lab.dir, { recursive: true, force: true }));

  it('logs JSON lines, reloads on SIGHUP and exits 0 on SIGTERM', async () => {
    const s = startServe(['-d', lab.deployment, '--tftp-port', '0', '--http-port', '0', '--json']);
    try {
      const listening = JSON.parse(await s.waitFor(s.out, /"event":"listening"/));
      assert.equal(listening.address, '127.0.0.1');
      assert.deepEqual(listening.files, ['SEP682C7B40B5CE.cnf.xml']);
      assert.ok(listening.tftpPort > 0 && listening.httpPort > 0);

      const r = await tftpGet('127.0.0.1', listening.tftpPort, 'SEP682C7B40B5CE.cnf.xml', {
        timeoutMs: 1000,
        retries: 3,
        blksize: 1024,
      });
      const log = JSON.parse(await s.waitFor(s.out, /"event":"transfer"/));
      assert.equal(log.proto, 'tftp');
      assert.equal(log.file, 'SEP682C7B40B5CE.cnf.xml');
      assert.equal(log.bytes, r.data.length);
      assert.equal(log.result, 'ok');
      assert.equal(log.blksize, 1024);
      assert.equal(typeof log.durationMs, 'number');
      assert.match(log.client, /^127\.0\.0\.1:\d+$/);

      s.child.kill('SIGHUP');
      const reload = JSON.parse(await s.waitFor(s.out, /"event":"reload"/));
      assert.equal(reload.reason, 'signal');
      assert.equal(reload.ok, true);

      assert.equal(await s.stop('SIGTERM'), 0);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('prints what it serves and where, logs text lines, and exits 0 on SIGINT', async () => {
    const s = startServe(['-d', lab.deployment, '--tftp-port', '0', '--http-port', '0', '--root', lab.dir]);
    try {
      const where = await s.waitFor(s.err, /TFTP on 127\.0\.0\.1 port \d+/);
      assert.match(s.err.join('\n'), /1 phone file: SEP682C7B40B5CE\.cnf\.xml/);
      assert.match(s.err.join('\n'), new RegExp(`other files from ${lab.dir}`));
      const port = Number(/port (\d+)/.exec(where)![1]);
      await assert.rejects(tftpGet('127.0.0.1', port, 'missing.bin', { timeoutMs: 1000, retries: 3 }));
      const line = await s.waitFor(s.out, /missing\.bin/);
      assert.match(line, /^\S+Z tftp 127\.0\.0\.1:\d+ missing\.bin 0 bytes [\d.]+ ms not-found/);
      assert.equal(await s.stop('SIGINT'), 0);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('exits 2 with the loader file:line message for a broken deployment, and for a bad port', async () => {
    const bad = join(lab.dir, 'broken.yaml');
    writeFileSync(bad, 'headend: [\n');
    const r = await run(process.execPath, [CLI, 'serve', '-d', bad, '--tftp-port', '0', '--http-port', '0']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.yaml:\d+/);
    const p = await run(process.execPath, [CLI, 'serve', '-d', lab.deployment, '--tftp-port', '70000']);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /--tftp-port 70000/);
  });
});
