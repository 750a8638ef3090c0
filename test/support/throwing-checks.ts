// Preloaded with `node --import` by test/check-crash.test.ts: adds one configuration check and one log check
// that throw, to the very arrays the CLI runs, so the test sees what a buggy check does to a real run.

import { CONFIG_CHECKS } from '../../src/checks/config/index.js';
import type { Check } from '../../src/checks/define.js';
import type { LogCheck } from '../../src/checks/log/define.js';
import { LOG_CHECKS } from '../../src/checks/log/index.js';
import type { RuleId } from '../../src/findings/catalogue/index.js';

const throwingConfig: Check = {
  id: 'test-config-check-throws' as RuleId,
  needs: 'inputs',
  run() {
    throw new TypeError('config check exploded on purpose');
  },
};

const throwingLog: LogCheck = {
  id: 'test-log-check-throws' as RuleId,
  kinds: ['vpn-url'],
  create() {
    return {
      event() {
        throw new RangeError('log check exploded on purpose');
      },
      end() {},
    };
  },
};

(CONFIG_CHECKS as Check[]).push(throwingConfig);
(LOG_CHECKS as LogCheck[]).push(throwingLog);
