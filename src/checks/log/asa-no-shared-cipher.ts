// asa-no-shared-cipher: ASA 725014 `no shared cipher` (or ocserv: no cipher suite in common).
import { headendCheck } from './headend.js';

export default headendCheck('asa-no-shared-cipher', 'headend-no-shared-cipher');
