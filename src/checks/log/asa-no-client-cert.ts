// asa-no-client-cert: ASA 725017 (or ocserv): the phone sent no certificate.
import { tunnelGroupName } from './context.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-no-client-cert',
  'headend-no-client-cert',
  (e, n) => `${headendName(e)} received no certificate from the client${times(n)}.`,
  (ctx) => {
    const p = ctx.deployment?.cucm.vpnProfile;
    const mine = p ? ` (VPN profile ${p.name}: ${p.clientAuthentication})` : '';
    return `Certificate authentication on tunnel-group ${tunnelGroupName(ctx)} needs the VPN profile's Client Authentication Method set to Certificate${mine}; check the phone has its MIC or LSC.`;
  },
);
