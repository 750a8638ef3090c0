// The failures past the technote (RULES.md, second table, from asa-session-limit on): each id fires on two
// differently shaped logs (hostnames, spacing, the wording of another ASA version), and names what it found.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ObjectNames } from '../../findings/names.js';
import type { Finding } from '../../report/finding.js';
import { LogDiagnosis } from './engine.js';

const FIX = join(process.cwd(), 'test/fixtures/failure-logs');

function diagnose(name: string, now = Date.UTC(2020, 5, 1), edit = (t: string) => t): Finding[] {
  const text = edit(readFileSync(join(FIX, name), 'utf8'));
  const d = new LogDiagnosis({ now });
  const feed = d.openSource(name);
  for (let i = 0; i < text.length; i += 41) feed.write(text.slice(i, i + 41));
  feed.end();
  return d.findings();
}

const ids = (f: Finding[]) => f.map((x) => x.id).sort();
const one = (f: Finding[], id: string): Finding => {
  const x = f.filter((y) => y.id === id);
  assert.equal(x.length, 1, `${id} once in ${ids(f).join(', ')}`);
  return x[0]!;
};

describe('asa-session-limit', () => {
  test('716023 from a syslog server names the limit and the phones', () => {
    const f = diagnose('session-limit-syslog.log');
    assert.deepEqual(ids(f), ['asa-session-limit']);
    const x = one(f, 'asa-session-limit');
    assert.match(x.message, /session limit of 2 reached/);
    assert.match(x.message, /CP-8861-SEP001122334455, CP-8861-SEP001122334466/);
    assert.match(x.fix, /group-policy GP-PHONES attributes/);
    assert.deepEqual(
      x.evidence.map((e) => e.line),
      [2, 3],
    );
  });
  test('113029 from the ASA buffer, with extra spacing', () => {
    const x = one(diagnose('session-limit-buffer.log'), 'asa-session-limit');
    assert.match(x.message, /session limit of 50 reached/);
    assert.match(x.fix, /group-policy VoicePhones attributes/);
  });
});

describe('asa-pool-exhausted', () => {
  test('722020 with TunnelGroup and GroupPolicy (ASA 9.x wording)', () => {
    const x = one(diagnose('pool-exhausted-syslog.log'), 'asa-pool-exhausted');
    assert.match(x.message, /tunnel group TG-PHONES/);
    assert.match(x.fix, /show running-config tunnel-group TG-PHONES/);
    assert.match(x.fix, /group-policy GP-PHONES attributes/);
  });
  test('737019 and the older 722020 wording (Group only)', () => {
    const f = diagnose('pool-exhausted-buffer.log');
    assert.deepEqual(ids(f), ['asa-pool-exhausted']);
    const x = one(f, 'asa-pool-exhausted');
    assert.equal(x.evidence.length, 2);
    assert.match(x.message, /group policy Phones/);
  });
});

describe('asa-large-packet', () => {
  test('722035 received: the largest packet and the threshold, the MTU fix', () => {
    const x = one(diagnose('large-packet-syslog.log'), 'asa-large-packet');
    assert.equal(x.severity, 'warning');
    assert.match(x.message, /received packets .*1420 bytes, threshold 1406/);
    assert.match(x.fix, /anyconnect ssl df-bit-ignore enable/);
    assert.match(x.fix, /group-policy GP-PHONES attributes/);
    // The other cause of the same lines (Cisco technote 116881): DTLS down, the traffic in the TLS tunnel.
    assert.match(x.message, /when DTLS is down .* make DTLS work first/);
  });
  test('722036 transmitting, ISO timestamps', () => {
    const x = one(diagnose('large-packet-iso.log'), 'asa-large-packet');
    assert.match(x.message, /transmitted packets .*1500 bytes/);
    assert.match(x.fix, /group-policy voice attributes/);
  });
});

describe('tunnel-reconnect-churn', () => {
  test('722032 three times within minutes for one phone; another phone once is quiet', () => {
    const f = diagnose('churn-replacing.log');
    const x = one(f, 'tunnel-reconnect-churn');
    assert.match(x.message, /Peer CP-8861-SEP001122334455 reconnected 3 times within 8 minute/);
    assert.doesNotMatch(JSON.stringify(x.evidence), /CP-8845/);
  });
  test('722029 with DPD Conns > 0 counts; DPD Conns: 0 (a clean logout) does not', () => {
    const x = one(diagnose('churn-dpd.log'), 'tunnel-reconnect-churn');
    assert.match(x.message, /Peer sep4455667788aa reconnected 3 times/);
    assert.match(x.message, /3 sessions ended with dead peer detection/);
    assert.match(x.fix, /anyconnect dpd-interval client 30/);
  });
  test('a phone logging in again after each tunnel came up', () => {
    const x = one(diagnose('churn-phone.log'), 'tunnel-reconnect-churn');
    assert.match(x.message, /logged in 3 times within 7 minute/);
  });
  test('reconnects hours apart are not churn', () => {
    const text = readFileSync(join(FIX, 'churn-replacing.log'), 'utf8')
      .replace('11:03:17', '13:03:17')
      .replace('11:07:52', '15:07:52');
    const d = new LogDiagnosis({ now: Date.UTC(2020, 5, 1) });
    const feed = d.openSource('spread.log');
    feed.write(text);
    feed.end();
    assert.deepEqual(ids(d.findings()), []);
  });
});

describe('ocserv-svc-rejected', () => {
  test('request to /svc but cisco-svc-client-compat = false', () => {
    const x = one(diagnose('ocserv-compat.log'), 'ocserv-svc-rejected');
    assert.match(x.message, /cisco-svc-client-compat = false/);
    assert.match(x.fix, /cisco-svc-client-compat = true/);
    assert.match(x.fix, /udp-port = 443/);
  });
  test('an unexpected user agent and a login without a username (ISO time, other host)', () => {
    const x = one(diagnose('ocserv-agent.log'), 'ocserv-svc-rejected');
    assert.match(x.message, /'AnyConnect Windows 4\.10\.07061'/);
    assert.match(x.message, /no username/);
    assert.doesNotMatch(x.fix, /cisco-svc-client-compat = true/);
  });
});

describe("the ASA's own expiry warnings feed cert-expiring / cert-expired", () => {
  test('717054 for an identity certificate; a CA certificate warning is not the headend certificate', () => {
    const f = diagnose('cert-expiring-syslog.log');
    assert.deepEqual(ids(f), ['cert-expiring']);
    const x = one(f, 'cert-expiring');
    assert.match(x.message, /trustpoint ASA-VPN-ID \(CN=vpn\.example\.com\) expires in 30 day/);
    assert.match(x.fix, /crypto ca trustpoint ASA-VPN-ID-2/);
    assert.match(x.fix, /subject-name CN=vpn\.example\.com/);
  });
  test('717055 after 717054 for the same trustpoint: only cert-expired (colon-separated wording)', () => {
    const f = diagnose('cert-expired-buffer.log', Date.UTC(2026, 11, 1));
    assert.deepEqual(ids(f), ['cert-expired']);
    const x = one(f, 'cert-expired');
    assert.equal(x.severity, 'error');
    assert.match(x.message, /trustpoint SSL-TP-2024 \(CN=asa\.corp\.example\.net,O=Corp\) has expired/);
    assert.match(x.fix, /crypto ca trustpoint SSL-TP-2025|crypto ca trustpoint SSL-TP-2024-2/);
  });
  test('whether the phones see the certificate: the trustpoint the configuration presents decides', () => {
    const words = (names: ObjectNames) => {
      const d = new LogDiagnosis({ now: Date.UTC(2026, 11, 1) });
      const feed = d.openSource('cert-expired-buffer.log');
      feed.write(readFileSync(join(FIX, 'cert-expired-buffer.log'), 'utf8'));
      feed.end();
      return one(d.findings(names), 'cert-expired');
    };
    // Nothing says which trustpoint is presented: said as a condition, with the command that tells.
    assert.match(
      words({}).message,
      /If SSL-TP-2024 is the trustpoint `ssl trust-point` presents to the phones/,
    );
    assert.match(words({}).fix, /ssl trust-point \S+ <interface phones reach>/);
    const presented = words({ identityTrustpoint: 'SSL-TP-2024', outside: 'internet' });
    assert.match(presented.message, /It is the certificate the phones are presented: phones refuse it/);
    assert.match(presented.fix, /ssl trust-point \S+ internet/);
    const other = words({ identityTrustpoint: 'PHONE-VPN-TP' });
    assert.match(
      other.message,
      /The phones are presented PHONE-VPN-TP, not SSL-TP-2024: this certificate does not stop them/,
    );
    assert.doesNotMatch(other.message, /phones refuse it/);
  });
});

describe('the same failures logged by Firepower Threat Defense, with a message class (%FTD-svc- for %ASA-)', () => {
  test('every ASA failure log gives the same findings, evidence and fixes under the FTD tag and a class', () => {
    const asaLogs = readdirSync(FIX).filter((n) => readFileSync(join(FIX, n), 'utf8').includes('%ASA-'));
    assert.ok(asaLogs.length >= 8, asaLogs.join(', '));
    const now = Date.UTC(2026, 11, 1);
    const toFtd = (t: string) => t.replaceAll('%ASA-', '%FTD-svc-');
    const shape = (f: Finding[]) =>
      f.map((x) => [
        x.id,
        x.message,
        x.fix,
        x.evidence.map((e) => [e.source, e.line, e.text.replace('%FTD-svc-', '%ASA-')]),
      ]);
    for (const n of asaLogs) {
      const asa = diagnose(n, now);
      assert.ok(asa.length > 0, n);
      assert.deepEqual(shape(diagnose(n, now, toFtd)), shape(asa), n);
    }
  });
});

describe("a cipher fix in the syntax of the ASA's version", () => {
  test('ssl cipher from 9.3, ssl encryption before, both when the version is unknown; ocserv its own', () => {
    const fix = (names: ObjectNames) => {
      const d = new LogDiagnosis({ now: Date.UTC(2020, 5, 1) });
      const feed = d.openSource('asa.log');
      feed.write(
        'Mar 30 2020 12:23:21: %ASA-6-725001: Starting SSL handshake with client outside:192.0.2.7/50000 to 203.0.113.1/443 for TLSv1.2 session\n' +
          'Mar 30 2020 12:23:21: %ASA-6-725014: SSL lib error. Function: ssl3_get_client_hello Reason: no shared cipher\n',
      );
      feed.end();
      return one(d.findings(names), 'asa-no-shared-cipher').fix;
    };
    const unknown = fix({});
    assert.match(unknown, /ASA 9\.3 or later:\nssl cipher tlsv1 custom/);
    assert.match(unknown, /ASA 8\.x to 9\.2 .*\n\s*ssl encryption aes256-sha1 aes128-sha1/);
    const recent = fix({ asaVersion: '9.16(4)' });
    assert.match(recent, /ssl cipher tlsv1\.2 custom/);
    assert.doesNotMatch(recent, /ssl encryption/);
    const old = fix({ asaVersion: '9.1(7)' });
    assert.match(old, /ssl encryption aes256-sha1 aes128-sha1/);
    assert.doesNotMatch(old, /ssl cipher/);
    assert.match(fix({ headend: 'ocserv', asaVersion: '9.1(7)' }), /tls-priorities/);
  });
});
