// The probe: each step a VPN phone takes, timed, turned into step results, findings and a phone log.
import { randomBytes } from 'node:crypto';
import { promises as dnsp } from 'node:dns';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { isEcCipher } from '../asa/ciphers.js';
import type { PhoneModel } from '../model/catalogue.js';
import { type CertInfo, certInfoFromDer, hostMatchesCertificate } from '../pki/cert.js';
import { type Evidence, type Finding, finding } from '../report/finding.js';
import { alertName, DTLS09_SUITES, Dtls09Error } from './dtls09.js';
import { buildRequest, header, parseResponseHead, parseTunnelHeaders, type TunnelParams } from './http.js';
import { buildEchoRequest, parseEchoReply } from './icmp.js';
import { type HttpExchange, LoginRefused, login, userAgentFor } from './login.js';
import {
  errText,
  InterruptedError,
  systemPing,
  type TrialOptions,
  trialHandshake,
  withTimeout,
} from './net.js';
import { PhoneLog } from './phone-log.js';
import { StepTimeoutError, StreamReader } from './stream.js';
import { Tunnel } from './tunnel.js';

export const STEP_NAMES = [
  'tftp',
  'config',
  'auto-detect',
  'dns',
  'tcp',
  'tls',
  'cert-hash',
  'host-id',
  'login',
  'tunnel',
  'dtls',
  'keepalive',
  'ping',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface StepResult {
  step: StepName;
  status: 'passed' | 'failed' | 'skipped';
  /** Wall time of the step in milliseconds (absent when skipped). */
  ms?: number;
  detail: string;
}

export interface HeadendCertificateFacts {
  subject: string;
  subjectCN: string | undefined;
  issuer: string;
  sanDns: string[];
  sanIp: string[];
  certHash: string;
  sha1Hex: string;
  notAfter: string;
  keyType: string;
  keySize: number | undefined;
  selfSigned: boolean;
}

export interface ProbeFacts {
  url?: string;
  host?: string;
  port?: number;
  address?: string;
  tls?: { version: string; cipher: string; offered: string[] };
  headendCertificate?: HeadendCertificateFacts;
  /** The certHash to add to CUCM when the headend's certificate is not trusted. */
  newCertHash?: string;
  tunnel?: Pick<TunnelParams, 'address' | 'netmask' | 'dns' | 'mtu' | 'dpd' | 'keepalive'>;
  dtls?: { cipher: string | undefined; port: number | undefined; up: boolean };
  dpd?: { tlsRttMs?: number; dtlsRttMs?: number; serverRequestsAnswered: { tls: number; dtls: number } };
  ping?: { target: string; rttMs: number; channel: string; ipv6Ignored: number };
  /** Milliseconds from the start of DNS (or TCP) until DTLS was up (or the tunnel, when DTLS is off). */
  connectMs?: number;
}

export interface ProbeResult {
  steps: StepResult[];
  findings: Finding[];
  facts: ProbeFacts;
  /** True when the tunnel came up, and DTLS too unless the headend disabled it. */
  ok: boolean;
  log: string;
}

export interface ConfigSource {
  /** What the configuration came from, for the evidence (`SEP...cnf.xml`, `tftp://...`). */
  source: string;
  url: string;
  certHashes: string[];
  hostIdCheck: boolean;
  /** 0 user+password, 1 password only, 2 certificate. */
  authMethod: number | undefined;
  mtu: number | undefined;
  /** Results of the tftp/config steps done by the caller. */
  steps?: StepResult[];
  findings?: Finding[];
}

export interface ProbeOptions {
  config: ConfigSource;
  model: PhoneModel;
  /** Override the model's TLS cipher offer (OpenSSL names, in order). */
  tlsCiphers?: string[];
  /** Override the model's DTLS offer (e.g. to reproduce a phone that offers only AES128-SHA). */
  dtlsCiphers?: string[];
  certPem?: string;
  keyPem?: string;
  username?: string;
  password?: string;
  login?: 'svc' | 'aggregate';
  autoDetect?: string;
  pingTimeoutMs?: number;
  dnsServer?: string;
  dnsTimeoutMs?: number;
  stepTimeoutMs?: number;
  dtlsTimeoutMs?: number;
  pingTarget?: string;
  holdSeconds?: number;
  signal?: AbortSignal;
  /** Called with progress lines (for --hold). */
  progress?: (line: string) => void;
  /** Called as each step ends (live progress with --verbose; the benchmark times DTLS-up with it). */
  onStep?: (s: StepResult) => void;
}

class ProbeStop extends Error {}

/** The fix of asa-no-shared-cipher, for both ways the probe meets it (handshake failure, broad handshake). */
const NO_SHARED_CIPHER_FIX =
  'Allow a cipher the phone offers, e.g. AES256-SHA/AES128-SHA (ASA: `ssl cipher tlsv1 custom "AES256-SHA:AES128-SHA"`; ocserv: +RSA:+SHA1:+AES-256-CBC:+AES-128-CBC in tls-priorities).';

function certFacts(c: CertInfo): HeadendCertificateFacts {
  return {
    subject: c.subject,
    subjectCN: c.subjectCN,
    issuer: c.issuer,
    sanDns: c.sanDns,
    sanIp: c.sanIp,
    certHash: c.certHash,
    sha1Hex: c.sha1Hex,
    notAfter: c.notAfter.toISOString(),
    keyType: c.keyType,
    keySize: c.keySize,
    selfSigned: c.selfSigned,
  };
}

function parseUrl(url: string): { host: string; port: number; path: string } {
  const u = new URL(url);
  if (u.protocol !== 'https:') throw new Error(`not an https URL: ${url}`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : 443, path: u.pathname || '/' };
}

/** Runs the probe. Never throws for network problems: they become failed steps and findings. */
export async function runProbe(o: ProbeOptions): Promise<ProbeResult> {
  const steps: StepResult[] = [...(o.config.steps ?? [])];
  const findings: Finding[] = [...(o.config.findings ?? [])];
  const facts: ProbeFacts = { url: o.config.url };
  const log = new PhoneLog();
  const stepMs = o.stepTimeoutMs ?? 10_000;
  const ev = (text: string): Evidence => ({ source: 'probe', text });
  let tls: TLSSocket | undefined;
  let tcp: Socket | undefined;
  let tunnel: Tunnel | undefined;
  let ok = false;
  let connectStart = 0;

  const push = (s: StepResult): void => {
    steps.push(s);
    o.onStep?.(s);
  };
  const done = (step: StepName, t0: number, detail: string): void => {
    push({ step, status: 'passed', ms: Math.round(performance.now() - t0), detail });
  };
  const skip = (step: StepName, detail: string): void => {
    push({ step, status: 'skipped', detail });
  };
  const fail = (step: StepName, t0: number, detail: string, f?: Finding): never => {
    push({ step, status: 'failed', ms: Math.round(performance.now() - t0), detail });
    findings.push(
      f ??
        finding('probe-step-failed', {
          message: `The probe's ${step} step failed: ${detail}`,
          evidence: [ev(`${step}: ${detail}`)],
        }),
    );
    throw new ProbeStop(detail);
  };
  const aborted = () => o.signal?.aborted === true;
  const checkAbort = (step: StepName, t0: number) => {
    if (aborted()) fail(step, t0, 'interrupted (SIGINT)');
  };

  const loginFailedLog = () => {
    log.vpnc('NOT', 'set_login_state', 'LOGIN: 1 (TRYING) --> 3 (FAILED)');
    log.vpnc('NOT', 'set_login_state', 'VPNC : 1 (LoggingIn) --> 3 (LoginFailed)');
    log.vpnc('NOT', 'vpnc_send_notify', 'notify type: 1 [LoginFailed]');
  };

  try {
    let url: { host: string; port: number; path: string };
    try {
      url = parseUrl(o.config.url);
    } catch (e) {
      return fail('config', performance.now(), errText(e));
    }
    facts.host = url.host;
    facts.port = url.port;

    // auto-detect: the phone pings its TFTP server; an answer keeps the VPN off.
    if (o.autoDetect) {
      const t0 = performance.now();
      const answered = await systemPing(o.autoDetect, o.pingTimeoutMs ?? 3000).catch((e) =>
        fail('auto-detect', t0, errText(e)),
      );
      if (answered) {
        log.java('NOT', 'vpnAutoDetect', `ping response from ${o.autoDetect}, vpn not enabled`);
        fail(
          'auto-detect',
          t0,
          `${o.autoDetect} answered the ping: the phone would think it is inside and keep the VPN off`,
          finding('vpn-not-started-tftp-reachable', {
            message: `Auto network detect: the TFTP address ${o.autoDetect} answered a ping, so a phone here would not start the VPN.`,
            evidence: [ev(`ping ${o.autoDetect}: answered`)],
          }),
        );
      }
      log.java('NOT', 'vpnAutoDetect', 'ping time out');
      log.java(
        'DEB',
        'configmgr',
        'MQThread|cip.vpn.VpnStateHandler:? - VpnStateHandler: handleVPN_ENABLED_STATE()',
      );
      done('auto-detect', t0, `${o.autoDetect} did not answer the ping: VPN enabled`);
      findings.push(
        finding('vpn-auto-started', {
          message: `Auto network detect: ${o.autoDetect} did not answer, so the phone enables the VPN (normal outside).`,
          evidence: [ev(`ping ${o.autoDetect}: time out`)],
        }),
      );
    } else skip('auto-detect', 'no --auto-detect address given');

    log.vpnc('NOT', 'do_login', `URL -> ${o.config.url}`);

    // dns
    let address = url.host;
    connectStart = performance.now();
    if (isIP(url.host)) skip('dns', `${url.host} is an IP address`);
    else {
      const t0 = performance.now();
      const dnsMs = o.dnsTimeoutMs ?? 30_000;
      try {
        if (o.dnsServer) {
          const r = new dnsp.Resolver({ timeout: dnsMs, tries: 1 });
          r.setServers([o.dnsServer]);
          const addrs = await withTimeout(
            r.resolve4(url.host),
            dnsMs + 500,
            `DNS lookup of ${url.host}`,
            () => r.cancel(),
            o.signal,
          );
          address = addrs[0] ?? '';
          if (!address) throw new Error('no A record');
        } else {
          const a = await withTimeout(
            dnsp.lookup(url.host, { family: 4 }),
            dnsMs,
            `DNS lookup of ${url.host}`,
            undefined,
            o.signal,
          );
          address = a.address;
        }
      } catch (e) {
        if (e instanceof InterruptedError) fail('dns', t0, e.message);
        log.vpnc('ERR', 'parse_url', `gethostbyname failed <${url.host}>`);
        log.vpnc('NOT', 'vpnc_set_notify_netsd ', 'cmd: 0x5 event: 0x40000 status: 0x0 error: 0x0');
        log.vpnc('ERR', 'do_login', `parse URL failed -> ${o.config.url}`);
        log.vpnc('NOT', 'vpn_stop', 'de-activating vpn');
        loginFailedLog();
        log.vpnc('NOT', 'vpnc_send_notify', 'notify code: 32 [DnsLookupErr]');
        log.vpnc('NOT', 'vpnc_send_notify', 'notify desc: [url hostname lookup err]');
        fail(
          'dns',
          t0,
          `${url.host}: ${errText(e)}`,
          finding('dns-lookup-failed', {
            message: `The VPN URL host ${url.host} does not resolve${o.dnsServer ? ` with DNS server ${o.dnsServer}` : ''}: ${errText(e)}. A phone here logs DnsLookupErr and never starts the VPN.`,
            evidence: [ev(`gethostbyname failed <${url.host}>`)],
          }),
        );
      }
      done('dns', t0, `${url.host} -> ${address}`);
    }
    facts.address = address;

    // tcp
    {
      const t0 = performance.now();
      checkAbort('tcp', t0);
      try {
        tcp = await withTimeout(
          new Promise<Socket>((resolve, reject) => {
            const s = tcpConnect({ host: address, port: url.port });
            tcp = s;
            s.once('connect', () => resolve(s));
            s.once('error', reject);
          }),
          stepMs,
          `TCP connect to ${address}:${url.port}`,
          () => tcp?.destroy(),
          o.signal,
        );
      } catch (e) {
        tcp?.destroy();
        loginFailedLog();
        fail('tcp', t0, `${address}:${url.port}: ${errText(e)}`);
      }
      done('tcp', t0, `connected to ${address}:${url.port}`);
    }

    // tls
    const offered = o.tlsCiphers ?? [...o.model.tlsCiphers.value];
    const versions = o.model.tlsVersions.value;
    let cert: CertInfo;
    let tlsCipher: string;
    let tlsReader: StreamReader | undefined;
    {
      const t0 = performance.now();
      log.vpnc('NOT', 'protocol_handler', `current cipher -> ${offered.join(':')}`);
      const sock = tcp!;
      try {
        tls = await withTimeout(
          new Promise<TLSSocket>((resolve, reject) => {
            const s = tlsConnect({
              socket: sock,
              ...(isIP(url.host) ? {} : { servername: url.host }),
              // Old phones: TLS 1.0 and SHA-1; OpenSSL 3 needs security level 0 to speak like them.
              ciphers: `${offered.join(':')}:@SECLEVEL=0`,
              minVersion: versions[0] ?? 'TLSv1',
              maxVersion: versions[versions.length - 1] ?? 'TLSv1.2',
              rejectUnauthorized: false,
              ...(o.certPem && o.keyPem ? { cert: o.certPem, key: o.keyPem } : {}),
            });
            tls = s;
            s.once('secureConnect', () => resolve(s));
            s.once('error', reject);
          }),
          stepMs,
          'TLS handshake',
          () => tls?.destroy(),
          o.signal,
        );
        tlsReader = new StreamReader(tls);
      } catch (e) {
        if (e instanceof InterruptedError) fail('tls', t0, e.message);
        const code = (e as NodeJS.ErrnoException).code ?? '';
        const msg = errText(e);
        log.vpnc('ERR', 'protocol_handler', `SSL_connect: handshake failed: ${msg}`);
        loginFailedLog();
        if (/HANDSHAKE_FAILURE|INSUFFICIENT_SECURITY|NO_SHARED_CIPHER|NO_CIPHERS/i.test(code + msg)) {
          fail(
            'tls',
            t0,
            `the headend refused the handshake: ${msg}`,
            finding('asa-no-shared-cipher', {
              message: `The headend shares no cipher with a ${o.model.model}: it offered ${offered.join(':')} (${versions.join(', ')}) and the headend answered with a handshake failure (${msg}).`,
              evidence: [ev(`tls: offered ${offered.join(':')}: ${msg}`)],
              fix: NO_SHARED_CIPHER_FIX,
            }),
          );
        }
        if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/i.test(code + msg)) {
          fail(
            'tls',
            t0,
            msg,
            finding('tls-version-unsupported', {
              message: `The headend accepts no TLS version a ${o.model.model} speaks (${versions.join(', ')}): ${msg}`,
              evidence: [ev(`tls: ${msg}`)],
            }),
          );
        }
        if (
          /UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|ACCESS_DENIED/i.test(
            code + msg,
          )
        ) {
          const id = o.certPem ? 'asa-client-cert-invalid' : 'asa-no-client-cert';
          fail(
            'tls',
            t0,
            `the headend rejected the phone's certificate: ${msg}`,
            finding(id, {
              message: o.certPem
                ? `The headend does not trust the phone's certificate (TLS alert: ${msg}). It needs the CA that issued it (MIC chain or CAPF).`
                : `The headend wants a client certificate and the probe sent none (${msg}); give --cert/--key.`,
              evidence: [ev(`tls: ${msg}`)],
            }),
          );
        }
        // The headend just closed or reset: find out why with throw-away handshakes.
        if (!(e instanceof StepTimeoutError) && !(e instanceof InterruptedError)) {
          const trial = (x: Partial<TrialOptions>) =>
            trialHandshake({
              address,
              port: url.port,
              servername: isIP(url.host) ? undefined : url.host,
              ciphers: `${offered.join(':')}:@SECLEVEL=0`,
              minVersion: versions[0] ?? 'TLSv1',
              maxVersion: versions[versions.length - 1] ?? 'TLSv1.2',
              ms: stepMs,
              ...x,
            }).then(
              (r) => r,
              () => undefined,
            );
          if (o.certPem && o.keyPem && (await trial({}))) {
            fail(
              'tls',
              t0,
              `the headend ended the handshake after it received the phone's certificate (${msg}); without the certificate the handshake succeeds`,
              finding('asa-client-cert-invalid', {
                message: `The headend does not trust the phone's certificate: it ended the TLS handshake after receiving it (${msg}), and the same handshake without a certificate succeeds. Give the headend the CA that issued the phone's certificate (MIC chain or CAPF).`,
                evidence: [ev(`tls with certificate: ${msg}`), ev('tls without certificate: succeeded')],
              }),
            );
          }
          const broad = await trial({
            ciphers: 'ALL:@SECLEVEL=0',
            minVersion: 'TLSv1',
            maxVersion: 'TLSv1.3',
          });
          if (broad && !versions.includes(broad.version as (typeof versions)[number])) {
            fail(
              'tls',
              t0,
              `the headend only accepts ${broad.version}; a ${o.model.model} speaks ${versions.join(', ')}`,
              finding('tls-version-unsupported', {
                message: `The headend refused the phone's TLS versions (${versions.join(', ')}) and accepted ${broad.version} from a broader client.`,
                evidence: [ev(`tls: ${msg}`), ev(`broad handshake: ${broad.version} ${broad.cipher}`)],
              }),
            );
          }
          if (broad) {
            fail(
              'tls',
              t0,
              `the headend refused every cipher the phone offers (${msg}); it would use ${broad.cipher}`,
              finding('asa-no-shared-cipher', {
                message: `The headend shares no cipher with a ${o.model.model}: the phone offered ${offered.join(':')} (${versions.join(', ')}) and the headend ended the handshake (${msg}), while a client offering every cipher gets ${broad.version} ${broad.cipher}.`,
                evidence: [
                  ev(`tls: offered ${offered.join(':')}: ${msg}`),
                  ev(`broad handshake: ${broad.version} ${broad.cipher}`),
                ],
                fix: NO_SHARED_CIPHER_FIX,
              }),
            );
          }
        }
        fail('tls', t0, msg);
      }
      tls = tls!;
      const c = tls.getCipher();
      tlsCipher = c.name;
      const from = offered.indexOf(tlsCipher);
      log.vpnc(
        'NOT',
        'protocol_handler',
        `new cipher -> ${from >= 0 ? offered.slice(from).join(':') : tlsCipher}`,
      );
      const peer = tls.getPeerCertificate(true);
      if (!peer?.raw) fail('tls', t0, 'the headend presented no certificate');
      cert = certInfoFromDer(new Uint8Array(peer.raw));
      facts.tls = { version: tls.getProtocol() ?? 'unknown', cipher: tlsCipher, offered };
      facts.headendCertificate = certFacts(cert);
      done('tls', t0, `${facts.tls.version} ${tlsCipher}; certificate ${cert.subject} (${cert.keyType})`);
    }
    const reader = tlsReader!;

    // cert-hash
    {
      const t0 = performance.now();
      const hashes = o.config.certHashes;
      if (hashes.length === 0) {
        skip(
          'cert-hash',
          `no certHash to compare; the headend's is ${cert.certHash} (SHA-1 ${cert.sha1Hex})`,
        );
      } else if (hashes.includes(cert.certHash)) {
        done('cert-hash', t0, `${cert.certHash} is certHash${hashes.indexOf(cert.certHash) + 1}`);
      } else {
        facts.newCertHash = cert.certHash;
        log.vpnc('ERR', 'verify_cert', `certificate hash not found in configuration: ${cert.certHash}`);
        loginFailedLog();
        const ecSelfSigned = isEcCipher(tlsCipher) && cert.keyType === 'EC' && cert.selfSigned;
        if (ecSelfSigned) {
          fail(
            'cert-hash',
            t0,
            `the headend chose ${tlsCipher} and presented a self-signed EC certificate (${cert.subject}) the phone does not trust`,
            finding('ec-cipher-selected', {
              message: `The headend chose the elliptic-curve cipher ${tlsCipher} and presented a self-signed EC certificate (${cert.subject}, hash ${cert.certHash}) that is not in the phone configuration (CSCuu02848).`,
              evidence: [ev(`new cipher -> ${tlsCipher}`), ev(`certificate ${cert.subject} EC self-signed`)],
            }),
          );
        }
        fail(
          'cert-hash',
          t0,
          `the headend's certificate hash ${cert.certHash} is not among the ${hashes.length} certHash values`,
          finding('gateway-cert-not-trusted', {
            message: `The headend presented ${cert.subject} (SHA-1 ${cert.sha1Hex}, expires ${cert.notAfter.toISOString().slice(0, 10)}), whose hash ${cert.certHash} is in no certHashN of ${o.config.source}. Add this hash to CUCM: upload the certificate as Phone-VPN-trust and add it to the VPN gateway (new certHash: ${cert.certHash}).`,
            evidence: [
              ev(`headend certHash ${cert.certHash}`),
              ...hashes.map((h, i) => ({ source: o.config.source, text: `certHash${i + 1} ${h}` })),
            ],
          }),
        );
      }
    }

    // host-id
    {
      const t0 = performance.now();
      if (!o.config.hostIdCheck) skip('host-id', 'host ID check is off in the configuration');
      else if (hostMatchesCertificate(url.host, cert)) {
        done('host-id', t0, `${url.host} matches the certificate`);
      } else {
        const names = [cert.subjectCN, ...cert.sanDns, ...cert.sanIp].filter(Boolean).join(', ');
        log.vpnc('ERR', 'verify_cert', `host id check failed: ${url.host}`);
        loginFailedLog();
        fail(
          'host-id',
          t0,
          `${url.host} is not in the certificate (${names})`,
          finding('host-id-check-mismatch', {
            message: `Host ID check is on and the URL host ${url.host} matches neither the CN nor a SAN entry of the headend certificate (${names}).`,
            evidence: [ev(`URL host ${url.host}`), ev(`certificate names: ${names}`)],
          }),
        );
      }
    }

    // login
    const style = o.login ?? 'svc';
    let cookie: string;
    const certAuth = o.config.authMethod === 2 || (o.config.authMethod === undefined && !o.username);
    {
      const t0 = performance.now();
      const http: HttpExchange = async (method, path, headers, body) => {
        if (tls!.destroyed) throw new Error('the TLS connection closed');
        tls!.write(buildRequest(method, path, headers, body));
        const head = parseResponseHead(await reader.readHead(stepMs, `answer to ${method} ${path}`));
        const len = Number(header(head, 'Content-Length') ?? '0');
        const bodyBuf = len > 0 ? await reader.readExact(len, stepMs) : Buffer.alloc(0);
        return { head, body: bodyBuf.toString('utf8') };
      };
      try {
        cookie = await login(http, {
          style,
          host: url.host,
          path: url.path,
          url: o.config.url,
          certAuth,
          username: o.username,
          password: o.password,
        });
      } catch (e) {
        loginFailedLog();
        const refused = e instanceof LoginRefused ? e : undefined;
        const detail = refused?.detail ?? errText(e);
        const status = refused?.status;
        const why = certAuth
          ? o.certPem
            ? `the headend did not accept the phone's certificate (it does not trust its issuer, or the user it names is not allowed)`
            : 'the headend wants certificate authentication and the probe sent no certificate (--cert/--key)'
          : 'the headend rejected the username/password';
        fail(
          'login',
          t0,
          `${detail}: ${why}`,
          finding('login-failed', {
            message: `The VPN login failed${status ? ` with HTTP ${status}` : ''}: ${why}.`,
            evidence: [ev(`login: ${detail}`)],
            fix: certAuth
              ? "Give the headend the CA of the phones' certificates (ASA: trustpoints for the MIC chain or CAPF; ocserv: ca-cert) and check the user the certificate maps to."
              : 'Check the username and password and the headend authentication server.',
          }),
        );
      }
      log.vpnc('NOT', 'set_login_state', 'LOGIN: 1 (TRYING) --> 2 (SUCCESS)');
      done(
        'login',
        t0,
        `${style} login, ${certAuth ? 'certificate' : 'password'} auth: webvpn cookie received`,
      );
    }

    // tunnel
    const master = randomBytes(48);
    const dtlsOffer = o.dtlsCiphers ?? [...o.model.dtlsCiphers.value];
    let params: TunnelParams;
    {
      const t0 = performance.now();
      checkAbort('tunnel', t0);
      try {
        if (reader.closedWith || tls.destroyed) {
          // The headend closed after the login: a new connection carries the CONNECT, as openconnect does.
          throw new Error('the headend closed the connection after the login');
        }
        const mtu = o.config.mtu ?? 1290;
        tls.write(
          buildRequest('CONNECT', '/CSCOSSLC/tunnel', [
            ['Host', url.host],
            ['User-Agent', userAgentFor(style)],
            ['Cookie', `webvpn=${cookie!}`],
            ['X-CSTP-Version', '1'],
            ['X-CSTP-Hostname', 'vpnphone-probe'],
            ['X-CSTP-Base-MTU', String(mtu)],
            ['X-CSTP-Address-Type', 'IPv4'],
            ['X-CSTP-MTU', String(mtu)],
            ['X-DTLS-Master-Secret', master.toString('hex').toUpperCase()],
            ['X-DTLS-CipherSuite', dtlsOffer.join(':')],
          ]),
        );
        const head = parseResponseHead(await reader.readHead(stepMs, 'answer to CONNECT'));
        if (head.status !== 200) {
          const len = Number(header(head, 'Content-Length') ?? '0');
          if (len > 0) await reader.readExact(len, stepMs).catch(() => undefined);
          throw new Error(`CONNECT /CSCOSSLC/tunnel -> ${head.status} ${head.reason}`);
        }
        params = parseTunnelHeaders(head);
      } catch (e) {
        if (e instanceof ProbeStop) throw e;
        fail('tunnel', t0, errText(e));
      }
      params = params!;
      facts.tunnel = {
        address: params.address,
        netmask: params.netmask,
        dns: params.dns,
        mtu: params.mtu,
        dpd: params.dpd,
        keepalive: params.keepalive,
      };
      tunnel = new Tunnel(tls, reader);
      if (params.dtlsCipher) log.vpnc('NOT', 'process_connect', `x-dtls-ciphersuite: ${params.dtlsCipher}`);
      done(
        'tunnel',
        t0,
        `address ${params.address ?? '?'}/${params.netmask ?? '?'}, MTU ${params.mtu ?? '?'}`,
      );
    }

    // dtls
    let dtlsWanted = false;
    {
      const t0 = performance.now();
      facts.dtls = { cipher: params.dtlsCipher, port: params.dtlsPort, up: false };
      if (!params.dtlsPort || !params.dtlsSessionId || !params.dtlsCipher) {
        skip('dtls', 'the headend offered no DTLS (TLS only)');
        findings.push(
          finding('dtls-disabled', {
            message: 'The headend did not offer DTLS: all voice runs over TCP.',
            evidence: [ev('CONNECT answer has no X-DTLS-Port / X-DTLS-Session-ID')],
          }),
        );
      } else {
        dtlsWanted = true;
        const chosen = params.dtlsCipher;
        log.vpnc('NOT', 'create_dtls_connection', `cipher list: ${chosen}`);
        const dtlsFailLog = () => {
          log.vpnc('ERR', 'do_dtls_connect', 'create_dtls_connection failed');
          log.vpnc('ERR', 'protocol_handler', 'connect: do_dtls_connect failed');
          log.vpnc('WRN', 'protocol_handler', 'connect : err: SSL success DTLS fail');
        };
        const suite = DTLS09_SUITES[chosen];
        if (chosen !== tlsCipher) {
          // The phone keeps the TLS session's cipher for DTLS; a different answer makes it give up.
          log.vpnc(
            'WRN',
            'vpnc_control',
            `conn timer expired at:${Math.floor(Date.now() / 1000)}, to abort connect`,
          );
          log.vpnc('NOT', 'abort_connect', 'in dtls setup phase');
          dtlsFailLog();
          push({
            step: 'dtls',
            status: 'failed',
            ms: Math.round(performance.now() - t0),
            detail: `the headend chose ${chosen} for DTLS but the TLS session uses ${tlsCipher}; the phone aborts DTLS setup (tunnel stays on TLS)`,
          });
          findings.push(
            finding('dtls-tls-cipher-mismatch', {
              message: `TLS settled on ${tlsCipher}, the phone offered ${dtlsOffer.join(':')} for DTLS and the headend answered x-dtls-ciphersuite: ${chosen}. The phone needs the same cipher for TLS and DTLS, so DTLS fails and voice runs over TCP.`,
              evidence: [
                ev(`new cipher -> ${tlsCipher}`),
                ev(`x-dtls-ciphersuite: ${chosen}`),
                ev('abort_connect: in dtls setup phase'),
              ],
            }),
          );
        } else if (!suite) {
          dtlsFailLog();
          push({
            step: 'dtls',
            status: 'failed',
            ms: Math.round(performance.now() - t0),
            detail: `the headend chose ${chosen}, which legacy DTLS 0.9 cannot carry`,
          });
          findings.push(
            finding('dtls-failed-tls-ok', {
              message: `The headend chose ${chosen} for DTLS, which a phone's DTLS 0.9 cannot use: the tunnel runs over TCP only.`,
              evidence: [ev(`x-dtls-ciphersuite: ${chosen}`)],
            }),
          );
        } else {
          try {
            const sid = Buffer.from(params.dtlsSessionId, 'hex');
            await tunnel.startDtls(address, params.dtlsPort, master, sid, suite, o.dtlsTimeoutMs ?? stepMs);
            facts.dtls.up = true;
            log.vpnc('NOT', 'create_dtls_connection', `DTLSv0.9 connected, cipher ${chosen}`);
            done('dtls', t0, `DTLS 0.9 ${chosen} to ${address}:${params.dtlsPort}`);
          } catch (e) {
            const msg = errText(e);
            if (e instanceof Dtls09Error && e.sentAlert !== undefined) {
              log.vpnc('ERR', 'dtls_state_cb', `DTLSv0.9: write: alert: fatal:${alertName(e.sentAlert)}`);
              log.vpnc(
                'ERR',
                'alert_err',
                `DTLS write alert: code ${e.sentAlert}, ${alertName(e.sentAlert)}`,
              );
              log.vpnc('ERR', 'create_dtls_connection', 'SSL_connect ret -1, error 1');
              log.vpnc('ERR', 'DTLS', 'SSL_connect: SSL_ERROR_SSL (error 1)');
              log.vpnc(
                'ERR',
                'DTLS',
                /old session cipher/.test(e.message)
                  ? `SSL_connect: error:140920C5:SSL routines:${e.message}`
                  : `SSL_connect: ${e.message}`,
              );
            } else if (e instanceof Dtls09Error && e.receivedAlert) {
              log.vpnc(
                'ERR',
                'alert_err',
                `DTLS read alert: code ${e.receivedAlert.code}, ${alertName(e.receivedAlert.code)}`,
              );
            } else {
              log.vpnc('NOT', 'abort_connect', 'in dtls setup phase');
            }
            log.vpnc('ERR', 'create_dtls_connection', 'DTLS setup failure, cleanup');
            dtlsFailLog();
            push({
              step: 'dtls',
              status: 'failed',
              ms: Math.round(performance.now() - t0),
              detail: msg,
            });
            const oldCipher = /old session cipher/.test(msg);
            findings.push(
              oldCipher
                ? finding('dtls-old-session-cipher', {
                    message: `The DTLS ServerHello did not return the session's cipher ${chosen}: ${msg}`,
                    evidence: [ev(msg)],
                  })
                : finding('dtls-failed-tls-ok', {
                    message: `DTLS setup with ${chosen} to ${address}:${params.dtlsPort} failed (${msg}); the tunnel runs over TCP only.`,
                    evidence: [ev('connect : err: SSL success DTLS fail'), ev(msg)],
                  }),
            );
          }
        }
      }
      facts.connectMs = Math.round(performance.now() - connectStart);
    }

    // keepalive: DPD both ways on both channels
    {
      const t0 = performance.now();
      try {
        const tlsRtt = await tunnel.dpd('tls', stepMs);
        facts.dpd = {
          tlsRttMs: Math.round(tlsRtt * 10) / 10,
          serverRequestsAnswered: tunnel.counters.serverDpdAnswered,
        };
        if (tunnel.dtlsUp) {
          const dtlsRtt = await tunnel.dpd('dtls', stepMs);
          facts.dpd.dtlsRttMs = Math.round(dtlsRtt * 10) / 10;
        }
        tunnel.send(tunnel.dtlsUp ? 'dtls' : 'tls', 7);
      } catch (e) {
        fail('keepalive', t0, errText(e));
      }
      const d = facts.dpd!;
      done(
        'keepalive',
        t0,
        `DPD answered on TLS (${d.tlsRttMs} ms)${d.dtlsRttMs !== undefined ? ` and DTLS (${d.dtlsRttMs} ms)` : ''}`,
      );
    }

    // ping through the tunnel
    if (o.pingTarget) {
      const t0 = performance.now();
      const src = params.address;
      if (!src) fail('ping', t0, 'the headend assigned no IPv4 address');
      const id = (process.pid ^ 0x5650) & 0xffff;
      try {
        const pkt = buildEchoRequest({ src: src!, dst: o.pingTarget, id, seq: 1 });
        const reply = tunnel.waitPacket(
          (p) => {
            const r = parseEchoReply(p);
            return r && r.id === id && r.seq === 1 && r.src === o.pingTarget ? r : undefined;
          },
          stepMs,
          `ICMP echo reply from ${o.pingTarget}`,
        );
        const ch = tunnel.sendPacket(pkt);
        const r = await reply;
        const rtt = Math.round((performance.now() - t0) * 10) / 10;
        facts.ping = {
          target: o.pingTarget,
          rttMs: rtt,
          channel: ch,
          ipv6Ignored: tunnel.counters.ipv6Ignored,
        };
        done('ping', t0, `echo reply from ${r.src} over ${ch.toUpperCase()} in ${rtt} ms (ttl ${r.ttl})`);
      } catch (e) {
        fail('ping', t0, errText(e));
      }
    } else skip('ping', 'no --ping address given');

    ok = !dtlsWanted || tunnel.dtlsUp;

    // hold: keep the session up with keepalives until the time runs out or SIGINT
    if (o.holdSeconds && o.holdSeconds > 0) {
      const interval = Math.max(1, Math.min(params.keepalive ?? 20, params.dpd ?? 30, 30)) * 1000;
      const end = Date.now() + o.holdSeconds * 1000;
      o.progress?.(
        `holding the session for ${o.holdSeconds} s (keepalive every ${interval / 1000} s; Ctrl-C to stop)`,
      );
      while (Date.now() < end && !aborted() && !tunnel.closedReason) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(interval, end - Date.now()));
          o.signal?.addEventListener(
            'abort',
            () => {
              clearTimeout(t);
              resolve();
            },
            { once: true },
          );
        });
        if (aborted() || tunnel.closedReason || Date.now() >= end) break;
        try {
          const rtt = await tunnel.dpd(tunnel.dtlsUp ? 'dtls' : 'tls', stepMs);
          o.progress?.(`DPD answered in ${rtt.toFixed(1)} ms`);
        } catch (e) {
          steps.push({ step: 'keepalive', status: 'failed', detail: `during --hold: ${errText(e)}` });
          findings.push(
            finding('probe-step-failed', {
              message: `The session died during --hold: ${errText(e)}`,
              evidence: [ev(`keepalive: ${errText(e)}`)],
            }),
          );
          ok = false;
          break;
        }
      }
      if (tunnel.closedReason && !aborted()) {
        ok = false;
        findings.push(
          finding('probe-step-failed', {
            message: `The headend ended the session during --hold: ${tunnel.closedReason}`,
            evidence: [ev(tunnel.closedReason)],
          }),
        );
      }
      if (facts.dpd) facts.dpd.serverRequestsAnswered = { ...tunnel.counters.serverDpdAnswered };
    }
  } catch (e) {
    if (!(e instanceof ProbeStop)) {
      steps.push({ step: 'keepalive', status: 'failed', detail: `internal error: ${errText(e)}` });
      findings.push(finding('probe-step-failed', { message: `Internal error: ${errText(e)}`, evidence: [] }));
    }
  } finally {
    if (tunnel) await tunnel.disconnect().catch(() => undefined);
    tls?.destroy();
    tcp?.destroy();
  }
  // Steps that never ran are listed as skipped so every run shows the same table.
  for (const name of STEP_NAMES) {
    if (!steps.some((s) => s.step === name))
      steps.push({ step: name, status: 'skipped', detail: 'not reached' });
  }
  steps.sort((a, b) => STEP_NAMES.indexOf(a.step) - STEP_NAMES.indexOf(b.step));
  return { steps, findings, facts, ok, log: log.text() };
}
