// dtls-cipher-mismatch: the DTLS cipher offer holds nothing the TLS session could have used, and DTLS setup aborted.

import { draft } from '../../findings/finding.js';
import type { LogEvent } from '../../logs/event.js';
import { bulkOf, defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'dtls-cipher-mismatch',
  kinds: [
    'tls-cipher-offer',
    'tls-cipher-new',
    'dtls-ciphersuite',
    'dtls-cipher-list',
    'connect-abort',
    'headend-tls-cipher',
  ],
  create(report) {
    let tls: LogEvent | undefined;
    let headendTls: LogEvent | undefined;
    let dtlsSuite: LogEvent | undefined;
    let dtlsList: LogEvent | undefined;
    return {
      event(e) {
        switch (e.kind) {
          case 'tls-cipher-new':
            tls = e;
            dtlsSuite = dtlsList = undefined;
            break;
          case 'tls-cipher-offer':
            if (!tls) tls = e;
            break;
          case 'headend-tls-cipher':
            headendTls = e;
            break;
          case 'dtls-ciphersuite':
            dtlsSuite = e;
            break;
          case 'dtls-cipher-list':
            dtlsList = e;
            break;
          case 'connect-abort': {
            if (!/dtls/i.test(e.fields.phase ?? '')) return;
            const dtls = dtlsList ?? dtlsSuite;
            if (!tls || !dtls) return;
            const tlsOffer = (tls.fields.ciphers ?? '').split(':').filter(Boolean);
            const dtlsOffer = (dtls.fields.ciphers ?? '').split(':').filter(Boolean);
            // The log does not name the TLS cipher; the headend takes the strongest both sides support,
            // which is the phone's first choice (the seed infers "at least AES-256" the same way).
            const session = headendTls?.fields.cipher ?? tlsOffer[0];
            if (!session || dtlsOffer.length === 0) return;
            if (dtlsOffer.some((c) => bulkOf(c) === bulkOf(session))) return;
            report(
              draft(
                'dtls-cipher-mismatch',
                { bulk: bulkOf(session), session, headendLogged: headendTls !== undefined, dtlsOffer },
                evidenceList([tls, headendTls, dtlsSuite, dtlsList, e]),
              ),
            );
            tls = dtlsSuite = dtlsList = undefined;
            return;
          }
          default:
        }
      },
      end() {},
    };
  },
});
