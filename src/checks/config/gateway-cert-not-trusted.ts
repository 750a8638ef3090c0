// gateway-cert-not-trusted: the certificate the headend presents has a SHA-1 hash in no certHashN the phones hold.

import { normalizeSerial } from '../../cucm/axl.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { acceptedHashSets, headendCertificates } from '../derive.js';
import { ev } from '../facts.js';
import { urlName } from '../headends.js';

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
    // Per gateway: a headend's certificate belongs on the gateways whose URL it serves, not on the others'.
    const served = f.scope?.urls;
    const gateways = f.axl.flatMap((a) =>
      a.value.gateways
        .filter((g) => g.certificateSerials.length > 0 && (!served || !g.url || served.has(g.url)))
        .map((g) => ({ g, source: a.source })),
    );
    if (sets.length === 0 && gateways.length === 0)
      return notChecked(
        'needs a phone configuration file (SEP<MAC>.cnf.xml), an AXL getVpnGateway response or --deployment with the gateway certificates',
      );
    const out: Draft[] = [];
    const scope = f.scope && f.scope.of > 1 ? f.scope : undefined;
    const which = scope
      ? {
          headend: scope.label,
          // The gateways when a deployment or AXL names them, else the phones' URLs this headend serves.
          ...(scope.gateways.length > 0
            ? { gateways: scope.gateways }
            : scope.urls.size > 0
              ? {
                  urls: [...scope.urls]
                    .sort((a, b) => a[1] - b[1])
                    .map(([url, position]) => `${urlName(position)} ${url}`),
                }
              : {}),
        }
      : {};
    // CUCM's gateway (AXL) names its certificates by serial number: the headend's must be among them.
    for (const c of certs) {
      const serial = normalizeSerial(c.info?.serialNumber ?? '');
      for (const { g, source } of gateways) {
        if (g.certificateSerials.includes(serial)) continue;
        out.push(
          draft(
            'gateway-cert-not-trusted',
            {
              via: 'axl',
              cn: c.info?.subjectCN ?? '?',
              serial,
              origin: c.origin,
              gateway: g.name,
              serials: g.certificateSerials,
            },
            [...c.evidence, ev(source, g.loc)],
          ),
        );
      }
    }
    for (const c of certs) {
      const info = c.info;
      if (!info) continue;
      for (const s of sets) {
        if (s.hashes.includes(info.certHash)) continue;
        out.push(
          draft(
            'gateway-cert-not-trusted',
            {
              via: 'hash',
              cn: info.subjectCN ?? '?',
              serial: info.serialNumber,
              certHash: info.certHash,
              origin: c.origin,
              where: s.where,
              hashes: s.hashes,
              ...(c.trustpoint !== undefined ? { trustpoint: c.trustpoint } : {}),
              ...which,
            },
            [...c.evidence, ...s.evidence],
          ),
        );
      }
    }
    return out;
  },
});
