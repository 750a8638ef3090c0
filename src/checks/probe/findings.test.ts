// The probe's findings: each observation's id, and the same remedy as the log checks give for that id.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CATALOGUE } from '../../findings/catalogue/index.js';
import type { Finding } from '../../report/finding.js';
import { LogDiagnosis } from '../log/engine.js';
import { probeFinding } from './findings.js';
import type { ProbeObservation } from './observations.js';

function diagnose(text: string): Finding[] {
  const d = new LogDiagnosis({ now: Date.parse('2020-03-31T00:00:00Z') });
  const feed = d.openSource('asa.log');
  feed.write(text);
  feed.end();
  return d.findings();
}

const tls = { model: 'CP-8861', offered: ['AES256-SHA', 'AES128-SHA'], versions: ['TLSv1.2'], error: 'x' };

describe('probe findings', () => {
  test('each observation gives its catalogue id, title and severity', () => {
    const cases: Array<[ProbeObservation, string]> = [
      [{ kind: 'step-failed', step: 'tcp', detail: 'refused' }, 'probe-step-failed'],
      [{ kind: 'internal-error', step: 'cert-hash', error: 'boom' }, 'probe-step-failed'],
      [{ kind: 'tftp-answers-ping', address: '10.1.1.10' }, 'vpn-not-started-tftp-reachable'],
      [{ kind: 'vpn-auto-started', address: '10.1.1.10' }, 'vpn-auto-started'],
      [
        { kind: 'dns-failed', host: 'vpn.example.com', dnsServer: undefined, error: 'ENOTFOUND' },
        'dns-lookup-failed',
      ],
      [{ kind: 'tls-no-shared-cipher', ...tls }, 'asa-no-shared-cipher'],
      [{ kind: 'tls-version-refused', ...tls }, 'tls-version-unsupported'],
      [
        { kind: 'tls-client-cert-refused', withCert: true, byTrial: false, error: 'x' },
        'asa-client-cert-invalid',
      ],
      [
        { kind: 'tls-client-cert-refused', withCert: false, byTrial: false, error: 'x' },
        'asa-no-client-cert',
      ],
      [{ kind: 'dtls-not-offered' }, 'dtls-disabled'],
      [
        {
          kind: 'dtls-cipher-not-tls',
          tlsCipher: 'AES256-SHA',
          dtlsOffer: ['AES128-SHA'],
          chosen: 'AES128-SHA',
        },
        'dtls-tls-cipher-mismatch',
      ],
      [
        { kind: 'dtls-old-session-cipher', chosen: 'AES256-SHA', error: 'old session cipher not returned' },
        'dtls-old-session-cipher',
      ],
      [{ kind: 'hold-ended', reason: 'the server sent terminate' }, 'probe-step-failed'],
    ];
    for (const [o, id] of cases) {
      const f = probeFinding(o);
      assert.equal(f.id, id, o.kind);
      const rule = CATALOGUE[f.id];
      assert.equal(f.title, rule.title);
      assert.equal(f.severity, rule.severity);
    }
  });

  test('an internal error names no evidence; a failed step names the step and the error', () => {
    assert.deepEqual(probeFinding({ kind: 'internal-error', step: 'tls', error: 'boom' }).evidence, []);
    const f = probeFinding({
      kind: 'step-failed',
      step: 'tunnel',
      detail: 'CONNECT /CSCOSSLC/tunnel -> 503',
    });
    assert.equal(f.message, "The probe's tunnel step failed: CONNECT /CSCOSSLC/tunnel -> 503");
    assert.deepEqual(f.evidence, [{ source: 'probe', text: 'tunnel: CONNECT /CSCOSSLC/tunnel -> 503' }]);
  });

  test('the headend findings the probe shares with ASA syslog give the same fix both ways', () => {
    const log = diagnose(
      [
        'Mar 30 2020 12:23:21: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher',
        'Mar 30 2020 12:23:23: %ASA-3-717009: Certificate validation failed. No suitable trustpoints found to validate certificate serial number: 1A',
        'Mar 30 2020 12:23:25: %ASA-3-725017: No certificates received during the handshake with client outside:192.168.1.52/50000',
      ].join('\n'),
    );
    const fixOf = (id: string) => log.find((f) => f.id === id)?.fix;
    const probe: Array<[ProbeObservation, string]> = [
      [{ kind: 'tls-no-shared-cipher', ...tls }, 'asa-no-shared-cipher'],
      [
        { kind: 'tls-client-cert-refused', withCert: true, byTrial: true, error: 'x' },
        'asa-client-cert-invalid',
      ],
      [
        { kind: 'tls-client-cert-refused', withCert: false, byTrial: false, error: 'x' },
        'asa-no-client-cert',
      ],
    ];
    for (const [o, id] of probe) {
      const f = probeFinding(o, {});
      assert.equal(f.id, id);
      assert.ok(fixOf(id), `the log gives ${id}`);
      assert.equal(f.fix, fixOf(id), id);
    }
  });

  test("a refused certificate login points at the phones' CA, a refused password at the credentials", () => {
    const cert = probeFinding({
      kind: 'login-refused',
      status: 401,
      detail: 'POST /svc -> 401',
      certAuth: true,
      withCert: true,
    });
    assert.equal(
      cert.message,
      "The VPN login failed with HTTP 401: the headend did not accept the phone's certificate (it does not trust its issuer, or the user it names is not allowed).",
    );
    assert.match(cert.fix, /trustpoint/);
    const none = probeFinding({
      kind: 'login-refused',
      status: 401,
      detail: 'x',
      certAuth: true,
      withCert: false,
    });
    assert.match(none.message, /the probe sent no certificate \(--cert\/--key\)/);
    assert.match(none.fix, /--cert\/--key/);
    const pw = probeFinding({
      kind: 'login-refused',
      status: undefined,
      detail: 'x',
      certAuth: false,
      withCert: false,
    });
    assert.equal(pw.message, 'The VPN login failed: the headend rejected the username/password.');
    assert.equal(pw.fix, 'Check the username and password and the headend authentication server.');
  });
});
