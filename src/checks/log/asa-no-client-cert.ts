// asa-no-client-cert: ASA 725017 (or ocserv): the phone sent no certificate.
import { noClientCertFix } from './fixes.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-no-client-cert',
  'headend-no-client-cert',
  (e, n) => `${headendName(e)} received no certificate from the client${times(n)}.`,
  noClientCertFix,
);
