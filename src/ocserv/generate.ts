// Writes ocserv.conf (ocserv >= 1.2, tested with 1.3.0) for a deployment's VPN phones.
import { posix } from 'node:path';
import { phoneCaTrustpointsFor } from '../asa/generate.js';
import { primaryHeadend } from '../model/headends.js';
import { intToIpv4, ipv4ToInt } from '../model/ipv4.js';
import type { LoadedDeployment } from '../model/load.js';
import type { Deployment, Headend } from '../model/schema.js';
import { toPem } from '../pki/cert.js';

/**
 * RSA key exchange with AES-256-CBC and HMAC-SHA1 only, any TLS version: what every phone model offers,
 * and the same suite is then the only one left for DTLS, so TLS and DTLS ciphers always match
 * (ocserv's doc/README-cisco-svc.md; PROTOCOL.md §4 and §6).
 */
export const OCSERV_PHONE_SAFE_PRIORITIES =
  'NONE:%SERVER_PRECEDENCE:%COMPAT:+VERS-TLS-ALL:+SIGN-ALL:+COMP-ALL:+RSA:+SHA1:+AES-256-CBC';

/** Defaults of the deployment's `headend.ocserv` block, used when the block is absent. */
const DEFAULTS = {
  tcpPort: 443,
  udpPort: 443,
  device: 'vpns',
  runDir: '/var/run/ocserv',
  keepalive: 32400,
  dpd: 90,
} as const;

export interface OcservOptions {
  /** Directory ocserv reads certificates and keys from: every file path becomes `DIR/<basename>`. */
  certDir?: string;
  /** Overrides `listen-host` (default: the address of the headend's outside interface). */
  listenHost?: string;
  /** Overrides `tcp-port` (default: headend.ocserv.tcpPort, 443). */
  tcpPort?: number;
  /** Overrides `udp-port` (default: headend.ocserv.udpPort, 443); ignored when the group policy has `dtls: false`. */
  udpPort?: number;
  /** Directory of `socket-file` and `occtl-socket-file` (default: headend.ocserv.runDir, /var/run/ocserv). */
  runDir?: string;
  /** Overrides `device` (the tun device name prefix; default: headend.ocserv.device, vpns). */
  device?: string;
  /** Path written as `ca-cert` (default: derived from the deployment, placed under certDir). */
  caCert?: string;
  /** Password file for `authentication: aaa` (default: /etc/ocserv/ocpasswd, made with `ocpasswd`). */
  passwdFile?: string;
}

/** Name of the CA bundle ca-cert points at when the phones' certificates come from several CA files. */
export const CA_BUNDLE_NAME = 'phone-ca-bundle.pem';

/** The CA certificate files (as named in the deployment) that signed the phones' certificates. */
export function phoneCaFiles(d: Deployment, h: Headend = primaryHeadend(d)): string[] {
  if (h.tunnelGroup.authentication !== 'certificate') return [];
  if (h.ocserv?.caCert) return [h.ocserv.caCert];
  const files: string[] = [];
  for (const t of phoneCaTrustpointsFor(d, h)) {
    if (t.certificate && !files.includes(t.certificate)) files.push(t.certificate);
  }
  return files;
}

/**
 * PEM text of every CA certificate phones' certificates may chain to (the content of `ca-cert` when
 * several files are involved), or undefined when the deployment names no CA file.
 */
export function phoneCaBundle(
  loaded: LoadedDeployment,
  h: Headend = primaryHeadend(loaded.deployment),
): string | undefined {
  const files = phoneCaFiles(loaded.deployment, h);
  const pems: string[] = [];
  for (const f of files) for (const c of loaded.certs.get(f) ?? []) pems.push(toPem(c.der));
  return pems.length > 0 ? pems.join('') : undefined;
}

export function generateOcservConf(
  loaded: LoadedDeployment,
  opts: OcservOptions = {},
  h: Headend = primaryHeadend(loaded.deployment),
): string {
  const d = loaded.deployment;
  const tg = h.tunnelGroup;
  const oc = h.ocserv;
  const place = (file: string) => (opts.certDir ? posix.join(opts.certDir, posix.basename(file)) : file);
  const relativeNote = (file: string) =>
    !opts.certDir && !posix.isAbsolute(file)
      ? ["# (relative paths are relative to ocserv's working directory: prefer absolute ones, or --cert-dir)"]
      : [];
  const out: string[] = [];
  const blank = () => out.push('');

  out.push(`# vpnphone: ocserv configuration for VPN phones${d.name ? ` (${d.name})` : ''}`);
  out.push(
    '# Needs ocserv >= 1.2 (phones log in at /svc only with cisco-svc-client-compat); tested with 1.3.0.',
  );
  out.push('# The phones reach it through these CUCM VPN gateway URLs (each must end in /svc):');
  // In the one-`headend:` form a gateway of no described headend may well lead here too (ocserv ignores the host).
  const mine = d.cucm.vpnGateways.filter((g) => g.headend === h.name || g.headend === undefined);
  for (const g of mine) out.push(`#   ${g.name}: ${g.url}`);
  blank();

  out.push('# --- Authentication');
  if (tg.authentication === 'certificate') {
    out.push('auth = "certificate"');
    out.push("# The session user is the certificate's CN, CP-<model>-SEP<MAC>, as the ASA would show it.");
    out.push('cert-user-oid = 2.5.4.3');
    const files = phoneCaFiles(d, h);
    const trust = phoneCaTrustpointsFor(d, h);
    let ca: string;
    if (opts.caCert) {
      ca = opts.caCert;
      out.push("# CA(s) that signed the phones' certificates.");
    } else if (files.length === 1) {
      ca = place(files[0]!);
      out.push(`# CA that signed the phones' certificates (${files[0]}).`);
    } else if (files.length > 1) {
      ca = place(CA_BUNDLE_NAME);
      out.push("# CAs that signed the phones' certificates, concatenated into one PEM file:");
      for (const f of files) out.push(`#   ${f}`);
    } else {
      ca = place('phone-ca.pem');
      out.push("# Put the CA certificates that signed the phones' certificates in this file (PEM):");
      for (const t of trust) out.push(`#   ${t.name}: ${t.why}`);
      if (trust.length === 0)
        out.push('#   the MIC chain of the phone models, or the CAPF certificate for LSC phones');
    }
    out.push(...relativeNote(ca));
    out.push(`ca-cert = ${ca}`);
  } else {
    const passwd = opts.passwdFile ?? '/etc/ocserv/ocpasswd';
    out.push(
      '# Phones send username and password (POST /svc); create each user with `ocpasswd -c FILE USER`.',
    );
    out.push(`auth = "plain[passwd=${passwd}]"`);
  }
  blank();

  out.push('# --- Identity: CUCM puts the SHA-1 hash of this certificate into the phones (certHash);');
  out.push('# replacing it before CUCM has the new one locks the phones out.');
  // The loader refuses an ocserv identity without a certificate file (ocserv cannot enroll).
  const cert = h.identity.certificate ?? 'server-cert.pem';
  out.push(...relativeNote(cert));
  out.push(`server-cert = ${place(cert)}`);
  const key = h.identity.key ?? 'server-key.pem';
  out.push(`server-key = ${place(key)}`);
  blank();

  out.push('# --- Where phones connect');
  const outside = h.interfaces.find((i) => i.name === h.outside);
  const listen = opts.listenHost ?? outside?.address;
  if (listen) out.push(`listen-host = ${listen}`);
  out.push(`tcp-port = ${opts.tcpPort ?? oc?.tcpPort ?? DEFAULTS.tcpPort}`);
  const gp = h.groupPolicies.find((g) => g.name === tg.groupPolicy);
  if (gp && !gp.dtls) {
    out.push(`# DTLS off (group policy ${gp.name} has dtls: false, the ASA's "anyconnect ssl dtls none"):`);
    out.push('# without udp-port ocserv does not listen on UDP and offers no DTLS, so phones stay on TLS.');
    out.push('# (ocserv 1.3 accepts this with cisco-svc-client-compat; no-udp only exists per user/group.)');
  } else {
    out.push('# Phones use DTLS on UDP 443 only, whatever the TCP port is.');
    out.push(`udp-port = ${opts.udpPort ?? oc?.udpPort ?? DEFAULTS.udpPort}`);
  }
  blank();

  out.push('# --- Phone compatibility');
  out.push('# Cisco clients: no client certificate required in the handshake (password logins), and a');
  out.push('# login may finish in a later TLS connection than the one it started in.');
  out.push('cisco-client-compat = true');
  out.push('# Serves the phone login at /svc (GET then POST /svc) and implies dtls-legacy.');
  out.push('cisco-svc-client-compat = true');
  out.push('# Phones speak only the pre-standard Cisco DTLS ("DTLS 0.9" resumed from X-DTLS-Master-Secret).');
  out.push('dtls-legacy = true');
  if (h.ciphers === 'phone-safe') {
    out.push(
      '# Phone-safe ciphers: RSA key exchange, AES-256-CBC, SHA-1, any TLS version. No elliptic-curve',
    );
    out.push('# suites, and TLS and DTLS end up with the same cipher (a mismatch makes the phone log');
    out.push('# "old session cipher not returned" and give up DTLS).');
    out.push(`tls-priorities = "${OCSERV_PHONE_SAFE_PRIORITIES}"`);
  } else {
    out.push("# ciphers: default: no tls-priorities, cisco-svc-client-compat chooses the phones' ciphers.");
  }
  blank();

  out.push('# --- Addresses for the phones');
  const pool = h.pools.find((p) => p.name === tg.addressPool);
  if (pool) {
    const network = intToIpv4(ipv4ToInt(pool.first) & ipv4ToInt(pool.mask));
    out.push(
      `# Pool ${pool.name} (${pool.first}-${pool.last}): ocserv leases from the whole network and keeps`,
    );
    out.push('# one address of it for its own end of the tunnels.');
    out.push(`ipv4-network = ${network}`);
    out.push(`ipv4-netmask = ${pool.mask}`);
  }
  const dns = oc?.dns ?? [];
  for (const s of dns) out.push(`dns = ${s}`);
  if (dns.length === 0)
    out.push('# No dns lines: phones keep the DNS servers they had (headend.ocserv.dns adds some).');
  out.push('# No route lines: all traffic goes through the tunnel (split-tunnel-policy tunnelall).');
  blank();

  out.push('# --- Keeping tunnels up');
  out.push(`keepalive = ${oc?.keepalive ?? DEFAULTS.keepalive}`);
  out.push(`dpd = ${oc?.dpd ?? DEFAULTS.dpd}`);
  out.push("# No DTLS MTU probing: the phone's MTU comes from the CUCM VPN profile (as in PROTOCOL.md §6).");
  out.push('try-mtu-discovery = false');
  blank();

  out.push('# --- Server process');
  const runDir = opts.runDir ?? oc?.runDir ?? DEFAULTS.runDir;
  out.push(`socket-file = ${posix.join(runDir, 'ocserv-socket')}`);
  out.push(`occtl-socket-file = ${posix.join(runDir, 'occtl.socket')}`);
  out.push('# occtl show users / show user CP-... lists the phones and their TLS and DTLS ciphers.');
  out.push('use-occtl = true');
  out.push('isolate-workers = false');
  out.push(`device = ${opts.device ?? oc?.device ?? DEFAULTS.device}`);
  return `${out.join('\n')}\n`;
}
