// ec-cipher-risk: ASA ≥ 9.4 with an RSA identity certificate allows ECDHE/ECDSA suites for the phones' TLS versions (CSCuu02848).
import { cipherSyntaxFor, isEcCipher } from '../../asa/ciphers.js';
import { asaVersionAtLeast } from '../../asa/running-config.js';
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { headendCertificates } from '../derive.js';
import { headendUnchecked } from './scope.js';
import { asaVersion, keywordsFor, offeredList, tlsModels } from './tls.js';

export const ecCipherRisk = defineCheck({
  id: 'ec-cipher-risk',
  needs: 'running configuration (+ show version, headend certificate)',
  run(f) {
    // `show ssl ciphers` alone shows what the ASA offers; a running configuration must have the part it needs.
    if (!f.asa && !f.showSslCiphers)
      return notChecked('needs the ASA running configuration (or `show ssl ciphers`)');
    const skip = f.asa ? headendUnchecked(f, ['ssl']) : undefined;
    if (skip) return skip;
    const version = asaVersion(f);
    // `show ssl ciphers` shows whether EC suites are offered; without it, the version tells (9.4 added them).
    if (!f.showSslCiphers && version && !asaVersionAtLeast(version.value, [9, 4])) return [];
    const cert = headendCertificates(f)[0];
    if (cert?.keyType === 'EC') return [];
    const { models, assumed } = tlsModels(f);
    const keywords = keywordsFor(models.map((m) => m.model));
    const risky = keywords
      .map((k) => offeredList(f, k, version?.value))
      .filter((l) => l.ciphers.some(isEcCipher));
    if (risky.length === 0) return [];
    const doubts: string[] = [];
    if (!version && !risky.every((l) => l.shown))
      doubts.push('the ASA version is unknown (give `show version`)');
    if (!cert?.keyType)
      doubts.push('the identity certificate is unknown (assumed RSA, as `enrollment self` makes)');
    if (assumed) doubts.push(`no phone model is named (assumed ${models[0]?.model.model})`);
    return [
      draft(
        'ec-cipher-risk',
        {
          ...(version ? { version: version.value } : {}),
          keyType: cert?.keyType ?? 'RSA',
          keywords: risky.map((l) => l.keyword),
          doubts,
          syntax: cipherSyntaxFor(version?.value),
        },
        [
          ...(version ? [version.evidence] : []),
          ...(cert ? cert.evidence.slice(-1) : []),
          ...risky.map((l) =>
            l.shown || l.line
              ? l.evidence
              : {
                  ...l.evidence,
                  text: `no \`ssl cipher ${l.keyword}\` line: the default list (with ECDHE) applies`,
                },
          ),
        ],
        { severity: doubts.length > 0 && (!version || !f.asa) ? 'info' : undefined },
      ),
    ];
  },
});
