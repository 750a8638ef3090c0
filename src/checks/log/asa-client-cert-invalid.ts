// asa-client-cert-invalid: ASA 717009 / 717027 (or ocserv): the phone's certificate failed validation.
import { clientCertInvalidFix } from './fixes.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-client-cert-invalid',
  'headend-client-cert-invalid',
  (e, n) =>
    `${headendName(e)} could not validate the phone's certificate${times(n)}: no trustpoint holds the CA that issued it (MIC chain or CAPF).`,
  clientCertInvalidFix,
);
