// Whether the system `ping` works here: auto network detect runs it, as the phone pings its TFTP server.
import { spawnSync } from 'node:child_process';

/**
 * The reason the ping tests cannot run (false: they can). Outside CI the caller skips with this
 * reason; in CI (`CI` set) a missing prerequisite throws: those tests must run there, never skip.
 */
export function pingMissing(what: string): string | false {
  const r = spawnSync('ping', ['-n', '-c', '1', '-W', '1', '127.0.0.1'], { timeout: 5000 });
  if (!r.error && r.status === 0) return false;
  const why = r.error
    ? `no usable system ping (${r.error.message}): apt-get install iputils-ping`
    : `the system ping cannot ping 127.0.0.1 (exit ${r.status}): ${String(r.stderr).trim()}`;
  if (process.env['CI']) throw new Error(`${what} cannot run in CI: ${why}`);
  return why;
}
