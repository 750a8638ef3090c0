// dtls-tls-cipher-mismatch: the cipher a phone settles on for TLS is not allowed for DTLS (DTLS 0.9 resumes the TLS session).
import { cipherListFor, isEcCipher, KEYWORD_OF, negotiatedVersion, settleCipher } from '../../asa/ciphers.js';
import { effectiveGroupPolicy, tunnelGroupPolicy } from '../../asa/running-config.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneTunnelGroups } from '../derive.js';
import { ev } from '../facts.js';
import { asaVersion, serverMinVersion, tlsModels } from './tls.js';

export const dtlsTlsCipherMismatch = defineCheck({
  id: 'dtls-tls-cipher-mismatch',
  needs: 'running configuration (+ phone models)',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const cfg = f.asa.value;
    const src = f.asa.source;
    const groups = phoneTunnelGroups(f).groups;
    if (
      groups.length > 0 &&
      groups.every((tg) => effectiveGroupPolicy(cfg, tunnelGroupPolicy(tg)).anyconnectDtls?.value === 'none')
    )
      return [];
    const version = asaVersion(f)?.value;
    const min = serverMinVersion(cfg)?.version;
    const dtls = cipherListFor(cfg, 'dtlsv1', version);
    const out: Finding[] = [];
    for (const { model, evidence } of tlsModels(f).models) {
      const v = negotiatedVersion(model.tlsVersions.value, min);
      if (!v) continue;
      const tls = cipherListFor(cfg, KEYWORD_OF[v], version);
      const chosen = settleCipher(tls.ciphers, model.tlsCiphers.value);
      // An EC choice fails before DTLS starts: ec-cipher-risk explains that case.
      if (!chosen || isEcCipher(chosen)) continue;
      const allowed = dtls.ciphers.filter((c) => model.dtlsCiphers.value.includes(c));
      if (allowed.includes(chosen)) continue;
      out.push(
        finding('dtls-tls-cipher-mismatch', {
          message: `The ${model.model} settles on ${chosen} for ${v} (the ASA's order over the phone's offer ${model.tlsCiphers.value.join(':')}), but DTLS allows ${allowed.length ? allowed.join(':') : 'none of the phone’s DTLS ciphers'}: DTLS fails (old session cipher not returned) and voice falls back to TCP.`,
          evidence: [
            ...(evidence ? [evidence] : []),
            tls.line
              ? ev(src, tls.line.loc)
              : { source: src, text: `no \`ssl cipher ${tls.keyword}\` line (default list)` },
            dtls.line
              ? ev(src, dtls.line.loc)
              : { source: src, text: 'no `ssl cipher dtlsv1` line (default list)' },
          ],
          fix: `ssl cipher dtlsv1 custom "${[chosen, ...dtls.ciphers.filter((c) => c !== chosen && !isEcCipher(c))].join(':')}"\n(or put ${allowed[0] ?? 'AES128-SHA'} first in \`ssl cipher ${tls.keyword} custom\` so TLS and DTLS agree)`,
        }),
      );
    }
    return out;
  },
});
