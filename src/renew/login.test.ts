// The phone login after the switch: when it can be tried, and how the probe's steps read for the renewal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MODEL, phoneModel } from '../model/catalogue.js';
import type { StepResult } from '../probe/types.js';
import { loginNotPossible, loginOf, type PhoneLoginInput } from './login.js';

const model = phoneModel(DEFAULT_MODEL);
assert.ok(model);
const base: PhoneLoginInput = {
  url: 'https://vpn.example.com/svc',
  source: 'SEP682C7B40B5CE.cnf.xml',
  certHashes: ['aGFzaA=='],
  hostIdCheck: false,
  authMethod: 2,
  model,
};

describe('renew: the phone login', () => {
  it('is not tried without the credentials the configuration asks for, and says which', () => {
    assert.match(loginNotPossible(base) ?? '', /authMethod 2\): give the phone's --cert and --key/);
    assert.equal(loginNotPossible({ ...base, certPem: 'c', keyPem: 'k' }), undefined);
    assert.match(
      loginNotPossible({ ...base, authMethod: 0, username: 'u' }) ?? '',
      /--username and --password/,
    );
    assert.equal(loginNotPossible({ ...base, authMethod: 0, username: 'u', password: 'p' }), undefined);
    assert.match(
      loginNotPossible({ ...base, authMethod: undefined }) ?? '',
      /--cert and --key, or --username/,
    );
  });

  it('passes only when every step up to the tunnel passed; a DTLS failure does not stop the phone', () => {
    const row = (step: StepResult['step'], status: StepResult['status'], detail = 'x'): StepResult => ({
      step,
      status,
      detail,
    });
    const up = [row('tls', 'passed'), row('login', 'passed', 'POST /svc -> 200'), row('tunnel', 'passed')];
    const ok = loginOf({ steps: [...up, row('dtls', 'failed')], findings: [] });
    assert.equal(ok.status, 'passed');
    assert.match(ok.detail, /POST \/svc -> 200/);
    const refused = loginOf({
      steps: [
        row('tls', 'passed'),
        row('login', 'failed', 'POST /svc -> 401 Unauthorized'),
        row('tunnel', 'skipped'),
      ],
      findings: [],
    });
    assert.equal(refused.status, 'failed');
    assert.equal(refused.detail, 'login: POST /svc -> 401 Unauthorized');
  });
});
