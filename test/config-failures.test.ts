// The configuration checks past the technote: split tunnelling, licensed peers and pool size against the
// phones the inputs name, and ocserv.conf for phones. Each fires on two differently shaped inputs, says
// notChecked without the part it needs, and is silent on the project's own generated configurations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateAsaConfig } from '../src/asa/generate.js';
import { runAudit } from '../src/checks/audit.js';
import { parseDeployment } from '../src/model/load.js';
import { generateOcservConf } from '../src/ocserv/generate.js';
import { NEW_CONFIG_IDS } from './support/new-ids.js';
import { ocservDeploymentYaml } from './support/ocserv-deployment.js';

const FIX = join(process.cwd(), 'test/fixtures/config-failures');
const read = (n: string) => ({ source: n, bytes: new Uint8Array(readFileSync(join(FIX, n))) });
const text = (source: string, t: string) => ({ source, bytes: new Uint8Array(Buffer.from(t)) });
const NEW = NEW_CONFIG_IDS;

function audit(inputs: { source: string; bytes: Uint8Array }[]) {
  return runAudit(inputs, { now: new Date(Date.UTC(2026, 0, 1)) });
}
const ids = (r: ReturnType<typeof audit>) =>
  r.findings
    .map((f) => f.id)
    .filter((id) => NEW.includes(id))
    .sort();
const notChecked = (r: ReturnType<typeof audit>, id: string) => r.notChecked.find((n) => n.id === id)?.reason;

describe('split-tunnel-not-tunnelall', () => {
  test("the phones' own group policy splits", () => {
    const r = audit([read('asa-split-own.txt'), read('SEP001122334455.cnf.xml')]);
    const f = r.findings.find((x) => x.id === 'split-tunnel-not-tunnelall');
    assert.ok(f);
    assert.match(f.fix, /group-policy GP-PHONES attributes\n split-tunnel-policy tunnelall/);
    assert.equal(f.evidence[0]?.line, 6);
  });
  test('inherited from DfltGrpPolicy (another ASA version, other spacing)', () => {
    const f = audit([read('asa-split-inherited.txt')]).findings.find(
      (x) => x.id === 'split-tunnel-not-tunnelall',
    );
    assert.match(
      f?.message ?? '',
      /Voice inherits `split-tunnel-policy excludespecified` from DfltGrpPolicy/,
    );
  });
  test('no running configuration: notChecked', () => {
    assert.match(
      notChecked(audit([read('show-version-2-peers.txt')]), 'split-tunnel-not-tunnelall') ?? '',
      /running configuration/,
    );
  });
});

describe('vpn-peer-license-short and address-pool-too-small', () => {
  const phones3 = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      text(
        `SEP00112233445${i}.cnf.xml`,
        readFileSync(join(FIX, 'SEP001122334455.cnf.xml'), 'utf8').replace(
          'SEP001122334455',
          `SEP00112233445${i}`,
        ),
      ),
    );
  test('2 AnyConnect Premium peers, 3 phone configurations; a 2-address pool', () => {
    const r = audit([read('show-version-2-peers.txt'), read('asa-split-own.txt'), ...phones3(3)]);
    assert.deepEqual(ids(r), [
      'address-pool-too-small',
      'split-tunnel-not-tunnelall',
      'vpn-peer-license-short',
    ]);
    assert.match(
      r.findings.find((f) => f.id === 'vpn-peer-license-short')!.message,
      /licenses 2 peer\(s\) \(AnyConnect Premium Peers\)/,
    );
    assert.match(
      r.findings.find((f) => f.id === 'address-pool-too-small')!.message,
      /PHONE-POOL \(2 address\(es\)\).* 3 phone/,
    );
  });
  test('Total VPN Peers limits on a smart-licensed 9.18; a 200-address pool is enough for 2 phones', () => {
    const r = audit([read('show-version-smart.txt'), read('asa-split-inherited.txt'), ...phones3(2)]);
    assert.deepEqual(ids(r), ['split-tunnel-not-tunnelall', 'vpn-peer-license-short']);
    assert.match(
      r.findings.find((f) => f.id === 'vpn-peer-license-short')!.message,
      /1 peer\(s\) \(Total VPN Peers\)/,
    );
  });
  test('without phones named: notChecked, never an error', () => {
    const r = audit([read('show-version-2-peers.txt'), read('asa-split-own.txt')]);
    assert.match(notChecked(r, 'vpn-peer-license-short') ?? '', /needs the phones/);
    assert.match(notChecked(r, 'address-pool-too-small') ?? '', /needs the phones/);
  });
});

describe('ocserv.conf', () => {
  test('read as its own input kind', () => {
    const r = audit([read('ocserv-desktop.conf')]);
    assert.equal(r.inputs[0]?.kind, 'ocserv-config');
  });
  test('cisco-svc-client-compat = false with phone configurations: compat disabled and a URL without /svc', () => {
    const r = audit([read('ocserv-desktop.conf'), read('SEP001122334455.cnf.xml')]);
    assert.deepEqual(ids(r), ['gateway-url-not-svc', 'ocserv-svc-compat-disabled']);
    assert.equal(r.findings.find((f) => f.id === 'ocserv-svc-compat-disabled')!.evidence[0]?.line, 10);
    assert.match(
      r.findings.find((f) => f.id === 'gateway-url-not-svc')!.fix,
      /https:\/\/vpn\.branch\.example\.org\/svc/,
    );
  });
  test('compat on with udp-port 4443 (no spaces around =, a trailing comment)', () => {
    const phone = text(
      'SEP0A0B0C0D0E0F.cnf.xml',
      readFileSync(join(FIX, 'SEP001122334455.cnf.xml'), 'utf8').replace('/phones', '/svc'),
    );
    const r = audit([read('ocserv-udp-4443.conf'), phone]);
    assert.deepEqual(ids(r), ['ocserv-udp-port-not-443']);
    assert.match(r.findings[0]!.message, /udp-port = 4443/);
  });
  test('an ocserv.conf nothing says is for phones: notChecked, not an error', () => {
    const r = audit([read('ocserv-desktop.conf')]);
    assert.deepEqual(ids(r), []);
    assert.match(notChecked(r, 'ocserv-svc-compat-disabled') ?? '', /serves phones/);
  });
});

describe("silent on the project's own configurations", () => {
  test('generated ocserv.conf with its deployment', () => {
    for (const dtls of [true, false]) {
      const yaml = ocservDeploymentYaml(dtls);
      const d = parseDeployment(yaml, 'd.yaml');
      assert.ok(d.ok);
      const conf = generateOcservConf({ deployment: d.deployment, certs: new Map() });
      const r = audit([text('ocserv.conf', conf), text('d.yaml', yaml)]);
      assert.equal(r.inputs[0]?.kind, 'ocserv-config');
      assert.deepEqual(ids(r), []);
    }
  });
  test('the lab running configuration with its deployment', () => {
    const yaml = readFileSync(join(process.cwd(), 'examples/lab/deployment.yaml'), 'utf8');
    const d = parseDeployment(yaml, 'd.yaml');
    assert.ok(d.ok);
    const asa = generateAsaConfig({ deployment: d.deployment, certs: new Map() });
    assert.deepEqual(ids(audit([text('asa.txt', asa), text('d.yaml', yaml)])), []);
  });
});
