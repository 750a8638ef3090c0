// asa-no-shared-cipher: ASA 725014 `no shared cipher` (or ocserv: no cipher suite in common).
import { sslCipherLines } from './context.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-no-shared-cipher',
  'headend-no-shared-cipher',
  (e, n) =>
    `${headendName(e)} found no cipher shared with the client${times(n)}: its cipher lists allow none the phone offers.`,
  (ctx) =>
    `Allow a cipher the phones offer (AES256-SHA, AES128-SHA) for the TLS versions they use:\n${sslCipherLines(ctx)}`,
);
