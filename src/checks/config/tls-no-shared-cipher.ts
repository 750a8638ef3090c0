// tls-no-shared-cipher: the ASA's cipher list for the phone's TLS version contains nothing the phone offers.
import { cipherListFor, KEYWORD_OF, negotiatedVersion, settleCipher } from '../../asa/ciphers.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';
import { asaVersion, serverMinVersion, tlsModels } from './tls.js';

export const tlsNoSharedCipher = defineCheck({
  id: 'tls-no-shared-cipher',
  needs: 'running configuration (+ phone models)',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const cfg = f.asa.value;
    const version = asaVersion(f)?.value;
    const min = serverMinVersion(cfg)?.version;
    const out: Finding[] = [];
    for (const { model, evidence } of tlsModels(f).models) {
      const v = negotiatedVersion(model.tlsVersions.value, min);
      if (!v) continue;
      const tls = cipherListFor(cfg, KEYWORD_OF[v], version);
      if (settleCipher(tls.ciphers, model.tlsCiphers.value)) continue;
      out.push(
        finding('tls-no-shared-cipher', {
          message: `For ${v} the ASA allows ${tls.ciphers.join(':') || 'nothing'}, and the ${model.model} offers ${model.tlsCiphers.value.join(':')}: no cipher in common (ASA syslog 725014 "no shared cipher").`,
          evidence: [...(evidence ? [evidence] : []), ...(tls.line ? [ev(f.asa.source, tls.line.loc)] : [])],
          fix: `ssl cipher ${tls.keyword} custom "AES256-SHA:AES128-SHA${tls.ciphers.length ? `:${tls.ciphers.filter((c) => c !== 'AES256-SHA' && c !== 'AES128-SHA').join(':')}` : ''}"`,
        }),
      );
    }
    return out;
  },
});
