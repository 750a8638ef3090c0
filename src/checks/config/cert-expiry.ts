// cert-expired / cert-expiring: the headend identity certificate is expired or expires within the configured days.

import { daysLeft } from '../../pki/cert.js';
import { type Finding, finding } from '../../report/finding.js';
import { type CheckContext, defineCheck, notChecked } from '../define.js';
import { type HeadendCert, headendCertificates, outsideInterface } from '../derive.js';
import type { AuditFacts } from '../facts.js';

function renewal(f: AuditFacts, c: HeadendCert): string {
  const tp = c.trustpoint ?? 'asa-identity-cert';
  const next = /-(\d+)$/.test(tp) ? tp.replace(/-(\d+)$/, (_m, n: string) => `-${Number(n) + 1}`) : `${tp}-2`;
  const subject =
    f.asa?.value.trustpoints.find((t) => t.name === tp)?.subjectName?.value ??
    (c.subjectCN ? `CN=${c.subjectCN}` : 'CN=<host>');
  const outside = outsideInterface(f)?.name ?? 'outside';
  return [
    `crypto ca trustpoint ${next}`,
    ' enrollment self',
    ` subject-name ${subject}`,
    `crypto ca enroll ${next} noconfirm`,
    `crypto ca export ${next} identity-certificate`,
    'CUCM: upload it as Phone-VPN-trust; add it to the VPN gateway; reset the phones while inside (they now hold both hashes)',
    `ssl trust-point ${next} ${outside}`,
    'Test one phone, then all; then remove the old certificate from CUCM.',
  ].join('\n');
}

function expiry(kind: 'expired' | 'expiring') {
  return (f: AuditFacts, ctx: CheckContext) => {
    const certs = headendCertificates(f).filter((c) => c.notAfter);
    if (certs.length === 0)
      return notChecked(
        'needs the headend certificate (running configuration chain, show crypto ca certificates or the certificate file)',
      );
    const out: Finding[] = [];
    for (const c of certs) {
      const left = daysLeft({ notAfter: c.notAfter as Date }, ctx.now);
      const when = (c.notAfter as Date).toISOString().slice(0, 10);
      const name = c.subjectCN ? `CN=${c.subjectCN}` : 'the headend certificate';
      if (kind === 'expired' && left < 0)
        out.push(
          finding('cert-expired', {
            message: `${name} (${c.origin}) expired on ${when}, ${-left} day(s) ago: phones refuse it when they reconnect.`,
            evidence: c.evidence,
            fix: renewal(f, c),
          }),
        );
      if (kind === 'expiring' && left >= 0 && left <= ctx.expiryDays)
        out.push(
          finding('cert-expiring', {
            message: `${name} (${c.origin}) expires on ${when}, in ${left} day(s) (threshold ${ctx.expiryDays}). Renew it before: the phones need the new hash first.`,
            evidence: c.evidence,
            fix: renewal(f, c),
          }),
        );
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
