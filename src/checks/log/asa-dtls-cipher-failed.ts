// asa-dtls-cipher-failed: ASA 722043 `DTLS disabled: unable to negotiate cipher` (or ocserv equivalent).
import { sslCipherLines } from './context.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-dtls-cipher-failed',
  'headend-dtls-cipher-failed',
  (e, n) =>
    `${headendName(e)} could not negotiate a DTLS cipher with the phone${times(n)}; the tunnel fell back to TLS.`,
  (ctx) =>
    `Allow a phone DTLS cipher (AES256-SHA, AES128-SHA), the same as the TLS one:\n${sslCipherLines(ctx, true)}`,
);
