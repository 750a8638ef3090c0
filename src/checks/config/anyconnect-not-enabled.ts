// anyconnect-not-enabled: `webvpn` lacks `anyconnect enable`.
import { finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { ev } from '../facts.js';
import { I } from './util.js';

export const anyconnectNotEnabled = defineCheck({
  id: 'anyconnect-not-enabled',
  needs: 'running configuration',
  run(f) {
    if (!f.asa) return notChecked('needs the ASA running configuration');
    const w = f.asa.value.webvpn;
    if (w.anyconnectEnable) return [];
    return [
      finding('anyconnect-not-enabled', {
        message: w.loc
          ? '`webvpn` has no `anyconnect enable`: the ASA refuses AnyConnect (and phone) tunnels.'
          : 'The configuration has no `webvpn` section: AnyConnect is not enabled.',
        evidence: w.loc ? [ev(f.asa.source, w.loc)] : [],
        fix: `webvpn\n${I}anyconnect enable`,
      }),
    ];
  },
});
