// The live probe's findings: what a failed (or telling) step observed, as the finding that explains it.
import type { DataOf, RuleId } from '../../findings/catalogue/index.js';
import { draft, renderFinding } from '../../findings/finding.js';
import type { ObjectNames } from '../../findings/names.js';
import { type Evidence, type Finding, finding } from '../../report/finding.js';
import type { ProbeObservation } from './observations.js';

const ev = (text: string): Evidence => ({ source: 'probe', text });

/** The catalogue's fix for `id` and `data`: the log checks' wording (the same id means the same remedy). */
function fixOf<K extends RuleId>(id: K, data: NoInfer<DataOf<K>>, names: ObjectNames): string {
  return renderFinding(draft(id, data), names).fix;
}

const PROBE_HEADEND = { headend: 'asa', users: [] } as const;

/** The finding for one observation; fixes are the log checks' (the same id means the same remedy). */
export function probeFinding(o: ProbeObservation, names: ObjectNames = {}): Finding {
  switch (o.kind) {
    case 'step-failed':
      return finding('probe-step-failed', {
        message: `The probe's ${o.step} step failed: ${o.detail}`,
        evidence: [ev(`${o.step}: ${o.detail}`)],
      });
    case 'internal-error':
      return finding('probe-step-failed', { message: `Internal error: ${o.error}`, evidence: [] });
    case 'tftp-unreadable':
      return finding('probe-step-failed', {
        message: `The probe's tftp step failed: could not read ${o.file} from ${o.host} by TFTP or HTTP ${o.httpPort}. ${o.detail}`,
        evidence: [ev(`tftp: ${o.detail}`)],
      });
    case 'config-unusable':
      return finding('probe-step-failed', {
        message: `The probe's config step failed: ${o.detail}`,
        evidence: [{ source: o.source, text: o.detail }],
      });
    case 'tftp-answers-ping':
      return finding('vpn-not-started-tftp-reachable', {
        message: `Auto network detect: the TFTP address ${o.address} answered a ping, so a phone here would not start the VPN.`,
        evidence: [ev(`ping ${o.address}: answered`)],
        fix: fixOf('vpn-not-started-tftp-reachable', { ip: o.address }, names),
      });
    case 'vpn-auto-started':
      return finding('vpn-auto-started', {
        message: `Auto network detect: ${o.address} did not answer, so the phone enables the VPN (normal outside).`,
        evidence: [ev(`ping ${o.address}: time out`)],
      });
    case 'dns-failed':
      return finding('dns-lookup-failed', {
        message: `The VPN URL host ${o.host} does not resolve${o.dnsServer ? ` with DNS server ${o.dnsServer}` : ''}: ${o.error}. A phone here logs DnsLookupErr and never starts the VPN.`,
        evidence: [ev(`gethostbyname failed <${o.host}>`)],
        fix: fixOf('dns-lookup-failed', { kind: 'failed', host: o.host, servers: [] }, names),
      });
    case 'tls-no-shared-cipher': {
      const offer = o.offered.join(':');
      const versions = o.versions.join(', ');
      const fix = fixOf('asa-no-shared-cipher', { ...PROBE_HEADEND, users: [] }, names);
      if (!o.broad) {
        return finding('asa-no-shared-cipher', {
          message: `The headend shares no cipher with a ${o.model}: it offered ${offer} (${versions}) and the headend answered with a handshake failure (${o.error}).`,
          evidence: [ev(`tls: offered ${offer}: ${o.error}`)],
          fix,
        });
      }
      return finding('asa-no-shared-cipher', {
        message: `The headend shares no cipher with a ${o.model}: the phone offered ${offer} (${versions}) and the headend ended the handshake (${o.error}), while a client offering every cipher gets ${o.broad.version} ${o.broad.cipher}.`,
        evidence: [
          ev(`tls: offered ${offer}: ${o.error}`),
          ev(`broad handshake: ${o.broad.version} ${o.broad.cipher}`),
        ],
        fix,
      });
    }
    case 'tls-version-refused': {
      const versions = o.versions.join(', ');
      if (!o.broad) {
        return finding('tls-version-unsupported', {
          message: `The headend accepts no TLS version a ${o.model} speaks (${versions}): ${o.error}`,
          evidence: [ev(`tls: ${o.error}`)],
        });
      }
      return finding('tls-version-unsupported', {
        message: `The headend refused the phone's TLS versions (${versions}) and accepted ${o.broad.version} from a broader client.`,
        evidence: [ev(`tls: ${o.error}`), ev(`broad handshake: ${o.broad.version} ${o.broad.cipher}`)],
      });
    }
    case 'tls-client-cert-refused':
      if (o.byTrial) {
        return finding('asa-client-cert-invalid', {
          message: `The headend does not trust the phone's certificate: it ended the TLS handshake after receiving it (${o.error}), and the same handshake without a certificate succeeds. Give the headend the CA that issued the phone's certificate (MIC chain or CAPF).`,
          evidence: [ev(`tls with certificate: ${o.error}`), ev('tls without certificate: succeeded')],
          fix: fixOf('asa-client-cert-invalid', { ...PROBE_HEADEND, users: [] }, names),
        });
      }
      return o.withCert
        ? finding('asa-client-cert-invalid', {
            message: `The headend does not trust the phone's certificate (TLS alert: ${o.error}). It needs the CA that issued it (MIC chain or CAPF).`,
            evidence: [ev(`tls: ${o.error}`)],
            fix: fixOf('asa-client-cert-invalid', { ...PROBE_HEADEND, users: [] }, names),
          })
        : finding('asa-no-client-cert', {
            message: `The headend wants a client certificate and the probe sent none (${o.error}); give --cert/--key.`,
            evidence: [ev(`tls: ${o.error}`)],
            fix: fixOf('asa-no-client-cert', { ...PROBE_HEADEND, users: [] }, names),
          });
    case 'ec-self-signed-cert':
      return finding('ec-cipher-selected', {
        message: `The headend chose the elliptic-curve cipher ${o.cipher} and presented a self-signed EC certificate (${o.subject}, hash ${o.certHash}) that is not in the phone configuration (CSCuu02848).`,
        evidence: [ev(`new cipher -> ${o.cipher}`), ev(`certificate ${o.subject} EC self-signed`)],
        fix: fixOf('ec-cipher-selected', { kind: 'offer', ec: [o.cipher], failed: true }, names),
      });
    case 'cert-hash-not-trusted':
      return finding('gateway-cert-not-trusted', {
        message: `The headend${o.gateway ? ` of VPN gateway ${o.gateway}` : ''} presented ${o.subject} (SHA-1 ${o.sha1Hex}, expires ${o.expires}), whose hash ${o.certHash} is in no certHashN of ${o.source}. Add this hash to CUCM: upload the certificate as Phone-VPN-trust and add it to the VPN gateway${o.gateway ? ` whose URL is ${o.gateway.replace(/^url\d+ /, '')}` : ''} (new certHash: ${o.certHash}).`,
        evidence: [
          ev(`headend certHash ${o.certHash}`),
          ...o.hashes.map((h, i) => ({ source: o.source, text: `certHash${i + 1} ${h}` })),
        ],
      });
    case 'host-id-mismatch':
      return finding('host-id-check-mismatch', {
        message: `Host ID check is on and the URL host ${o.host} matches neither the CN nor a SAN entry of the headend certificate (${o.names}).`,
        evidence: [ev(`URL host ${o.host}`), ev(`certificate names: ${o.names}`)],
      });
    case 'login-refused':
      return finding('login-failed', {
        message: `The VPN login failed${o.status ? ` with HTTP ${o.status}` : ''}: ${loginWhy(o)}.`,
        evidence: [ev(`login: ${o.detail}`)],
        fix: !o.certAuth
          ? 'Check the username and password and the headend authentication server.'
          : o.withCert
            ? `${fixOf('asa-client-cert-invalid', { ...PROBE_HEADEND, users: [] }, names)}\nThen check the user the certificate maps to (ASA: the tunnel group's username-from-certificate; ocserv: cert-user-oid).`
            : "Give the probe the phone's certificate and key (--cert/--key): the phone presents its MIC or LSC.",
      });
    case 'dtls-not-offered':
      return finding('dtls-disabled', {
        message: 'The headend did not offer DTLS: all voice runs over TCP.',
        evidence: [ev('CONNECT answer has no X-DTLS-Port / X-DTLS-Session-ID')],
      });
    case 'dtls-cipher-not-tls':
      return finding('dtls-tls-cipher-mismatch', {
        message: `TLS settled on ${o.tlsCipher}, the phone offered ${o.dtlsOffer.join(':')} for DTLS and the headend answered x-dtls-ciphersuite: ${o.chosen}. The phone needs the same cipher for TLS and DTLS, so DTLS fails and voice runs over TCP.`,
        evidence: [
          ev(`new cipher -> ${o.tlsCipher}`),
          ev(`x-dtls-ciphersuite: ${o.chosen}`),
          ev('abort_connect: in dtls setup phase'),
        ],
      });
    case 'dtls-cipher-unusable':
      return finding('dtls-failed-tls-ok', {
        message: `The headend chose ${o.chosen} for DTLS, which a phone's DTLS 0.9 cannot use: the tunnel runs over TCP only.`,
        evidence: [ev(`x-dtls-ciphersuite: ${o.chosen}`)],
      });
    case 'dtls-old-session-cipher':
      return finding('dtls-old-session-cipher', {
        message: `The DTLS ServerHello did not return the session's cipher ${o.chosen}: ${o.error}`,
        evidence: [ev(o.error)],
        fix: fixOf('dtls-old-session-cipher', {}, names),
      });
    case 'dtls-failed':
      return finding('dtls-failed-tls-ok', {
        message: `DTLS setup with ${o.chosen} to ${o.address}:${o.port} failed (${o.error}); the tunnel runs over TCP only.`,
        evidence: [ev('connect : err: SSL success DTLS fail'), ev(o.error)],
      });
    case 'hold-failed':
      return finding('probe-step-failed', {
        message: `The session died during --hold: ${o.error}`,
        evidence: [ev(`keepalive: ${o.error}`)],
      });
    case 'hold-ended':
      return finding('probe-step-failed', {
        message: `The headend ended the session during --hold: ${o.reason}`,
        evidence: [ev(o.reason)],
      });
  }
}

/** Why a refused login failed, from the authentication the configuration asks for. */
export function loginWhy(o: { certAuth: boolean; withCert: boolean; status?: number | undefined }): string {
  // What the status says comes first: a redirect or a server error is no verdict on the credentials.
  const st = o.status ?? 0;
  if (st >= 300 && st < 400)
    return 'the headend redirected the login instead of answering it (a portal, or a URL path it does not serve)';
  if (st === 404) return 'the headend has no login at this URL path';
  if (st >= 500) return 'the headend failed to answer the login (a server error)';
  if (!o.certAuth) return 'the headend rejected the username/password';
  return o.withCert
    ? `the headend did not accept the phone's certificate (it does not trust its issuer, or the user it names is not allowed)`
    : 'the headend wants certificate authentication and the probe sent no certificate (--cert/--key)';
}
