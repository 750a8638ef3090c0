// asa-client-cert-invalid: ASA 717009 / 717027 (or ocserv): the phone's certificate failed validation.
import { isOcserv, phoneCaTrustpointNames } from './context.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-client-cert-invalid',
  'headend-client-cert-invalid',
  (e, n) =>
    `${headendName(e)} could not validate the phone's certificate${times(n)}: no trustpoint holds the CA that issued it (MIC chain or CAPF).`,
  (ctx) => {
    if (isOcserv(ctx))
      return 'Put the CA of the phone certificates (Cisco MIC chain for the model, or the CUCM CAPF certificate for LSC phones) into the file named by `ca-cert` in ocserv.conf.';
    const names = phoneCaTrustpointNames(ctx);
    const list =
      names.length > 0
        ? names.join(', ')
        : 'Cisco_Root_CA_M2 + Cisco_Manufacturing_CA_SHA2 (88xx/78xx), Cisco_Root_CA_2048 + Cisco_Manufacturing_CA (79xx/69xx/89xx/99xx), or CAPF for LSC phones';
    return `Create the trustpoints for the phones' certificate chain (${list}):\ncrypto ca trustpoint NAME\n enrollment terminal\ncrypto ca authenticate NAME`;
  },
);
