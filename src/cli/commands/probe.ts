// `vpnphone probe`: does what a VPN phone does against a live headend, step by step, and explains failures.
// The phone emulator loads only when the command runs (../run/probe.ts).
import type { Command } from 'commander';
import type { ExitStatus } from '../errors.js';
import type { ProbeOpts } from '../run/probe.js';
import { addMacOption, addPhoneIdentityOptions } from './phone-options.js';

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export function registerProbe(program: Command, exit: ExitStatus): void {
  const probe = program
    .command('probe')
    .description(
      'act like a VPN phone against a live headend: DNS, TLS, certificate hash, login, tunnel, DTLS, DPD',
    )
    .option(
      '-c, --config <file>',
      "the phone's SEP<MAC>.cnf.xml (or .sgn) with the VPN URL and certHash values",
    )
    .option('--tftp <host[:port]>', 'fetch SEP<MAC>.cnf.xml like a phone: TFTP, then HTTP port 6970');
  addMacOption(probe)
    .option('--http-port <port>', 'HTTP fallback port for --tftp', '6970')
    .option(
      '--gateway <n>',
      'which VPN gateway URL of the configuration to probe: 1, 2, 3 (url1..url3) or all (each, a table per gateway)',
      '1',
    )
    .option(
      '--failover',
      "try the configuration's gateways in order and stop at the first that comes up, as the phone does",
    )
    .option(
      '--url <url>',
      'headend URL for a quick check without a configuration (e.g. https://vpn.example.com/svc)',
    )
    .option('--cert-hash <base64>', 'with --url: a trusted certHash (repeatable)', collect, [])
    .option('--host-id-check', 'with --url: check the URL host against the certificate names');
  addPhoneIdentityOptions(probe)
    .option(
      '--login <style>',
      'svc (phone, GET/POST on the URL path) or aggregate (desktop AnyConnect)',
      'svc',
    )
    .option(
      '--auto-detect <tftp-ip>',
      'reproduce auto network detect: ping this address first; an answer keeps the VPN off',
    )
    .option('--auto-detect-timeout <seconds>', 'how long the auto-detect ping waits for an answer', '3')
    .option(
      '--dns-server <ip[:port]>',
      'resolve the URL host with this DNS server instead of the system resolver',
    )
    .option('--dns-timeout <seconds>', 'give up on DNS after this long (a phone waits about 30 s)', '30')
    .option('--timeout <seconds>', 'timeout of every other step', '10')
    .option('--dtls-timeout <seconds>', 'DTLS handshake timeout (default: --timeout)')
    .option('--tls-ciphers <list>', "override the model's TLS cipher offer (OpenSSL names, e.g. AES128-SHA)")
    .option('--dtls-ciphers <list>', "override the model's X-DTLS-CipherSuite offer (e.g. AES128-SHA)")
    .option('--ping <address>', 'send an ICMP echo through the tunnel to this address and wait for the reply')
    .option('--hold <seconds>', 'keep the session up with keepalives this long (Ctrl-C disconnects)')
    .option('--json', 'JSON output: findings (RULES.md shape), steps and negotiated facts')
    .option('-f, --format <format>', 'text, json or html (one self-contained page)', 'text')
    .option('-o, --output <file>', 'write the report to FILE instead of standard output')
    .option('-v, --verbose', 'print each step to standard error as it ends')
    .option('--log <file>', "write the session as a phone console log (VPNC: lines, the seed's format)")
    .addHelpText(
      'after',
      `
Exit status: 0 when the tunnel (and DTLS, unless the headend disabled it) came up, 1 when a step
failed, 2 for usage errors. With --gateway all: 1 when any gateway failed. With --failover: 1 only
when no gateway came up (a DTLS failure on the one it stays on is reported as a finding).

Several gateways: a CUCM VPN group has up to three gateways, written as url1..url3 of <vpnGroup>,
and one certHash list for all of them; the phone checks each gateway's certificate against that
list. It tries url1 first, url2 only when url1's login failed (DNS, TCP, TLS, certificate hash,
host ID, login refused), url3 after url2, and stays on the first whose tunnel comes up, even with
DTLS failing (voice then runs over TLS). --failover does the same and says which came up and what
failed before; --gateway all probes each one as if it were the only one. The auto network detect
ping is done once, before url1. --log writes every attempt, each from its own do_login: URL ->.

Examples:
  vpnphone probe --config SEP001122334455.cnf.xml --cert phone.pem --key phone.key --ping 10.0.0.1
  vpnphone probe --tftp 10.1.1.10 --mac 001122334455 --cert phone.pem --key phone.key
  vpnphone probe --url https://vpn.example.com/svc --cert-hash 'q1w2...=' --model 7962 --json
  vpnphone probe --config SEP001122334455.cnf.xml --cert phone.pem --key phone.key --format html -o probe.html
  vpnphone probe --config SEP001122334455.cnf.xml --cert phone.pem --key phone.key --gateway all
  vpnphone probe --tftp 10.1.1.10 --mac 001122334455 --cert phone.pem --key phone.key --failover --log phone.log
  vpnphone probe --config SEP001122334455.cnf.xml -u alice --password -     # asks, no echo
  pass show vpn/alice | vpnphone probe --config SEP001122334455.cnf.xml -u alice --password -

The model emulated comes from the configuration (<modelName>, else the <loadInformation> load: a
7975's configuration is probed with the 7975's TLS 1.0 offer, not an 8861's); --model overrides.
The report says which model it emulated and why.`,
    )
    .action(async (o: ProbeOpts) => {
      exit(await (await import('../run/probe.js')).probeAction(o));
    });
}
