// Access-log and status lines of `vpnphone serve`, as text or as one JSON object per line. Pure.
import type { ServeEvent } from './provisioning.js';

/** One line, without the newline. JSON lines carry the same fields as the event plus `time`. */
export function formatEvent(e: ServeEvent, time: Date, json: boolean): string {
  if (json) return JSON.stringify({ time: time.toISOString(), ...e });
  const t = time.toISOString();
  if (e.event === 'transfer') {
    const what = e.proto === 'http' ? `${e.method} ${e.file} ${e.status}` : e.file;
    const extra =
      e.proto === 'tftp' && (e.blksize !== 512 || e.retransmissions > 0)
        ? ` [blksize ${e.blksize}${e.retransmissions > 0 ? `, ${e.retransmissions} resent` : ''}]`
        : '';
    return `${t} ${e.proto} ${e.client} ${what} ${e.bytes} bytes ${e.durationMs} ms ${e.result}${extra}${
      e.error === undefined || e.result === 'ok' ? '' : ` (${e.error})`
    }`;
  }
  if (e.ok) {
    const changed =
      e.reason === 'start' ? '' : `, changed: ${e.changed.length > 0 ? e.changed.join(' ') : 'none'}`;
    return `${t} reload (${e.reason}): serving ${e.files.length} phone file${e.files.length === 1 ? '' : 's'}${changed}`;
  }
  return `${t} reload (${e.reason}) FAILED, still serving the last good deployment (${e.kept.length} phone file${
    e.kept.length === 1 ? '' : 's'
  }):\n${e.error
    .split('\n')
    .map((l) => `  ${l.replace(/^vpnphone: /, '')}`)
    .join('\n')}`;
}
