// headend-cert-rejected: the phone refused the headend's certificate (hash not in its configuration, or host ID check).
import { isEcCipher, type LogEvent } from '../../logs/event.js';
import { finding } from '../../report/finding.js';
import { gatewayNames, identityTrustpoint, outsideName } from './context.js';
import { defineCheck, evidenceList } from './define.js';

export default defineCheck({
  id: 'headend-cert-rejected',
  kinds: ['cert-rejected', 'tls-cipher-new', 'vpn-url'],
  create(ctx, report) {
    let ecPending = false;
    let url: LogEvent | undefined;
    const seen: LogEvent[] = [];
    let count = 0;
    let hostId = false;
    return {
      event(e) {
        if (e.kind === 'vpn-url') {
          url = e;
          return;
        }
        if (e.kind === 'tls-cipher-new') {
          ecPending = (e.fields.ciphers ?? '').split(':').some(isEcCipher);
          return;
        }
        // With an EC cipher the ASA's temporary certificate is the one refused: ec-cipher-selected says so.
        if (ecPending) return;
        count++;
        if (e.fields.reason === 'host-id') hostId = true;
        if (seen.length < 4) seen.push(e);
      },
      end() {
        if (count === 0) return;
        const tp = identityTrustpoint(ctx);
        const fix = hostId
          ? 'Use a VPN URL host that equals the certificate CN or a SAN entry (no wildcards), or turn off Enable Host ID Check in the CUCM VPN profile.'
          : `The certificate the headend presents (ssl trust-point ${tp} ${outsideName(ctx)}) must be in CUCM: upload it as Phone-VPN-trust, ` +
            `add it to VPN gateway ${gatewayNames(ctx)}, and reset the phones while they are inside. After a renewal that skipped CUCM, ` +
            'either switch `ssl trust-point` back to the old certificate while it is still valid, or bring the phones inside to download the new hash.';
        report(
          finding('headend-cert-rejected', {
            message:
              `The phone refused the headend's certificate${count > 1 ? ` (${count} times)` : ''}` +
              (hostId
                ? ': the host ID check failed.'
                : ': its hash is not one of the certHash values in the phone configuration (a renewed certificate that never reached CUCM?).'),
            evidence: evidenceList([url, ...seen]),
            fix,
          }),
        );
      },
    };
  },
});
