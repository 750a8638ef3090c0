// asa-auth-rejected: ASA 716039 / 113005 (or ocserv): authentication rejected.
import { tunnelGroupName } from './context.js';
import { headendCheck, headendName, times } from './headend.js';

export default headendCheck(
  'asa-auth-rejected',
  'headend-auth-rejected',
  (e, n) => `${headendName(e)} rejected the authentication${times(n)}.`,
  (ctx) =>
    `Check the user name and password (user+password methods) or, with certificates, the tunnel group ${tunnelGroupName(ctx)} authentication and certificate mapping.`,
);
