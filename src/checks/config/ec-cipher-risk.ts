// ec-cipher-risk: ASA ≥ 9.4 with an RSA identity certificate allows ECDHE/ECDSA suites for the phones' TLS versions (CSCuu02848).
import { cipherListFor, isEcCipher } from '../../asa/ciphers.js';
import { PHONE_SAFE_CIPHERS } from '../../asa/generate.js';
import { asaVersionAtLeast } from '../../asa/running-config.js';
import { finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { headendCertificates } from '../derive.js';
import { ev } from '../facts.js';
import { asaVersion, keywordsFor, tlsModels } from './tls.js';

export const ecCipherRisk = defineCheck({
  id: 'ec-cipher-risk',
  needs: 'running configuration (+ show version, headend certificate)',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
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
      finding('ec-cipher-risk', {
        ...(doubts.length > 0 && !version ? { severity: 'info' as const } : {}),
        message:
          `ASA ${version?.value ?? '(version unknown)'} with an ${cert?.keyType ?? 'RSA'} identity certificate allows elliptic-curve suites for ${risky.map((l) => l.keyword).join(', ')}: ` +
          `it may pick ECDHE and present a temporary self-signed EC certificate the phones do not trust (CSCuu02848).` +
          (doubts.length > 0 ? ` Not confirmed: ${doubts.join('; ')}.` : ''),
        evidence: [
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
        fix: risky.map((l) => `ssl cipher ${l.keyword} custom "${PHONE_SAFE_CIPHERS.join(':')}"`).join('\n'),
      }),
    ];
  },
});
