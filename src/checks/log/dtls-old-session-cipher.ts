// dtls-old-session-cipher: `old session cipher not returned` / `DTLS write alert: code 47, illegal parameter`.
import type { LogEvent } from '../../logs/event.js';
import { finding } from '../../report/finding.js';
import { defineCheck, evidenceList } from './define.js';
import { oldSessionCipherFix } from './fixes.js';

export default defineCheck({
  id: 'dtls-old-session-cipher',
  kinds: ['dtls-old-session-cipher', 'dtls-alert'],
  create(ctx, report) {
    const seen: LogEvent[] = [];
    let count = 0;
    return {
      event(e) {
        const hit =
          e.kind === 'dtls-old-session-cipher' ||
          (e.fields.level === 'fatal' &&
            (e.fields.code === '47' || /illegal parameter/i.test(e.fields.desc ?? '')));
        if (!hit) return;
        if (e.kind === 'dtls-old-session-cipher') count++;
        if (seen.length < 6) seen.push(e);
      },
      end() {
        if (seen.length === 0) return;
        const times = count > 1 ? ` (${count} DTLS attempts)` : '';
        report(
          finding('dtls-old-session-cipher', {
            message:
              `DTLS setup failed${times}: the headend's DTLS answer did not resume the TLS session with its cipher ` +
              '("old session cipher not returned", alert 47 illegal parameter). The headend chose an EC cipher ' +
              'for DTLS, or a DTLS cipher other than the TLS one.',
            evidence: evidenceList(seen),
            fix: oldSessionCipherFix(ctx),
          }),
        );
      },
    };
  },
});
