// gateway-cert-not-trusted: the certificate the headend presents has a SHA-1 hash in no certHashN the phones hold.
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { acceptedHashSets, headendCertificates } from '../derive.js';

export const gatewayCertNotTrusted = defineCheck({
  id: 'gateway-cert-not-trusted',
  needs: 'headend certificate (running configuration, certificate file) + phone configuration or deployment',
  run(f) {
    const certs = headendCertificates(f).filter((c) => c.info);
    if (certs.length === 0)
      return notChecked(
        'needs the headend certificate: a running configuration with its `crypto ca certificate chain`, or the certificate file',
      );
    const sets = acceptedHashSets(f);
    if (sets.length === 0)
      return notChecked(
        'needs a phone configuration file (SEP<MAC>.cnf.xml) or --deployment with the gateway certificates',
      );
    const out: Finding[] = [];
    for (const c of certs) {
      const info = c.info;
      if (!info) continue;
      for (const s of sets) {
        if (s.hashes.includes(info.certHash)) continue;
        const tp = c.trustpoint ?? '<trustpoint>';
        out.push(
          finding('gateway-cert-not-trusted', {
            message: `The headend presents CN=${info.subjectCN ?? '?'} (serial ${info.serialNumber}, certHash ${info.certHash}, from the ${c.origin}), but ${s.where} holds ${s.hashes.length === 0 ? 'no certificate hash' : `only ${s.hashes.join(', ')}`}: phones refuse the connection.`,
            evidence: [...c.evidence, ...s.evidence],
            fix:
              `1. On the ASA: crypto ca export ${tp} identity-certificate\n` +
              '2. CUCM: Cisco Unified OS Administration > Security > Certificate Management > Upload, purpose Phone-VPN-trust\n' +
              '3. CUCM: Advanced Features > VPN > VPN Gateway: move the new certificate to "VPN Certificates in this Location", Save\n' +
              '4. Reset the phones while they are inside, so they download the new hash.\n' +
              'If the previous certificate is still valid, switch `ssl trust-point` back to it until the phones have the new hash.',
          }),
        );
      }
    }
    return out;
  },
});
