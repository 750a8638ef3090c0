// asa-client-cert-invalid: ASA 717009 / 717027 (or ocserv): the phone's certificate failed validation.
import { headendCheck } from './headend.js';

export default headendCheck('asa-client-cert-invalid', 'headend-client-cert-invalid');
