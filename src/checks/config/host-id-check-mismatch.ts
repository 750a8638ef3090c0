// host-id-check-mismatch: host ID check is on and the URL host matches neither the CN nor a SAN of the headend certificate.

import { type Draft, draft } from '../../findings/finding.js';
import type { Evidence } from '../../findings/types.js';
import { hostMatchesCertificate } from '../../pki/cert.js';
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
    const out: Draft[] = [];
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
          draft(
            'host-id-check-mismatch',
            {
              host,
              names: names.filter((x): x is string => x !== undefined),
              wildcard,
              ...(c.trustpoint ? { trustpoint: c.trustpoint } : {}),
            },
            [...on.slice(0, 1), uev, ...c.evidence],
          ),
        );
      }
    return out;
  },
});
