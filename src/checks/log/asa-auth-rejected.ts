// asa-auth-rejected: ASA 716039 / 113005 (or ocserv): authentication rejected.
import { headendCheck } from './headend.js';

export default headendCheck('asa-auth-rejected', 'headend-auth-rejected');
