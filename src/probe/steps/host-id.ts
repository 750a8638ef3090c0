// Step host-id: with host ID check on, the URL host must be the certificate's CN or a SAN entry.
import { hostMatchesCertificate } from '../../pki/cert.js';
import { logPresented } from './cert-hash.js';
import type { Target } from './config.js';
import { fail, logLoginFailed, type Outcome, passed, type Session, skipped } from './session.js';
import type { TlsSession } from './tls.js';

export function hostIdStep(s: Session, t: TlsSession, target: Target): Outcome<void> {
  const { cert } = t;
  const host = target.host;
  if (!s.o.config.hostIdCheck) return skipped('host ID check is off in the configuration', undefined);
  if (hostMatchesCertificate(host, cert)) return passed(`${host} matches the certificate`, undefined);
  const names = [cert.subjectCN, ...cert.sanDns, ...cert.sanIp].filter(Boolean).join(', ');
  logPresented(s, cert);
  s.log.vpnc('ERR', 'verify_cert', `host id check failed: ${host}`);
  logLoginFailed(s);
  return fail('host-id', `${host} is not in the certificate (${names})`, {
    kind: 'host-id-mismatch',
    host,
    names,
  });
}
