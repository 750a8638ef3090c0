// Step ping: an ICMP echo through the tunnel (over DTLS when it is up, as the phone sends voice).
import { errText } from '../errors.js';
import { buildEchoRequest, parseEchoReply } from '../icmp.js';
import { fail, type Outcome, passed, type Session, skipped } from './session.js';
import type { TunnelUp } from './tunnel.js';

export async function pingStep(s: Session, up: TunnelUp): Promise<Outcome<void>> {
  const target = s.o.pingTarget;
  if (!target) return skipped('no --ping address given', undefined);
  const t0 = performance.now();
  const { tunnel } = up;
  const src = up.params.address;
  if (!src) fail('ping', 'the headend assigned no IPv4 address');
  const id = (process.pid ^ 0x5650) & 0xffff;
  try {
    const pkt = buildEchoRequest({ src, dst: target, id, seq: 1 });
    const reply = tunnel.waitPacket(
      (p) => {
        const r = parseEchoReply(p);
        return r && r.id === id && r.seq === 1 && r.src === target ? r : undefined;
      },
      s.stepMs,
      `ICMP echo reply from ${target}`,
    );
    const ch = tunnel.sendPacket(pkt);
    const r = await reply;
    const rtt = Math.round((performance.now() - t0) * 10) / 10;
    s.facts.ping = { target, rttMs: rtt, channel: ch, ipv6Ignored: tunnel.counters.ipv6Ignored };
    return passed(`echo reply from ${r.src} over ${ch.toUpperCase()} in ${rtt} ms (ttl ${r.ttl})`, undefined);
  } catch (e) {
    return fail('ping', errText(e), undefined, e);
  }
}
