// asa-no-client-cert: ASA 725017 (or ocserv): the phone sent no certificate.
import { headendCheck } from './headend.js';

export default headendCheck('asa-no-client-cert', 'headend-no-client-cert');
