// The probe's errors: one base with a literal name, the step that was running, the cause and the context.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CstpFramingError,
  Dtls09Error,
  HttpParseError,
  InterruptedError,
  LoginRefused,
  PeerClosedError,
  ProbeError,
  ProbeInternalError,
  StepFailed,
  StepTimeoutError,
} from './errors.js';

test('every probe error is a ProbeError whose name is its class', () => {
  const all: ProbeError[] = [
    new StepTimeoutError('no answer'),
    new InterruptedError(),
    new PeerClosedError('closed'),
    new HttpParseError('not HTTP'),
    new CstpFramingError('bad frame'),
    new LoginRefused('POST /svc -> 401', 401),
    new Dtls09Error('bad record mac', 20),
    new StepFailed('tcp', 'refused', { kind: 'step-failed', step: 'tcp', detail: 'refused' }),
    new ProbeInternalError('tls', new TypeError('x is undefined')),
  ];
  for (const e of all) {
    assert.ok(e instanceof ProbeError && e instanceof Error);
    assert.equal(e.name, e.constructor.name);
  }
});

test('errors of one step name it; shared helpers leave it to the step that ran them', () => {
  assert.equal(new Dtls09Error('old session cipher not returned', 47).step, 'dtls');
  assert.equal(new LoginRefused('GET /svc -> 404', 404).step, 'login');
  assert.deepEqual(new LoginRefused('GET /svc -> 404', 404).context, { status: 404 });
  const t = new StepTimeoutError('no answer to CONNECT within 10 ms', {
    context: { what: 'answer to CONNECT', ms: 10 },
  });
  assert.equal(t.step, undefined);
  assert.equal(t.inStep('tunnel').step, 'tunnel');
  // The first step recorded stays.
  assert.equal(t.inStep('keepalive').step, 'tunnel');
  assert.equal(t.context['ms'], 10);
});

test('a step failure and an internal error keep their cause', () => {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  const f = new StepFailed(
    'tcp',
    '127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9',
    { kind: 'step-failed', step: 'tcp', detail: '' },
    cause,
  );
  assert.equal(f.cause, cause);
  assert.equal(f.step, 'tcp');
  const bug = new TypeError("Cannot read properties of undefined (reading 'length')");
  const i = new ProbeInternalError('cert-hash', bug);
  assert.equal(i.cause, bug);
  assert.equal(i.step, 'cert-hash');
  assert.equal(i.message, "internal error: Cannot read properties of undefined (reading 'length')");
});
