// cert-expired / cert-expiring: the headend identity certificate is expired, or expires within the configured
// days (or within the renewal lead, when that is longer); cert-expiring says when the renewal should begin.

import type { CertExpiry } from '../../findings/catalogue/config.js';
import { type Draft, draft } from '../../findings/finding.js';
import { daysLeft } from '../../pki/cert.js';
import { renewalStart } from '../../renew/lead.js';
import { type CheckContext, defineCheck, notChecked } from '../define.js';
import { type HeadendCert, headendCertificates, outsideInterface } from '../derive.js';
import type { AuditFacts } from '../facts.js';

/** What the renewal procedure names: the next trustpoint name, the subject, the phones' interface. */
function renewal(f: AuditFacts, c: HeadendCert): Pick<CertExpiry, 'nextTrustpoint' | 'subject' | 'outside'> {
  const tp = c.trustpoint ?? 'asa-identity-cert';
  const next = /-(\d+)$/.test(tp) ? tp.replace(/-(\d+)$/, (_m, n: string) => `-${Number(n) + 1}`) : `${tp}-2`;
  const subject =
    f.asa?.value.trustpoints.find((t) => t.name === tp)?.subjectName?.value ??
    (c.subjectCN ? `CN=${c.subjectCN}` : 'CN=<host>');
  const outside = outsideInterface(f)?.name ?? 'outside';
  return { nextTrustpoint: next, subject, outside };
}

function expiry(kind: 'expired' | 'expiring') {
  return (f: AuditFacts, ctx: CheckContext) => {
    const certs = headendCertificates(f).filter((c) => c.notAfter);
    if (certs.length === 0)
      return notChecked(
        'needs the headend certificate (running configuration chain, show crypto ca certificates or the certificate file)',
      );
    const out: Draft[] = [];
    const window = Math.max(ctx.expiryDays, ctx.leadDays);
    for (const c of certs) {
      const left = daysLeft({ notAfter: c.notAfter as Date }, ctx.now);
      const when = (c.notAfter as Date).toISOString().slice(0, 10);
      const name = c.subjectCN ? `CN=${c.subjectCN}` : 'the headend certificate';
      const data: CertExpiry = {
        name,
        origin: c.origin,
        date: when,
        days: left,
        threshold: window,
        ...renewal(f, c),
        renewBy: renewalStart(c.notAfter as Date, ctx.leadDays),
        leadDays: ctx.leadDays,
      };
      if (kind === 'expired' && left < 0) out.push(draft('cert-expired', data, c.evidence));
      if (kind === 'expiring' && left >= 0 && left <= window)
        out.push(draft('cert-expiring', data, c.evidence));
    }
    return out;
  };
}

export const certExpired = defineCheck({
  id: 'cert-expired',
  needs: 'headend certificate',
  run: expiry('expired'),
});
export const certExpiring = defineCheck({
  id: 'cert-expiring',
  needs: 'headend certificate',
  run: expiry('expiring'),
});
