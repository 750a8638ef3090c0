// gateway-cert-not-trusted: the certificate the headend presents has a SHA-1 hash in no certHashN the phones hold.

import { normalizeSerial } from '../../cucm/axl.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { acceptedHashSets, headendCertificates } from '../derive.js';
import { ev } from '../facts.js';

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
    const gateways = f.axl.flatMap((a) =>
      a.value.gateways.filter((g) => g.certificateSerials.length > 0).map((g) => ({ g, source: a.source })),
    );
    if (sets.length === 0 && gateways.length === 0)
      return notChecked(
        'needs a phone configuration file (SEP<MAC>.cnf.xml), an AXL getVpnGateway response or --deployment with the gateway certificates',
      );
    const out: Finding[] = [];
    // CUCM's gateway (AXL) names its certificates by serial number: the headend's must be among them.
    for (const c of certs) {
      const serial = normalizeSerial(c.info?.serialNumber ?? '');
      for (const { g, source } of gateways) {
        if (g.certificateSerials.includes(serial)) continue;
        out.push(
          finding('gateway-cert-not-trusted', {
            message: `The headend presents CN=${c.info?.subjectCN ?? '?'} (serial ${serial}, from the ${c.origin}), but CUCM's VPN gateway "${g.name}" holds only serial(s) ${g.certificateSerials.join(', ')}: its hash never reaches the phones.`,
            evidence: [...c.evidence, ev(source, g.loc)],
            fix: `Upload the headend certificate to CUCM as Phone-VPN-trust and add it to VPN gateway "${g.name}" (Advanced Features > VPN > VPN Gateway), then reset the phones while inside.`,
          }),
        );
      }
    }
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
