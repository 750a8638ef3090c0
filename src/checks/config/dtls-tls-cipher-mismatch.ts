// dtls-tls-cipher-mismatch: the cipher a phone settles on for TLS is not allowed for DTLS (DTLS 0.9 resumes the TLS session).
import {
  cipherSyntaxFor,
  isEcCipher,
  KEYWORD_OF,
  negotiatedVersion,
  settleCipher,
} from '../../asa/ciphers.js';
import { effectiveGroupPolicy, tunnelGroupPolicy } from '../../asa/running-config.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { dtlsUpByModel, phoneTunnelGroups } from '../derive.js';
import { headendUnchecked } from './scope.js';
import { asaVersion, offeredList, serverMinVersion, tlsModels } from './tls.js';

export const dtlsTlsCipherMismatch = defineCheck({
  id: 'dtls-tls-cipher-mismatch',
  needs: 'running configuration (+ phone models)',
  run(f) {
    const skip = headendUnchecked(f, ['ssl']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
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
    const dtls = offeredList(f, 'dtlsv1', version);
    const out: Draft[] = [];
    const dtlsUp = dtlsUpByModel(f);
    for (const { model, evidence } of tlsModels(f).models) {
      // A phone of this model has its DTLS tunnel up (show vpn-sessiondb detail): no mismatch to fix.
      if (dtlsUp.has(model.model)) continue;
      const v = negotiatedVersion(model.tlsVersions.value, min);
      if (!v) continue;
      const tls = offeredList(f, KEYWORD_OF[v], version);
      const chosen = settleCipher(tls.ciphers, model.tlsCiphers.value);
      // An EC choice fails before DTLS starts: ec-cipher-risk explains that case.
      if (!chosen || isEcCipher(chosen)) continue;
      const allowed = dtls.ciphers.filter((c) => model.dtlsCiphers.value.includes(c));
      if (allowed.includes(chosen)) continue;
      out.push(
        draft(
          'dtls-tls-cipher-mismatch',
          {
            model: model.model,
            chosen,
            tlsVersion: v,
            offer: [...model.tlsCiphers.value],
            allowed,
            dtlsList: [chosen, ...dtls.ciphers.filter((c) => c !== chosen && !isEcCipher(c))],
            keyword: tls.keyword,
            syntax: cipherSyntaxFor(version),
          },
          [
            ...(evidence ? [evidence] : []),
            tls.shown || tls.line
              ? tls.evidence
              : { source: src, text: `no \`ssl cipher ${tls.keyword}\` line (default list)` },
            dtls.shown || dtls.line
              ? dtls.evidence
              : { source: src, text: 'no `ssl cipher dtlsv1` line (default list)' },
          ],
        ),
      );
    }
    return out;
  },
});
