// host-id-check-mismatch: host ID check is on and the URL host matches neither the CN nor a SAN of the headend certificate.

import { hostMatchesCertificate } from '../../pki/cert.js';
import type { Evidence } from '../../report/finding.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { headendCertificates, phoneUrls, urlHost } from '../derive.js';
import { type AuditFacts, ev } from '../facts.js';

function hostIdCheckOn(f: AuditFacts): Evidence[] {
  const out: Evidence[] = [];
  for (const pc of f.phoneConfigs)
    if (pc.parsed.vpn?.enableHostIDCheck) {
      const line = pc.parsed.lines['enableHostIDCheck'];
      out.push({
        source: pc.source,
        ...(line !== undefined ? { line } : {}),
        text: '<enableHostIDCheck>1</enableHostIDCheck>',
      });
    }
  for (const a of f.axl) for (const p of a.value.profiles) if (p.hostIdCheck) out.push(ev(a.source, p.loc));
  if (
    f.phoneConfigs.length === 0 &&
    f.axl.length === 0 &&
    f.deployment?.value.deployment.cucm.vpnProfile.hostIdCheck
  )
    out.push({ source: f.deployment.source, text: 'cucm.vpnProfile.hostIdCheck: true' });
  return out;
}

export const hostIdCheckMismatch = defineCheck({
  id: 'host-id-check-mismatch',
  needs: 'phone configuration (or deployment) + headend certificate',
  run(f) {
    const on = hostIdCheckOn(f);
    if (f.phoneConfigs.length === 0 && f.axl.length === 0 && !f.deployment)
      return notChecked('needs a phone configuration, an AXL getVpnProfile response or --deployment');
    if (on.length === 0) return [];
    const certs = headendCertificates(f).filter((c) => c.subjectCN !== undefined || c.sanDns.length > 0);
    if (certs.length === 0)
      return notChecked('host ID check is on, but the headend certificate is not known');
    const out: Finding[] = [];
    const hosts = new Map<string, Evidence>();
    for (const u of phoneUrls(f)) {
      const h = urlHost(u.url);
      if (h && !hosts.has(h)) hosts.set(h, u.evidence);
    }
    for (const [host, uev] of hosts)
      for (const c of certs) {
        if (hostMatchesCertificate(host, { subjectCN: c.subjectCN, sanDns: c.sanDns, sanIp: c.sanIp }))
          continue;
        const names = [c.subjectCN, ...c.sanDns, ...c.sanIp].filter((x) => x !== undefined);
        const wildcard = names.some((n) => n?.includes('*'));
        out.push(
          finding('host-id-check-mismatch', {
            message: `Host ID check is on and the VPN URL host "${host}" is not in the headend certificate (CN/SAN: ${names.join(', ') || 'none'})${wildcard ? '; wildcard names do not count' : ''}.`,
            evidence: [...on.slice(0, 1), uev, ...c.evidence],
            fix: c.trustpoint
              ? `Make the certificate name the host: crypto ca trustpoint ${c.trustpoint}\n subject-name CN=${host}\n fqdn ${host}\nthen re-enroll (and follow the renewal procedure); or turn off Enable Host ID Check in the CUCM VPN profile.`
              : `Use a certificate whose CN or SAN is ${host}, or turn off Enable Host ID Check in the CUCM VPN profile.`,
          }),
        );
      }
    return out;
  },
});
