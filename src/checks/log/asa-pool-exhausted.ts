// asa-pool-exhausted: ASA 722020 `No address available for SVC connection` / 737019 `Unable to get address`.

import { sessionCheck } from './session.js';

export default sessionCheck('asa-pool-exhausted', 'headend-pool-exhausted');
