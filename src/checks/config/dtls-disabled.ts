// dtls-disabled: the phones' group policy has `anyconnect ssl dtls none`, so all voice runs over TCP.
import { effectiveGroupPolicy } from '../../asa/running-config.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { phoneGroupPolicies } from '../derive.js';
import { ev } from '../facts.js';

export const dtlsDisabled = defineCheck({
  id: 'dtls-disabled',
  needs: 'running configuration',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const out: Finding[] = [];
    for (const { name } of phoneGroupPolicies(f)) {
      const d = effectiveGroupPolicy(f.asa.value, name).anyconnectDtls;
      if (d?.value !== 'none') continue;
      out.push(
        finding('dtls-disabled', {
          message: `Group policy "${name}"${d.from !== name ? ` (inherited from ${d.from})` : ''} turns DTLS off: all voice runs over TCP, which suffers under packet loss.`,
          evidence: [ev(f.asa.source, d.loc)],
          fix: `Once DTLS problems are solved:\ngroup-policy ${d.from} attributes\n webvpn\n  no anyconnect ssl dtls none`,
        }),
      );
    }
    return out;
  },
});
