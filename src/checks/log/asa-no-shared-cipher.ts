// asa-no-shared-cipher: ASA 725014 `no shared cipher` (or ocserv: no cipher suite in common).
import { noSharedCipherFix } from './fixes.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-no-shared-cipher',
  'headend-no-shared-cipher',
  (e, n) =>
    `${headendName(e)} found no cipher shared with the client${times(n)}: its cipher lists allow none the phone offers.`,
  noSharedCipherFix,
);
