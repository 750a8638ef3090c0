// tls-version-unsupported: the ASA's minimum TLS version is above what a listed phone model supports.

import { negotiatedVersion } from '../../asa/ciphers.js';
import { type Draft, draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneModelsOf } from '../derive.js';
import { ev } from '../facts.js';
import { headendUnchecked } from './scope.js';
import { serverMinVersion } from './tls.js';

export const tlsVersionUnsupported = defineCheck({
  id: 'tls-version-unsupported',
  needs: 'running configuration + phone models',
  run(f) {
    const skip = headendUnchecked(f, ['ssl']);
    if (skip || !f.asa) return skip ?? notChecked('needs the ASA running configuration');
    const min = serverMinVersion(f.asa.value);
    if (!min) return [];
    const models = phoneModelsOf(f);
    if (models.length === 0)
      return notChecked("needs the phones' models (deployment, show vpn-sessiondb or phone configuration)");
    const out: Draft[] = [];
    for (const m of models) {
      if (!m.model || negotiatedVersion(m.model.tlsVersions.value, min.version)) continue;
      const lowest = m.model.tlsVersions.value[0] ?? 'TLSv1';
      out.push(
        draft(
          'tls-version-unsupported',
          {
            min: min.raw,
            model: m.model.model,
            versions: [...m.model.tlsVersions.value],
            modelSource: m.model.tlsVersions.source,
            command: min.line?.loc.text.startsWith('ssl server-version')
              ? 'ssl server-version'
              : 'ssl server-min-version',
            lowest,
          },
          [...(min.line ? [ev(f.asa.source, min.line.loc)] : []), m.evidence],
        ),
      );
    }
    return out;
  },
});
