// Integration: what a real ocserv 1.3 logs about phones (a phone that logs in, one whose certificate
// comes from an unknown CA, one without a certificate) read back by the log checks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LogDiagnosis } from '../src/checks/log/engine.js';
import type { LogEvent } from '../src/logs/event.js';
import { parseLogText } from '../src/logs/parse.js';
import { loadDeployment } from '../src/model/load.js';
import { generateOcservConf } from '../src/ocserv/generate.js';
import {
  createTestCa,
  type IssuedCertificate,
  issueCertificate,
  phoneCertificateSubject,
} from '../src/pki/create.js';
import {
  DEFAULT_HEADEND_ADDRESS,
  type Headend,
  realHeadendMissing,
  startHeadend,
} from './support/headend.js';
import { waitFor } from './support/poll.js';

const ADDRESS = DEFAULT_HEADEND_ADDRESS;
const GOOD = 'CP-8861-SEP0011223344AA';

const YAML = `
name: diagnose-integration
headend:
  kind: ocserv
  version: 1.3.0
  interfaces:
    - name: outside
      address: ${ADDRESS}
      mask: 255.255.255.252
  pools:
    - name: phones
      first: 10.66.0.10
      last: 10.66.0.200
  groupPolicies:
    - name: phone-policy
  tunnelGroup:
    name: phones
    addressPool: phones
    groupPolicy: phone-policy
    groupUrl: https://${ADDRESS}/svc
    authentication: certificate
  identity:
    trustpoint: ocserv-identity
    subject: CN=${ADDRESS}
    certificate: certs/server.pem
    key: certs/server.key
  ciphers: phone-safe
cucm:
  capfCertificate: certs/phone-ca.pem
  vpnProfile:
    name: VPN_Profile
  vpnGateways:
    - name: ocserv
      url: https://${ADDRESS}/svc
      certificates: [certs/server.pem]
  vpnGroup:
    name: G
    gateways: [ocserv]
  commonPhoneProfile:
    name: P
    vpnGroup: G
    vpnProfile: VPN_Profile
phones:
  - mac: 0011223344AA
    model: "8861"
    certificate: LSC
    tftp: 10.66.1.10
`;

const missing = realHeadendMissing();

describe('diagnose reads a real ocserv 1.3 log', { skip: missing ?? false, timeout: 150_000 }, () => {
  let work: string;
  let ca: IssuedCertificate;
  let server: IssuedCertificate;

  before(async () => {
    ca = await createTestCa({ subject: 'CN=Test CAPF' });
    server = await issueCertificate(ca, { subject: `CN=${ADDRESS}`, usage: 'server', sanIp: [ADDRESS] });
    const good = await issueCertificate(ca, {
      subject: phoneCertificateSubject('8861', '0011223344AA'),
      usage: 'client',
    });
    // A phone whose certificate the headend has no CA for (a MIC without the Cisco trustpoints).
    const otherCa = await createTestCa({ subject: 'CN=Unknown Manufacturing CA' });
    const rogue = await issueCertificate(otherCa, {
      subject: phoneCertificateSubject('8861', '0011223344BB'),
      usage: 'client',
    });
    work = mkdtempSync(join(tmpdir(), 'vpnphone-diag-oc-'));
    writeFileSync(join(work, 'ca.pem'), ca.certPem);
    writeFileSync(join(work, 'good.pem'), good.certPem);
    writeFileSync(join(work, 'good.key'), good.keyPem, { mode: 0o600 });
    writeFileSync(join(work, 'rogue.pem'), rogue.certPem);
    writeFileSync(join(work, 'rogue.key'), rogue.keyPem, { mode: 0o600 });
    writeFileSync(join(work, 'script.sh'), '#!/bin/sh\necho "vpnphone-script: $reason"\nexit 0\n', {
      mode: 0o755,
    });
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('gives asa-client-cert-invalid and asa-no-client-cert, and sees the phone that logged in', async () => {
    const files: Record<string, string> = {
      'certs/server.pem': server.certPem,
      'certs/server.key': server.keyPem,
      'certs/phone-ca.pem': ca.certPem,
    };
    const loaded = loadDeployment(YAML, 'd.yaml', (f) => new TextEncoder().encode(files[f] ?? ''));
    assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.problems));
    const he: Headend = await startHeadend({
      files: { 'server.pem': server.certPem, 'server.key': server.keyPem, 'phone-ca.pem': ca.certPem },
      ocservConf: (env) => generateOcservConf(loaded, { certDir: env.dir, runDir: env.dir }),
    });
    try {
      const client = (cert: string[]) =>
        he.spawnInPhoneNs('timeout', [
          '40',
          'openconnect',
          '--protocol=anyconnect',
          '--non-inter',
          '--cafile',
          join(work, 'ca.pem'),
          ...cert,
          '--script',
          join(work, 'script.sh'),
          `https://${he.address}/`,
        ]);
      const good = client(['-c', join(work, 'good.pem'), '-k', join(work, 'good.key')]);
      await good.waitFor(/vpnphone-script: connect/, 30_000);
      await good.stop(5000);
      const rogue = client(['-c', join(work, 'rogue.pem'), '-k', join(work, 'rogue.key')]);
      await rogue.exited;
      const none = client([]);
      await none.exited;
      // ocserv's sec-mod may write its last lines after the clients exit: read its log until the three
      // logins are all in it (or the deadline passes, and the assertions below say what is missing).
      const read = () => {
        const log = he.logs();
        const d = new LogDiagnosis({ now: Date.now() });
        const feed = d.openSource('ocserv.log');
        feed.write(log);
        const stats = feed.end();
        const ids = d.findings().map((f) => f.id);
        const events: LogEvent[] = parseLogText(log, 'ocserv.log');
        const goodLogin = events.some(
          (e) => e.kind === 'headend-auth-ok' && e.fields.user === GOOD && e.fields.phone === 'yes',
        );
        return { log, stats, ids, events, goodLogin };
      };
      const complete = (r: ReturnType<typeof read>) =>
        r.goodLogin && r.ids.includes('asa-client-cert-invalid') && r.ids.includes('asa-no-client-cert');
      const seen = await waitFor(
        'the three logins in the ocserv log',
        () => {
          const r = read();
          return complete(r) ? r : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      ).catch(() => read());
      const { log, stats, ids, events } = seen;
      assert.ok(stats.ocservLines > 0, `no ocserv line recognized in:\n${log.slice(0, 3000)}`);
      assert.ok(ids.includes('asa-client-cert-invalid'), `${ids}\n${log}`);
      assert.ok(ids.includes('asa-no-client-cert'), `${ids}\n${log}`);
      assert.ok(seen.goodLogin, events.map((e) => `${e.kind} ${e.text}`).join('\n'));
    } finally {
      await he.stop();
    }
  });
});
