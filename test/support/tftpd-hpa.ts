// Runs Debian's tftpd-hpa (in.tftpd) in the foreground on a loopback port for tests and benchmarks.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync } from 'node:fs';

/** Fails loudly (never skips) when a Debian tool the tests need is missing. */
export function requireTool(command: string, pkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      `${command} is not installed: run scripts/install-tftp-tools.sh (apt-get install -y ${pkg}) before the tests`,
    );
}

/** A UDP port that was free a moment ago on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface TftpdHpa {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `in.tftpd -L -a 127.0.0.1:PORT -s DIR`. in.tftpd drops to user nobody and serves only
 * world-readable files, so DIR is made world-readable (mode 0755); files must be 0644.
 */
export async function startTftpdHpa(dir: string, maxLifetimeSeconds = 600): Promise<TftpdHpa> {
  requireTool('in.tftpd', 'tftpd-hpa');
  chmodSync(dir, 0o755);
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpPort();
    // Under coreutils' timeout, so that even a test runner killed midway leaves no tftpd behind.
    const child: ChildProcess = spawn(
      'timeout',
      ['--kill-after=5', String(maxLifetimeSeconds), 'in.tftpd', '-L', '-a', `127.0.0.1:${port}`, '-s', dir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // It binds at once; a quick exit means the port was taken meanwhile (or tftpd cannot run here).
    const early = await Promise.race([exited, new Promise<'up'>((r) => setTimeout(() => r('up'), 300))]);
    if (early !== 'up') {
      if (attempt === 4) throw new Error(`in.tftpd exited with ${early}: ${stderr.trim()}`);
      continue;
    }
    return {
      port,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      },
    };
  }
  throw new Error('in.tftpd could not be started');
}
