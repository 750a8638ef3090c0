// Renewal stages and gates from real certificates: which hashes the phones hold against what the headend presents.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type CertInfo, readCertificates } from '../pki/cert.js';
import { createSelfSignedIdentity, type KeySpec } from '../pki/create.js';
import { type PhoneLogin, renewStatus, type StageInput, stageOf, statusExitCode } from './stage.js';

async function cert(subject: string, days: number, key: KeySpec = { type: 'RSA' }): Promise<CertInfo> {
  const c = readCertificates((await createSelfSignedIdentity({ subject, days, key })).certPem)[0];
  assert.ok(c);
  return c;
}

describe('renew stage', () => {
  let oldC: CertInfo;
  let newC: CertInfo;
  let other: CertInfo;
  const now = new Date();
  before(async () => {
    oldC = await cert('CN=vpn.example.com', 20);
    newC = await cert('CN=vpn.example.com', 800);
    other = await cert('CN=vpn.example.com', 800);
  });
  const input = (presented: CertInfo, held: CertInfo[], more: Partial<StageInput> = {}): StageInput => ({
    presented,
    held: held.map((c) => c.certHash),
    newCert: newC,
    oldCert: oldC,
    configSource: 'SEP682C7B40B5CE.cnf.xml',
    headendSource: 'https://vpn.example.com/svc',
    now,
    leadDays: 30,
    ...more,
  });

  it('names the five stages', () => {
    assert.equal(stageOf(oldC, [oldC.certHash], newC), 'old-only');
    assert.equal(stageOf(oldC, [oldC.certHash, newC.certHash], newC), 'staged');
    assert.equal(stageOf(newC, [oldC.certHash, newC.certHash], newC), 'switched');
    assert.equal(stageOf(newC, [newC.certHash], newC), 'cleaned');
    assert.equal(stageOf(newC, [oldC.certHash], newC), 'broken');
    assert.equal(stageOf(other, [oldC.certHash, newC.certHash], newC), 'broken');
  });

  it('broken: gateway-cert-not-trusted with both remedies, exit 1', () => {
    const r = renewStatus(input(newC, [oldC]));
    assert.equal(r.stage, 'broken');
    assert.equal(statusExitCode(r), 1);
    const f = r.findings.find((x) => x.id === 'gateway-cert-not-trusted');
    assert.ok(f);
    assert.match(r.next, /Switch the headend back to the old certificate/);
    assert.match(r.next, /bring the phones inside/);
  });

  it('old-only: the presented certificate runs out within the lead, so cert-expiring says when the renewal should have begun', () => {
    const r = renewStatus(input(oldC, [oldC]));
    assert.equal(r.stage, 'old-only');
    assert.equal(statusExitCode(r), 0);
    assert.ok(r.presented.daysLeft <= 20);
    assert.match(r.findings.find((x) => x.id === 'cert-expiring')?.message ?? '', /should have begun by/);
  });

  it('--gate switch refuses while the phones lack the new hash, and for an EC or short-lived new certificate', async () => {
    const lacking = renewStatus(input(oldC, [oldC]), 'switch');
    assert.equal(lacking.gate?.ok, false);
    assert.equal(statusExitCode(lacking), 1);
    assert.match(lacking.gate?.reasons.join('\n') ?? '', /do not hold the new certificate's hash/);
    const staged = renewStatus(input(oldC, [oldC, newC]), 'switch');
    assert.equal(staged.gate?.ok, true, staged.gate?.reasons.join('; '));
    assert.equal(statusExitCode(staged), 0);
    const ec = await cert('CN=vpn.example.com', 800, { type: 'EC' });
    const ecGate = renewStatus(input(oldC, [oldC, ec], { newCert: ec }), 'switch');
    assert.match(ecGate.gate?.reasons.join('\n') ?? '', /not RSA/);
    const short = renewStatus(input(oldC, [oldC, oldC], { newCert: oldC }), 'switch');
    assert.match(short.gate?.reasons.join('\n') ?? '', /30-day lead/);
    const hostId = renewStatus(input(oldC, [oldC, newC], { hostIdCheckHost: 'other.example.com' }), 'switch');
    assert.match(hostId.gate?.reasons.join('\n') ?? '', /host ID check/);
  });

  it('--gate cleanup opens only once the headend presents the new certificate and the phones hold it', () => {
    assert.equal(renewStatus(input(oldC, [oldC, newC]), 'cleanup').gate?.ok, false);
    assert.equal(renewStatus(input(newC, [oldC, newC]), 'cleanup').gate?.ok, true);
    assert.equal(renewStatus(input(newC, [newC]), 'cleanup').gate?.ok, true);
    assert.equal(renewStatus(input(newC, [oldC]), 'cleanup').gate?.ok, false);
  });

  it('after the switch a failed phone login means the phones cannot connect (exit 1) and closes --gate cleanup', () => {
    const failed: PhoneLogin = {
      status: 'failed',
      detail: 'login: POST /svc -> 401 Unauthorized',
      findings: [],
    };
    const r = renewStatus(input(newC, [oldC, newC], { login: failed }), 'cleanup');
    assert.equal(r.stage, 'switched');
    assert.equal(r.phonesConnect, false);
    assert.equal(statusExitCode(r), 1);
    assert.equal(r.gate?.ok, false);
    assert.match(r.gate?.reasons.join('\n') ?? '', /401/);
    assert.match(r.next, /cannot log in/);
    assert.equal(r.login?.status, 'failed');
    const notTried = renewStatus(
      input(newC, [newC], { login: { status: 'notChecked', detail: 'give --cert', findings: [] } }),
      'cleanup',
    );
    assert.equal(notTried.stage, 'cleaned');
    assert.equal(statusExitCode(notTried), 0);
    assert.equal(notTried.gate?.ok, true);
  });

  it('the renewal findings come from the catalogue: names from the deployment in the fix, the lead in cert-expiring', () => {
    const r = renewStatus(
      input(newC, [oldC], { names: { identityTrustpoint: 'asa-identity-2026', outside: 'internet' } }),
    );
    const f = r.findings.find((x) => x.id === 'gateway-cert-not-trusted');
    assert.equal(f?.title, "The headend certificate's hash is not in the phone configuration");
    assert.match(f?.fix ?? '', /ssl trust-point asa-identity-2026 internet/);
    assert.equal(r.next, f?.fix);
    const expiring = renewStatus(input(oldC, [oldC], { leadDays: 10 }));
    assert.equal(
      expiring.findings.some((x) => x.id === 'cert-expiring'),
      false,
      'outside a 10-day lead',
    );
    const later = renewStatus(input(oldC, [oldC], { leadDays: 25 }));
    const e = later.findings.find((x) => x.id === 'cert-expiring');
    assert.match(e?.message ?? '', /should have begun by \d{4}-\d\d-\d\d \(a 25-day lead/);
    assert.match(e?.fix ?? '', /crypto ca trustpoint <new-trustpoint>/);
  });
});
