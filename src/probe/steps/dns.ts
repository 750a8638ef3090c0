// Step dns: the VPN URL's host name resolved as the phone does (with --dns-server: that server only).
import { promises as dnsp } from 'node:dns';
import { isIP } from 'node:net';
import { errText, InterruptedError } from '../errors.js';
import { withTimeout } from '../net.js';
import type { Target } from './config.js';
import { fail, logLoginFailed, type Outcome, passed, type Session, skipped } from './session.js';

/** Resolves to the address the phone connects to. */
export async function dnsStep(s: Session, target: Target): Promise<Outcome<string>> {
  const { o, log } = s;
  log.vpnc('NOT', 'do_login', `URL -> ${o.config.url}`);
  s.connectStart = performance.now();
  const host = target.host;
  if (isIP(host)) return skipped(`${host} is an IP address`, host);
  const dnsMs = o.dnsTimeoutMs ?? 30_000;
  let address: string;
  try {
    address = await resolve(host, dnsMs, o.dnsServer, o.signal);
  } catch (e) {
    if (e instanceof InterruptedError) fail('dns', e.message, undefined, e);
    log.vpnc('ERR', 'parse_url', `gethostbyname failed <${host}>`);
    log.vpnc('NOT', 'vpnc_set_notify_netsd ', 'cmd: 0x5 event: 0x40000 status: 0x0 error: 0x0');
    log.vpnc('ERR', 'do_login', `parse URL failed -> ${o.config.url}`);
    log.vpnc('NOT', 'vpn_stop', 'de-activating vpn');
    logLoginFailed(s);
    log.vpnc('NOT', 'vpnc_send_notify', 'notify code: 32 [DnsLookupErr]');
    log.vpnc('NOT', 'vpnc_send_notify', 'notify desc: [url hostname lookup err]');
    return fail(
      'dns',
      `${host}: ${errText(e)}`,
      { kind: 'dns-failed', host, dnsServer: o.dnsServer, error: errText(e) },
      e,
    );
  }
  return passed(`${host} -> ${address}`, address);
}

async function resolve(
  host: string,
  ms: number,
  server: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string> {
  const what = `DNS lookup of ${host}`;
  if (server) {
    const r = new dnsp.Resolver({ timeout: ms, tries: 1 });
    r.setServers([server]);
    const addrs = await withTimeout(r.resolve4(host), ms + 500, what, () => r.cancel(), signal);
    const first = addrs[0];
    if (!first) throw new Error('no A record');
    return first;
  }
  return (await withTimeout(dnsp.lookup(host, { family: 4 }), ms, what, undefined, signal)).address;
}
