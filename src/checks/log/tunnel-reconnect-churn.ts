// tunnel-reconnect-churn: one peer reconnects again and again within minutes — on the ASA, new connections
// replacing old ones (722032) and sessions ended by dead peer detection (722029 DPD Conns > 0); on the phone,
// logins that start again after its tunnel had come up.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';
import { clientField } from './session.js';

/** Reconnects that make churn: at least this many within WINDOW_MS of each other. */
export const CHURN_COUNT = 3;
export const CHURN_WINDOW_MS = 15 * 60_000;

/** The first run of CHURN_COUNT timed events within the window, or undefined. */
function burst(events: readonly LogEvent[]): LogEvent[] | undefined {
  const timed = events.filter((e) => e.time !== undefined);
  for (let i = 0; i + CHURN_COUNT - 1 < timed.length; i++) {
    const a = timed[i]!;
    let j = i + CHURN_COUNT - 1;
    if (timed[j]!.time! - a.time! > CHURN_WINDOW_MS) continue;
    while (j + 1 < timed.length && timed[j + 1]!.time! - a.time! <= CHURN_WINDOW_MS) j++;
    return timed.slice(i, j + 1);
  }
  return undefined;
}

const minutesOf = (b: readonly LogEvent[]): number =>
  Math.max(1, Math.ceil((b[b.length - 1]!.time! - b[0]!.time!) / 60_000));

/** At most this many reconnect events are kept per peer (a storm is visible long before). */
const KEEP = 64;

export default defineCheck({
  id: 'tunnel-reconnect-churn',
  kinds: ['headend-connection-replaced', 'headend-session-terminated', 'vpn-url', 'tunnel-connect'],
  clients: true,
  create(report, { clients }) {
    const peers = new Map<string, LogEvent[]>();
    const relogins: LogEvent[] = [];
    let connected = false;
    return {
      event(e) {
        if (e.kind === 'tunnel-connect') {
          connected = true;
          return;
        }
        if (e.kind === 'vpn-url') {
          if (connected && relogins.length < KEEP) relogins.push(e);
          connected = false;
          return;
        }
        if (e.kind === 'headend-session-terminated' && !(Number(e.fields.dpdConns) > 0)) return;
        const key = e.fields.user ?? e.fields.ip ?? '?';
        const list = peers.get(key) ?? [];
        if (list.length < KEEP) list.push(e);
        peers.set(key, list);
      },
      end() {
        for (const [peer, list] of peers) {
          const b = burst(list);
          if (!b) continue;
          const replaced = b.filter((e) => e.kind === 'headend-connection-replaced').length;
          const gp = b.find((e) => e.fields.groupPolicy)?.fields.groupPolicy;
          report(
            draft(
              'tunnel-reconnect-churn',
              {
                side: 'headend',
                peer,
                replaced,
                dpdTerminated: b.length - replaced,
                minutes: minutesOf(b),
                ...(gp !== undefined ? { groupPolicy: gp } : {}),
                ...clientField(clients.kindOf(b)),
              },
              evidenceList(b, 6),
            ),
          );
        }
        const b = burst(relogins);
        if (b) {
          const url = b[0]!.fields.url;
          report(
            draft(
              'tunnel-reconnect-churn',
              { side: 'phone', logins: b.length, minutes: minutesOf(b), ...(url ? { url } : {}) },
              evidenceList(b, 6),
            ),
          );
        }
      },
    };
  },
});
