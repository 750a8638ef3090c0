// The ocserv deployment the real-headend tests generate from: certificate (or aaa) login, the test headend's address.
import { DEFAULT_HEADEND_ADDRESS } from './headend.js';

const ADDRESS = DEFAULT_HEADEND_ADDRESS;
/** The one phone of the deployment. */
export const OCSERV_PHONE_MAC = '001122334455';
const MAC = OCSERV_PHONE_MAC;

/** A certificate-auth ocserv deployment whose outside address is the test headend's veth address. */
export function ocservDeploymentYaml(dtls: boolean, auth: 'certificate' | 'aaa' = 'certificate'): string {
  return `
name: integration
headend:
  kind: ocserv
  version: 1.3.0
  interfaces:
    - name: outside
      address: ${ADDRESS}
      mask: 255.255.255.252
  pools:
    - name: phones
      first: 10.66.0.10
      last: 10.66.0.200
      mask: 255.255.255.0
  groupPolicies:
    - name: phone-policy
      dtls: ${dtls}
  tunnelGroup:
    name: phones
    addressPool: phones
    groupPolicy: phone-policy
    groupUrl: https://${ADDRESS}/svc
    authentication: ${auth}
  identity:
    trustpoint: ocserv-identity
    subject: CN=${ADDRESS}
    certificate: certs/server.pem
    key: certs/server.key
  ciphers: phone-safe
  ocserv:
    dns: [10.66.1.53]
cucm:
  capfCertificate: certs/phone-ca.pem
  vpnProfile:
    name: VPN_Profile
    clientAuthentication: ${auth === 'aaa' ? 'user-password' : 'certificate'}
  vpnGateways:
    - name: ocserv
      url: https://${ADDRESS}/svc
      certificates: [certs/server.pem]
  vpnGroup:
    name: VPN_Group
    gateways: [ocserv]
  commonPhoneProfile:
    name: VPN Phones
    vpnGroup: VPN_Group
    vpnProfile: VPN_Profile
phones:
  - mac: "${MAC}"
    model: "8861"
    certificate: LSC
    tftp: 10.66.1.10
`;
}
