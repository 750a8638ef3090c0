// tls-no-shared-cipher: the ASA's cipher list for the phone's TLS version contains nothing the phone offers.
import { cipherSyntaxFor, KEYWORD_OF, negotiatedVersion, settleCipher } from '../../asa/ciphers.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { headendUnchecked } from './scope.js';
import { asaVersion, offeredList, serverMinVersion, tlsModels } from './tls.js';

export const tlsNoSharedCipher = defineCheck({
  id: 'tls-no-shared-cipher',
  needs: 'running configuration (+ phone models)',
  run(f) {
    const skip = headendUnchecked(f, ['ssl']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const cfg = f.asa.value;
    const version = asaVersion(f)?.value;
    const min = serverMinVersion(cfg)?.version;
    const out: Draft[] = [];
    for (const { model, evidence } of tlsModels(f).models) {
      const v = negotiatedVersion(model.tlsVersions.value, min);
      if (!v) continue;
      const tls = offeredList(f, KEYWORD_OF[v], version);
      if (settleCipher(tls.ciphers, model.tlsCiphers.value)) continue;
      out.push(
        draft(
          'tls-no-shared-cipher',
          {
            tlsVersion: v,
            allowed: [...tls.ciphers],
            model: model.model,
            offer: [...model.tlsCiphers.value],
            keyword: tls.keyword,
            syntax: cipherSyntaxFor(version),
          },
          [...(evidence ? [evidence] : []), ...(tls.shown || tls.line ? [tls.evidence] : [])],
        ),
      );
    }
    return out;
  },
});
