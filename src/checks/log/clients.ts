// Who the headend events of one source are about: a phone or another AnyConnect client (SessionClients,
// one per source, fed by the log engine), and where each check places the lines that name no peer.

import { phoneFromUsername } from '../../asa/show.js';
import type { ClientKind } from '../../findings/catalogue/log.js';
import type { EventKind, LogEvent } from '../../logs/event.js';

/**
 * The headend events that tell what a peer is: 722055's user agent (a phone, or another AnyConnect client),
 * and the session lines that name the user and public address (722022, 716001, 113004, 725001, 725006).
 */
export const CLIENT_KINDS: readonly EventKind[] = [
  'headend-phone-client',
  'headend-other-client',
  'headend-session-up',
  'headend-auth-ok',
  'headend-tls-start',
  'headend-tls-failed',
];

const CLIENT_KIND_SET: ReadonlySet<EventKind> = new Set(CLIENT_KINDS);

/** What one user or address was seen as; `mixed` when both (a shared NAT address). */
type Seen = ClientKind | 'mixed';

/** At most this many users and addresses are remembered per source (a busy ASA has thousands). */
const MAX_PEERS = 4096;

/** A TLS event without a peer (725014) belongs to the 725001 / 725006 at most this many lines away. */
const TLS_NEIGHBOUR_LINES = 4;

/**
 * Whether the client of a session is a phone. Known from the user agent the ASA logs (722055 `Client Type:
 * Cisco SVC IPPhone Client v1.0` or `Cisco AnyConnect VPN Agent for Windows 4.10`), or from a user name that
 * is a phone certificate's (`CP-8861-SEP682C7B40B5CE`); a user agent is remembered for the user and the public
 * address it came from. An SSL error line that names no peer (725014) takes the address of the handshake
 * line next to it (725001 before it, or 725006 after it).
 *
 * One per source, shared by the checks that word their findings by client (`clients: true` in their
 * definition): the engine notes each client event here once, before the checks see it. Each check places
 * its own peer-less events with a placer of its own (see `placer`).
 */
export class SessionClients {
  private readonly byUser = new Map<string, Seen>();
  private readonly byIp = new Map<string, Seen>();
  private lastTls: { line: number; ip: string } | undefined;
  private readonly placers: ClientPlacer[] = [];

  /** Reads a client event (one of CLIENT_KINDS); returns false for an event of another kind. */
  note(e: LogEvent): boolean {
    if (!CLIENT_KIND_SET.has(e.kind)) return false;
    const { user, ip } = e.fields;
    let kind: Seen | undefined;
    if (e.kind === 'headend-phone-client') kind = 'phone';
    else if (e.kind === 'headend-other-client') kind = 'other';
    else if (user && (phoneFromUsername(user) || e.fields.phone === 'yes')) kind = 'phone';
    else if (user) kind = this.byUser.get(user);
    if (kind !== undefined && kind !== 'mixed') {
      if (user) this.remember(this.byUser, user, kind);
      if (ip) this.remember(this.byIp, ip, kind);
    }
    if ((e.kind === 'headend-tls-start' || e.kind === 'headend-tls-failed') && ip) {
      this.lastTls = { line: e.line, ip };
      for (const p of this.placers) p.handshake(e.line, ip);
    }
    return true;
  }

  /** Where one check's peer-less events are placed next to their handshakes (one per check, see place). */
  placer(): ClientPlacer {
    const p = new ClientPlacer(this);
    this.placers.push(p);
    return p;
  }

  /** The last handshake line that named a client address. */
  get lastHandshake(): { line: number; ip: string } | undefined {
    return this.lastTls;
  }

  private remember(map: Map<string, Seen>, key: string, kind: ClientKind): void {
    const had = map.get(key);
    if (had === undefined && map.size >= MAX_PEERS) return;
    // One key seen as both (a shared NAT address): nothing is known of it.
    map.set(key, had !== undefined && had !== kind ? 'mixed' : kind);
  }

  /** The client of one event: phone, other, or undefined when nothing tells. */
  clientOf(e: LogEvent, placed?: ReadonlyMap<LogEvent, string>): Seen | undefined {
    const user = e.fields.user;
    if (user) {
      if (phoneFromUsername(user)) return 'phone';
      const k = this.byUser.get(user);
      if (k) return k;
    }
    const ip = e.fields.ip ?? placed?.get(e);
    return ip ? this.byIp.get(ip) : undefined;
  }

  /** What the events' clients are: `phone` or `other` when every event's client is known and the same. */
  kindOf(events: Iterable<LogEvent>, placed?: ReadonlyMap<LogEvent, string>): ClientKind | undefined {
    let kind: ClientKind | undefined;
    for (const e of events) {
      const k = this.clientOf(e, placed);
      if (k === undefined || k === 'mixed' || (kind !== undefined && k !== kind)) return undefined;
      kind = k;
    }
    return kind;
  }
}

/** One check's peer-less events (725014) and the handshake address each was placed with. */
export class ClientPlacer {
  /** Lines of events without a peer waiting for the 725006 that follows them. */
  private waiting: { line: number; e: LogEvent }[] = [];
  private readonly tlsPeer = new Map<LogEvent, string>();

  constructor(private readonly clients: SessionClients) {}

  /** A handshake line naming `ip` was noted: the events waiting within reach before it take its address. */
  handshake(line: number, ip: string): void {
    if (this.waiting.length === 0) return;
    for (const w of this.waiting)
      if (line - w.line <= TLS_NEIGHBOUR_LINES && !this.tlsPeer.has(w.e)) this.tlsPeer.set(w.e, ip);
    this.waiting = [];
  }

  /** Remembers the handshake next to an event that names no peer. */
  place(e: LogEvent): void {
    if (e.fields.user || e.fields.ip || e.format !== 'asa' || this.tlsPeer.size >= 1024) return;
    const t = this.clients.lastHandshake;
    if (t && e.line - t.line <= TLS_NEIGHBOUR_LINES) this.tlsPeer.set(e, t.ip);
    else if (this.waiting.length < 8) this.waiting.push({ line: e.line, e });
  }

  /** SessionClients.kindOf with this check's placements. */
  kindOf(events: Iterable<LogEvent>): ClientKind | undefined {
    return this.clients.kindOf(events, this.tlsPeer);
  }
}
