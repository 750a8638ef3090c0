// ec-cipher-risk: ASA ≥ 9.4 with an RSA identity certificate allows ECDHE/ECDSA suites for the phones' TLS versions (CSCuu02848).
import { cipherListFor, cipherSyntaxFor, isEcCipher } from '../../asa/ciphers.js';
import { asaVersionAtLeast } from '../../asa/running-config.js';
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { headendCertificates } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';
import { asaVersion, keywordsFor, tlsModels } from './tls.js';

export const ecCipherRisk = defineCheck({
  id: 'ec-cipher-risk',
  needs: 'running configuration (+ show version, headend certificate)',
  run(f) {
    const skip = headendUnchecked(f, ['ssl']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const version = asaVersion(f);
    if (version && !asaVersionAtLeast(version.value, [9, 4])) return [];
    const cert = headendCertificates(f)[0];
    if (cert?.keyType === 'EC') return [];
    const { models, assumed } = tlsModels(f);
    const keywords = keywordsFor(models.map((m) => m.model));
    const risky = keywords
      .map((k) => cipherListFor(f.asa?.value ?? { sslCiphers: [] }, k, version?.value))
      .filter((l) => l.ciphers.some(isEcCipher));
    if (risky.length === 0) return [];
    const doubts: string[] = [];
    if (!version) doubts.push('the ASA version is unknown (give `show version`)');
    if (!cert?.keyType)
      doubts.push('the identity certificate is unknown (assumed RSA, as `enrollment self` makes)');
    if (assumed) doubts.push(`no phone model is named (assumed ${models[0]?.model.model})`);
    const src = f.asa.source;
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
            l.line
              ? ev(src, l.line.loc)
              : {
                  source: src,
                  text: `no \`ssl cipher ${l.keyword}\` line: the default list (with ECDHE) applies`,
                },
          ),
        ],
        { severity: doubts.length > 0 && !version ? 'info' : undefined },
      ),
    ];
  },
});
