// asa-dtls-cipher-failed: ASA 722043 `DTLS disabled: unable to negotiate cipher` (or ocserv equivalent).
import { headendCheck } from './headend.js';

export default headendCheck('asa-dtls-cipher-failed', 'headend-dtls-cipher-failed');
