// Sites with two headends (issue 11): each ASA judged against the gateways it serves, never against the other's URL.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { generateAsaConfig } from '../src/asa/generate.js';
import { type AuditReport, runAudit } from '../src/checks/audit.js';
import type { RawInput } from '../src/checks/facts.js';
import { generatePhoneConfig, phoneConfigFileName } from '../src/cucm/phone-config.js';
import { formatProblem, type LoadedDeployment, loadDeployment } from '../src/model/load.js';
import { createSelfSignedIdentity, type IssuedCertificate } from '../src/pki/create.js';

const PHONES = 50;

function deploymentYaml(backupCerts: string): string {
  const headend = (name: string, host: string, address: string, pool: string) => `
  - name: ${name}
    kind: asa
    hostname: ${host}
    version: 9.16(4)
    interfaces:
      - name: outside
        hardware: GigabitEthernet0/0
        address: ${address}
    pools:
      - name: phones-pool
        first: ${pool}.1
        last: ${pool}.200
    groupPolicies:
      - name: phones-policy
    tunnelGroup:
      name: phones
      addressPool: phones-pool
      groupPolicy: phones-policy
      groupUrl: https://${name}.example.net/phones
      authentication: aaa
    identity:
      trustpoint: ${name}-identity
      subject: CN=${name}.example.net
      certificate: ${name}.pem
`;
  const phones = Array.from(
    { length: PHONES },
    (_, i) =>
      `  - mac: 00AB0000${i.toString(16).toUpperCase().padStart(4, '0')}\n    model: "8865"\n    tftp: 10.1.0.5\n`,
  );
  return `name: two-asas
headends:${headend('vpn-a', 'asa-a', '198.51.100.10', '10.1.50')}${headend('vpn-b', 'asa-b', '203.0.113.10', '10.1.60')}
cucm:
  vpnProfile:
    name: VPN-Profile
    hostIdCheck: true
    clientAuthentication: user-password
  vpnGateways:
    - name: gw-a
      url: https://vpn-a.example.net/phones
      headend: vpn-a
      certificates: [vpn-a.pem]
    - name: gw-b
      url: https://vpn-b.example.net/phones
      headend: vpn-b
      certificates: [${backupCerts}]
  vpnGroup:
    name: VPN-Group
    gateways: [gw-a, gw-b]
  commonPhoneProfile:
    name: Phones
    vpnGroup: VPN-Group
    vpnProfile: VPN-Profile
phones:
${phones.join('')}`;
}

/** The `crypto ca certificate chain` block `show running-config` prints for an identity certificate. */
function chainBlock(trustpoint: string, c: IssuedCertificate): string {
  const hex = Buffer.from(c.der).toString('hex');
  const words = hex.match(/.{1,8}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += 8) lines.push(`    ${words.slice(i, i + 8).join(' ')}`);
  return `crypto ca certificate chain ${trustpoint}\n certificate ${c.cert.serialNumber}\n${lines.join('\n')}\n  quit\n`;
}

function load(text: string, certs: Map<string, IssuedCertificate>): LoadedDeployment {
  const r = loadDeployment(text, 'deployment.yaml', (f) => {
    const c = certs.get(f);
    if (!c) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return Buffer.from(c.certPem);
  });
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r;
}

/** What an engineer collects: each ASA's running configuration (with its certificate) and the phones' files. */
function site(loaded: LoadedDeployment, certs: Map<string, IssuedCertificate>) {
  const asa = (name: string): RawInput => {
    const h = loaded.deployment.headends.find((x) => x.name === name);
    assert.ok(h);
    const cert = certs.get(`${name}.pem`);
    assert.ok(cert);
    const text = `${generateAsaConfig(loaded, h)}${chainBlock(h.identity.trustpoint, cert)}`;
    return { source: `${h.hostname}-running-config.txt`, bytes: Buffer.from(text) };
  };
  const phones: RawInput[] = loaded.deployment.phones.map((p) => ({
    source: phoneConfigFileName(p.mac),
    bytes: Buffer.from(generatePhoneConfig(loaded, p)),
  }));
  return { a: asa('vpn-a'), b: asa('vpn-b'), phones };
}

const errors = (r: AuditReport) => r.findings.filter((f) => f.severity === 'error');
const ids = (r: AuditReport) => r.findings.map((f) => f.id);

describe('audit of a site with two ASAs', () => {
  const certs = new Map<string, IssuedCertificate>();
  let good: ReturnType<typeof site>;
  let loaded: LoadedDeployment;
  before(async () => {
    for (const name of ['vpn-a', 'vpn-b'])
      certs.set(
        `${name}.pem`,
        await createSelfSignedIdentity({
          subject: `CN=${name}.example.net`,
          sanDns: [`${name}.example.net`],
        }),
      );
    loaded = load(deploymentYaml('vpn-b.pem'), certs);
    good = site(loaded, certs);
  });

  it("the primary's configuration with the phones' files: no mismatch on url2, notChecked says what to collect", () => {
    const r = runAudit([good.a, ...good.phones], { now: new Date('2026-12-01') });
    assert.deepEqual(
      errors(r),
      [],
      errors(r)
        .map((f) => `${f.id}: ${f.message}`)
        .join('\n'),
    );
    assert.ok(!ids(r).includes('group-url-mismatch'), 'url2 is the backup, not a typo of url1');
    assert.ok(
      !ids(r).includes('host-id-check-mismatch'),
      "vpn-b's host is not checked against vpn-a's certificate",
    );
    const reasons = r.notChecked.filter((n) => n.id === 'group-url-mismatch').map((n) => n.reason);
    assert.ok(
      reasons.includes(
        'url2 https://vpn-b.example.net/phones: collect the running configuration of the headend for url2',
      ),
      reasons.join('\n'),
    );
  });

  it('a primary whose group-url has a typo is still a mismatch on url1, naming its tunnel group', () => {
    const typo = {
      ...good.a,
      bytes: Buffer.from(
        Buffer.from(good.a.bytes)
          .toString()
          .replace(
            'group-url https://vpn-a.example.net/phones enable',
            'group-url https://vpn-a.example.net/phone enable',
          ),
      ),
    };
    const r = runAudit([typo, ...good.phones], { now: new Date('2026-12-01') });
    const m = r.findings.filter((f) => f.id === 'group-url-mismatch');
    assert.equal(m.length, 1, m.map((f) => f.message).join('\n'));
    assert.match(m[0]?.message ?? '', /https:\/\/vpn-a\.example\.net\/phones/);
    assert.ok(!(m[0]?.message ?? '').includes('vpn-b'));
  });

  it('both configurations with the phones: no error, each ASA judged with its own certificate and URL', () => {
    for (const opts of [{}, { deployment: { source: 'deployment.yaml', value: loaded } }]) {
      const r = runAudit([good.a, good.b, ...good.phones], { now: new Date('2026-12-01'), ...opts });
      assert.deepEqual(
        errors(r),
        [],
        errors(r)
          .map((f) => `${f.id}: ${f.message}`)
          .join('\n'),
      );
      assert.ok(!r.notChecked.some((n) => /collect the running configuration/.test(n.reason)));
    }
  });

  it('with -d and the backup not collected: notChecked for its gateway, no error', () => {
    const r = runAudit([good.a, ...good.phones], {
      now: new Date('2026-12-01'),
      deployment: { source: 'deployment.yaml', value: loaded },
    });
    assert.deepEqual(
      errors(r),
      [],
      errors(r)
        .map((f) => `${f.id}: ${f.message}`)
        .join('\n'),
    );
    assert.ok(
      r.notChecked.some(
        (n) =>
          n.id === 'group-url-mismatch' &&
          n.reason ===
            'collect the running configuration of headend vpn-b (url2 https://vpn-b.example.net/phones)',
      ),
      r.notChecked.map((n) => `${n.id}: ${n.reason}`).join('\n'),
    );
  });

  it('an active/standby failover pair captured from both units is one headend: the same findings as one capture', () => {
    const config = Buffer.from(good.a.bytes).toString();
    const unit = (prompt: string, role: string): RawInput => ({
      source: `${prompt.replace(/\//g, '-')}-session.log`,
      bytes: Buffer.from(
        `${prompt}# show running-config\n${config}failover\nfailover lan unit ${role}\n` +
          `failover lan interface folink GigabitEthernet0/3\n${prompt}# `,
      ),
    });
    const pair = [unit('asa-a/pri/act', 'primary'), unit('asa-a/sec/stby', 'secondary')];
    const summary = (r: AuditReport) => r.findings.map((f) => `${f.id}: ${f.message}`).sort();
    for (const opts of [{}, { deployment: { source: 'deployment.yaml', value: loaded } }]) {
      const one = runAudit([good.a, good.b, ...good.phones], { now: new Date('2026-12-01'), ...opts });
      const both = runAudit([...pair, good.b, ...good.phones], { now: new Date('2026-12-01'), ...opts });
      assert.deepEqual(errors(both), [], summary(both).join('\n'));
      // The standby's capture is named as read for the same ASA (info), and nothing else differs.
      const same = both.findings.filter((f) => f.id === 'unrecognized-input');
      assert.equal(same.length, 1, summary(both).join('\n'));
      assert.match(
        same[0]?.message ?? '',
        /asa-a-sec-stby-session\.log is another complete running configuration of the ASA asa-a/,
      );
      assert.equal(same[0]?.severity, 'info');
      assert.deepEqual(
        summary(both).filter((m) => !m.startsWith('unrecognized-input')),
        summary(one),
      );
      assert.ok(!both.notChecked.some((n) => /collect the running configuration/.test(n.reason)));
    }
  });

  it("each ASA's show version judges its own configuration: the backup's missing phone license is found whatever the order", () => {
    // Each ASA captured in one session: its running configuration and its `show version` under its prompt.
    const lab = readFileSync('test/fixtures/headends/show-version-lab.txt', 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
    const session = (raw: RawInput, host: string, license: string): RawInput => ({
      source: `${host}-session.log`,
      bytes: Buffer.from(
        `${host}# show running-config\n${Buffer.from(raw.bytes).toString()}${host}# show version\n` +
          `${lab.replace('AnyConnect for Cisco VPN Phone : Enabled', `AnyConnect for Cisco VPN Phone : ${license}`)}\n${host}# `,
      ),
    });
    const a = session(good.a, 'asa-a', 'Enabled');
    const b = session(good.b, 'asa-b', 'Disabled');
    for (const order of [
      [a, b],
      [b, a],
    ])
      for (const opts of [{}, { deployment: { source: 'deployment.yaml', value: loaded } }]) {
        const r = runAudit([...order, ...good.phones], { now: new Date('2026-12-01'), ...opts });
        const lic = r.findings.filter((f) => f.id === 'license-vpn-phone-disabled');
        assert.equal(lic.length, 1, r.findings.map((f) => `${f.id}: ${f.message}`).join('\n'));
        assert.deepEqual(
          lic[0]?.evidence.map((e) => e.source),
          ['asa-b-session.log'],
        );
      }
  });

  it("a show version captured under one ASA's prompt is not used for another: the check says what to collect", () => {
    const lab = readFileSync('test/fixtures/headends/show-version-lab.txt', 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
    const disabled = lab.replace(
      'AnyConnect for Cisco VPN Phone : Enabled',
      'AnyConnect for Cisco VPN Phone : Disabled',
    );
    const shown: RawInput = {
      source: 'asa-a-show-version.log',
      bytes: Buffer.from(`asa-a# show version\n${disabled}\nasa-a# `),
    };
    const r = runAudit([good.a, good.b, shown, ...good.phones], {
      now: new Date('2026-12-01'),
      deployment: { source: 'deployment.yaml', value: loaded },
    });
    const lic = r.findings.filter((f) => f.id === 'license-vpn-phone-disabled');
    assert.equal(lic.length, 1);
    assert.ok(
      r.notChecked.some((n) => n.id === 'license-vpn-phone-disabled' && /show version/.test(n.reason)),
      r.notChecked.map((n) => `${n.id}: ${n.reason}`).join('\n'),
    );
  });

  it("show version of two ASAs with one configuration: the configuration's is used, whatever the order; the other says why not", () => {
    const lab = readFileSync('test/fixtures/headends/show-version-lab.txt', 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
    // Each named by its own `<host> up` line (no prompt), or by its prompt.
    const shown = (host: string, license: string, prompt: boolean): RawInput => {
      const body = lab
        .replace('sckiewer-ASAv up', `${host} up`)
        .replace('AnyConnect for Cisco VPN Phone : Enabled', `AnyConnect for Cisco VPN Phone : ${license}`);
      return {
        source: `${host}-show-version.txt`,
        bytes: Buffer.from(prompt ? `${host}# show version\n${body}\n${host}# ` : body),
      };
    };
    const lic = (r: AuditReport) => r.findings.filter((f) => f.id === 'license-vpn-phone-disabled');
    const unused = (r: AuditReport) =>
      r.findings
        .filter((f) => f.id === 'unrecognized-input')
        .flatMap((f) => f.evidence.map((e) => e.source))
        .sort();
    for (const prompt of [false, true]) {
      const a = shown('asa-a', 'Disabled', prompt);
      const b = shown('asa-b', 'Enabled', prompt);
      for (const order of [
        [a, b],
        [b, a],
      ]) {
        // asa-b's configuration: asa-b's show version (enabled) judges it; asa-a's is not used.
        const r = runAudit([good.b, ...order], { now: new Date('2026-12-01') });
        assert.deepEqual(lic(r), [], `prompt ${prompt}: ${r.findings.map((f) => f.id).join(', ')}`);
        assert.deepEqual(unused(r), ['asa-a-show-version.txt']);
        // asa-a's configuration: its disabled license is found.
        const ra = runAudit([good.a, ...order], { now: new Date('2026-12-01') });
        assert.deepEqual(
          lic(ra).flatMap((f) => f.evidence.map((e) => e.source)),
          ['asa-a-show-version.txt'],
        );
        // No configuration: which ASA is audited is unknown; neither is used, and the check says what it needs.
        const none = runAudit(order, { now: new Date('2026-12-01') });
        assert.deepEqual(lic(none), []);
        assert.deepEqual(unused(none), ['asa-a-show-version.txt', 'asa-b-show-version.txt']);
        assert.ok(none.notChecked.some((n) => n.id === 'license-vpn-phone-disabled'));
      }
    }
    // One ASA's show version twice (a second capture): used as before.
    const twice = runAudit([good.b, shown('asa-b', 'Disabled', false), shown('asa-b', 'Disabled', true)], {
      now: new Date('2026-12-01'),
    });
    assert.equal(lic(twice).length, 1);
  });

  it('a backup whose certificate the phones lack: gateway-cert-not-trusted naming that headend and gateway', () => {
    // CUCM's gateway gw-b was given vpn-a's certificate: the phones hold no hash of vpn-b's.
    const wrong = load(deploymentYaml('vpn-a.pem'), certs);
    const s = site(wrong, certs);
    for (const opts of [{}, { deployment: { source: 'deployment.yaml', value: wrong } }]) {
      const r = runAudit([s.a, s.b, ...s.phones], { now: new Date('2026-12-01'), ...opts });
      const bad = r.findings.filter((f) => f.id === 'gateway-cert-not-trusted');
      assert.equal(bad.length, 1, r.findings.map((f) => `${f.id}: ${f.message}`).join('\n'));
      const f = bad[0];
      assert.ok(f);
      assert.match(f.message, /CN=vpn-b\.example\.net/);
      assert.ok(f.evidence.some((e) => e.source === 'asa-b-running-config.txt'));
      assert.ok(!f.evidence.some((e) => e.source === 'asa-a-running-config.txt'));
      if (!('deployment' in opts)) {
        // Without the deployment no gateway name is known: the phones' URL this headend serves is named.
        assert.match(
          f.message,
          /phones refuse the connection to url2 https:\/\/vpn-b\.example\.net\/phones\./,
        );
        assert.match(f.fix ?? '', /VPN Gateway of https:\/\/vpn-b\.example\.net\/phones:/);
      }
      if ('deployment' in opts) {
        assert.match(f.message, /^Headend vpn-b presents/);
        assert.match(f.message, /through VPN gateway "gw-b"/);
        assert.match(f.fix ?? '', /VPN Gateway "gw-b"/);
      }
      assert.deepEqual(
        errors(r).map((x) => x.id),
        ['gateway-cert-not-trusted'],
      );
    }
  });
});
