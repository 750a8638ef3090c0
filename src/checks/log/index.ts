// Every log check of RULES.md (second table), in catalogue order.

import type { EventKind } from '../../logs/event.js';
import asaAuthRejected from './asa-auth-rejected.js';
import asaCertExpiry from './asa-cert-expiry.js';
import asaClientCertInvalid from './asa-client-cert-invalid.js';
import asaDtlsCipherFailed from './asa-dtls-cipher-failed.js';
import asaLargePacket from './asa-large-packet.js';
import asaNoClientCert from './asa-no-client-cert.js';
import asaNoSharedCipher from './asa-no-shared-cipher.js';
import asaPoolExhausted from './asa-pool-exhausted.js';
import asaSessionLimit from './asa-session-limit.js';
import { CLIENT_KINDS } from './clients.js';
import type { LogCheck } from './define.js';
import dnsLookupFailed from './dns-lookup-failed.js';
import dtlsCipherMismatch from './dtls-cipher-mismatch.js';
import dtlsFailedTlsOk from './dtls-failed-tls-ok.js';
import dtlsOldSessionCipher from './dtls-old-session-cipher.js';
import ecCipherSelected from './ec-cipher-selected.js';
import headendCertRejected from './headend-cert-rejected.js';
import loginFailed from './login-failed.js';
import ocservSvcRejected from './ocserv-svc-rejected.js';
import tunnelReconnectChurn from './tunnel-reconnect-churn.js';
import vpnAutoStarted from './vpn-auto-started.js';
import vpnNotStartedTftpReachable from './vpn-not-started-tftp-reachable.js';

export const LOG_CHECKS: readonly LogCheck[] = [
  ecCipherSelected,
  dtlsOldSessionCipher,
  dtlsCipherMismatch,
  dtlsFailedTlsOk,
  dnsLookupFailed,
  vpnNotStartedTftpReachable,
  vpnAutoStarted,
  loginFailed,
  headendCertRejected,
  asaNoSharedCipher,
  asaClientCertInvalid,
  asaNoClientCert,
  asaAuthRejected,
  asaDtlsCipherFailed,
  asaSessionLimit,
  asaPoolExhausted,
  asaLargePacket,
  tunnelReconnectChurn,
  ocservSvcRejected,
  asaCertExpiry,
];

/** The event kinds `checks` read: their own, and the client events when one words its findings by client. */
export function checkedKinds(checks: readonly LogCheck[] = LOG_CHECKS): Set<EventKind> {
  const kinds = new Set<EventKind>(checks.flatMap((c) => c.kinds));
  if (checks.some((c) => c.clients)) for (const k of CLIENT_KINDS) kinds.add(k);
  return kinds;
}
