// Every configuration check, in the order RULES.md lists them (the report sorts findings anyway).
import type { Check } from '../define.js';
import { addressPoolTooSmall } from './address-pool-too-small.js';
import { alternateTftpRequired } from './alternate-tftp-required.js';
import { anyconnectNotEnabled } from './anyconnect-not-enabled.js';
import { authMethodMismatch } from './auth-method-mismatch.js';
import { autoNetworkDetectOn } from './auto-network-detect-on.js';
import { certExpired, certExpiring } from './cert-expiry.js';
import { deploymentDrift } from './deployment-drift.js';
import { dtlsDisabled } from './dtls-disabled.js';
import { dtlsTlsCipherMismatch } from './dtls-tls-cipher-mismatch.js';
import { ecCipherRisk } from './ec-cipher-risk.js';
import { gatewayCertNotTrusted } from './gateway-cert-not-trusted.js';
import { groupPolicyNoSslClient } from './group-policy-no-ssl-client.js';
import { groupUrlMismatch } from './group-url-mismatch.js';
import { groupUrlMissing } from './group-url-missing.js';
import { hostIdCheckMismatch } from './host-id-check-mismatch.js';
import { hostnameNeedsDns } from './hostname-needs-dns.js';
import { licenseVpnPhoneDisabled } from './license-vpn-phone-disabled.js';
import { noVpnHeadend } from './no-vpn-headend.js';
import { gatewayUrlNotSvc, ocservSvcCompatDisabled, ocservUdpPortNot443 } from './ocserv-conf.js';
import { phoneCaTrustpointMissing } from './phone-ca-trustpoint-missing.js';
import { phoneModelNoVpn } from './phone-model-no-vpn.js';
import { splitTunnelNotTunnelall } from './split-tunnel-not-tunnelall.js';
import { sslTrustpointMissing } from './ssl-trustpoint-missing.js';
import { tlsNoSharedCipher } from './tls-no-shared-cipher.js';
import { tlsVersionUnsupported } from './tls-version-unsupported.js';
import { undefinedReference } from './undefined-reference.js';
import { unrecognizedInput } from './unrecognized-input.js';
import { vpnGroupLimits } from './vpn-group-limits.js';
import { vpnPeerLicenseShort } from './vpn-peer-license-short.js';
import { vpnProfileOutOfRange } from './vpn-profile-out-of-range.js';
import { webvpnNotEnabled } from './webvpn-not-enabled.js';

export const CONFIG_CHECKS: readonly Check[] = [
  licenseVpnPhoneDisabled,
  undefinedReference,
  groupPolicyNoSslClient,
  webvpnNotEnabled,
  anyconnectNotEnabled,
  groupUrlMissing,
  groupUrlMismatch,
  authMethodMismatch,
  sslTrustpointMissing,
  gatewayCertNotTrusted,
  hostIdCheckMismatch,
  certExpired,
  certExpiring,
  phoneCaTrustpointMissing,
  ecCipherRisk,
  dtlsTlsCipherMismatch,
  tlsNoSharedCipher,
  tlsVersionUnsupported,
  phoneModelNoVpn,
  dtlsDisabled,
  hostnameNeedsDns,
  alternateTftpRequired,
  autoNetworkDetectOn,
  vpnProfileOutOfRange,
  vpnGroupLimits,
  unrecognizedInput,
  noVpnHeadend,
  deploymentDrift,
  splitTunnelNotTunnelall,
  vpnPeerLicenseShort,
  addressPoolTooSmall,
  ocservSvcCompatDisabled,
  ocservUdpPortNot443,
  gatewayUrlNotSvc,
];
