// login-failed: the VPN login failed and no more specific phone-side finding explains why.

import { draft } from '../../findings/finding.js';
import { statedCauseOf } from '../../logs/attempts.js';
import { isEcCipher, type LogEvent } from '../../logs/event.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'login-failed',
  kinds: [
    'vpn-url',
    'login-state',
    'notify',
    'dns-failed',
    'url-parse-failed',
    'cert-rejected',
    'tls-cipher-new',
    'tls-error',
    'dtls-old-session-cipher',
    'connect-abort',
    'headend-no-shared-cipher',
  ],
  create(report) {
    let explained = false;
    // An EC cipher choice explains a failure (ec-cipher-selected) unless the phone stated why it failed.
    let ecChosen = false;
    let refusedStated = false;
    let failure: LogEvent | undefined;
    let lastError: LogEvent | undefined;
    let failures = 0;
    const close = () => {
      if (failure && !explained && (!ecChosen || refusedStated)) {
        report(draft('login-failed', {}, evidenceList([lastError, failure])));
        failures++;
      }
      failure = undefined;
      lastError = undefined;
      explained = false;
      ecChosen = false;
      refusedStated = false;
    };
    return {
      event(e) {
        if (failures > 50) return;
        switch (e.kind) {
          case 'vpn-url':
            close();
            return;
          case 'login-state':
            if (e.fields.to === 'FAILED' && !failure) failure = e;
            return;
          case 'notify':
            if (e.fields.name === 'LoginFailed' && !failure) failure = e;
            else if (e.fields.name === 'DnsLookupErr') explained = true;
            else if (statedCauseOf(e) === 'login-refused') {
              refusedStated = true;
              lastError = e;
            }
            return;
          case 'tls-cipher-new':
            if ((e.fields.ciphers ?? '').split(':').some(isEcCipher)) ecChosen = true;
            return;
          case 'tls-error':
            lastError = e;
            return;
          case 'connect-abort':
            if (/dtls/i.test(e.fields.phase ?? '')) explained = true;
            else lastError = e;
            return;
          default:
            // dns-failed, url-parse-failed, cert-rejected, dtls-old-session-cipher, headend-no-shared-cipher:
            // their own findings explain it.
            explained = true;
        }
      },
      end: close,
    };
  },
});
