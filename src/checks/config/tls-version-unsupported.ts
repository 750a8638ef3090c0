// tls-version-unsupported: the ASA's minimum TLS version is above what a listed phone model supports.

import { negotiatedVersion } from '../../asa/ciphers.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneModelsOf } from '../derive.js';
import { ev } from '../facts.js';
import { serverMinVersion } from './tls.js';

export const tlsVersionUnsupported = defineCheck({
  id: 'tls-version-unsupported',
  needs: 'running configuration + phone models',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const min = serverMinVersion(f.asa.value);
    if (!min) return [];
    const models = phoneModelsOf(f);
    if (models.length === 0)
      return notChecked("needs the phones' models (deployment, show vpn-sessiondb or phone configuration)");
    const out: Finding[] = [];
    for (const m of models) {
      if (!m.model || negotiatedVersion(m.model.tlsVersions.value, min.version)) continue;
      const lowest = m.model.tlsVersions.value[0] ?? 'TLSv1';
      out.push(
        finding('tls-version-unsupported', {
          message: `The ASA accepts ${min.raw} or higher, but the ${m.model.model} speaks only ${m.model.tlsVersions.value.join(', ')} (${m.model.tlsVersions.source}).`,
          evidence: [...(min.line ? [ev(f.asa.source, min.line.loc)] : []), m.evidence],
          fix: `${min.line?.loc.text.startsWith('ssl server-version') ? 'ssl server-version' : 'ssl server-min-version'} ${lowest === 'TLSv1' ? 'tlsv1' : lowest.toLowerCase()}\n(this is ASA-wide: other clients may then use ${lowest} too)`,
        }),
      );
    }
    return out;
  },
});
