// Tests for the ocserv.conf generator: the lab example turned into an ocserv deployment, and the fixtures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { type LoadedDeployment, loadDeployment } from '../model/load.js';
import { readCertificates } from '../pki/cert.js';
import { createSelfSignedIdentity, createTestCa, type IssuedCertificate } from '../pki/create.js';
import {
  CA_BUNDLE_NAME,
  generateOcservConf,
  OCSERV_PHONE_SAFE_PRIORITIES,
  phoneCaBundle,
  phoneCaFiles,
} from './generate.js';

const root = process.cwd();
const fixture = (name: string) => join(root, 'test/fixtures/deployments', name);

/** Options ocserv 1.3 knows (from its ocserv.conf), to catch a misspelt key in the output. */
const KNOWN_KEYS = new Set([
  'auth',
  'cert-user-oid',
  'ca-cert',
  'server-cert',
  'server-key',
  'listen-host',
  'tcp-port',
  'udp-port',
  'cisco-client-compat',
  'cisco-svc-client-compat',
  'dtls-legacy',
  'tls-priorities',
  'ipv4-network',
  'ipv4-netmask',
  'dns',
  'keepalive',
  'dpd',
  'try-mtu-discovery',
  'socket-file',
  'occtl-socket-file',
  'use-occtl',
  'isolate-workers',
  'device',
]);

/** The `key = value` lines of a configuration (comments and blank lines left out). */
function settings(conf: string): [string, string][] {
  return conf
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = l.match(/^([a-z0-9-]+) = (.+)$/);
      assert.ok(m, `not a "key = value" line: ${l}`);
      return [m[1]!, m[2]!];
    });
}

function values(conf: string, key: string): string[] {
  return settings(conf)
    .filter(([k]) => k === key)
    .map(([, v]) => v);
}

function value(conf: string, key: string): string | undefined {
  const v = values(conf, key);
  assert.ok(v.length <= 1, `${key} appears ${v.length} times`);
  return v[0];
}

function loadWith(
  text: string,
  source: string,
  files: Record<string, string | Uint8Array>,
): LoadedDeployment {
  const r = loadDeployment(text, source, (f) => {
    const c = files[f];
    if (c === undefined) throw Object.assign(new Error(`no file ${f}`), { code: 'ENOENT' });
    return typeof c === 'string' ? new TextEncoder().encode(c) : c;
  });
  assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r;
}

/** examples/lab/deployment.yaml with headend.kind ocserv, /svc URLs and an identity key. */
function labAsOcserv(): LoadedDeployment {
  const doc = parseDocument(readFileSync(join(root, 'examples/lab/deployment.yaml'), 'utf8'));
  doc.setIn(['headend', 'kind'], 'ocserv');
  doc.setIn(['headend', 'version'], '1.3.0');
  doc.setIn(['headend', 'tunnelGroup', 'groupUrl'], 'https://asav.sckiewer.lab/svc');
  doc.setIn(['cucm', 'vpnGateways', 0, 'url'], 'https://asav.sckiewer.lab/svc');
  doc.setIn(['headend', 'identity', 'key'], 'certs/asa-identity-key.pem');
  const cert = readFileSync(join(root, 'examples/lab/certs/asa-identity-cert.pem'));
  return loadWith(doc.toString(), 'lab-ocserv.yaml', {
    'certs/asa-identity-cert.pem': cert,
    // Only its presence is checked by the model; the generator never reads a key.
    'certs/asa-identity-key.pem': 'not read',
  });
}

describe('generateOcservConf: the lab example on ocserv', () => {
  const loaded = labAsOcserv();
  const conf = generateOcservConf(loaded);

  it('writes only options ocserv knows, each once except dns', () => {
    const keys = settings(conf).map(([k]) => k);
    for (const k of keys) assert.ok(KNOWN_KEYS.has(k), `unknown ocserv option ${k}`);
    for (const k of KNOWN_KEYS) if (k !== 'dns') assert.ok(keys.filter((x) => x === k).length <= 1, k);
  });

  it('uses certificate authentication with the CN as user name', () => {
    assert.equal(value(conf, 'auth'), '"certificate"');
    assert.equal(value(conf, 'cert-user-oid'), '2.5.4.3');
    // No CA file in the lab: a placeholder naming the MIC SHA-256 chain of the 8861.
    assert.equal(value(conf, 'ca-cert'), 'phone-ca.pem');
    assert.match(conf, /# {3}Cisco_Root_CA_M2: MIC SHA-256 chain \(root\)/);
    assert.match(conf, /# {3}Cisco_Manufacturing_CA_SHA2/);
  });

  it('takes the identity, the outside address and the phone ports from the deployment', () => {
    assert.equal(value(conf, 'server-cert'), 'certs/asa-identity-cert.pem');
    assert.equal(value(conf, 'server-key'), 'certs/asa-identity-key.pem');
    assert.match(conf, /relative paths are relative to ocserv's working directory/);
    assert.equal(value(conf, 'listen-host'), '172.16.1.250');
    assert.equal(value(conf, 'tcp-port'), '443');
    assert.equal(value(conf, 'udp-port'), '443');
  });

  it('turns on the phone compatibility and the phone-safe ciphers', () => {
    assert.equal(value(conf, 'cisco-client-compat'), 'true');
    assert.equal(value(conf, 'cisco-svc-client-compat'), 'true');
    assert.equal(value(conf, 'dtls-legacy'), 'true');
    assert.equal(value(conf, 'tls-priorities'), `"${OCSERV_PHONE_SAFE_PRIORITIES}"`);
    assert.doesNotMatch(value(conf, 'tls-priorities')!, /ECDHE/);
    assert.equal(value(conf, 'try-mtu-discovery'), 'false');
  });

  it('hands out the tunnel group pool and keeps the schema defaults', () => {
    assert.equal(value(conf, 'ipv4-network'), '10.10.1.0');
    assert.equal(value(conf, 'ipv4-netmask'), '255.255.255.0');
    assert.deepEqual(values(conf, 'dns'), []);
    assert.equal(value(conf, 'keepalive'), '32400');
    assert.equal(value(conf, 'dpd'), '90');
    assert.equal(value(conf, 'socket-file'), '/var/run/ocserv/ocserv-socket');
    assert.equal(value(conf, 'occtl-socket-file'), '/var/run/ocserv/occtl.socket');
    assert.equal(value(conf, 'use-occtl'), 'true');
    assert.equal(value(conf, 'isolate-workers'), 'false');
    assert.equal(value(conf, 'device'), 'vpns');
  });

  it('lists the gateway URL phones use', () => {
    assert.match(conf, /^# {3}asav\.sckiewer\.lab: https:\/\/asav\.sckiewer\.lab\/svc$/m);
  });

  it('places files and sockets where the caller says', () => {
    const placed = generateOcservConf(loaded, {
      certDir: '/run/vpnphone/7-1',
      runDir: '/run/vpnphone/7-1',
      listenHost: '198.18.0.1',
      tcpPort: 4443,
      udpPort: 4443,
      device: 'tun-test',
    });
    assert.equal(value(placed, 'server-cert'), '/run/vpnphone/7-1/asa-identity-cert.pem');
    assert.equal(value(placed, 'server-key'), '/run/vpnphone/7-1/asa-identity-key.pem');
    assert.equal(value(placed, 'ca-cert'), '/run/vpnphone/7-1/phone-ca.pem');
    assert.doesNotMatch(placed, /relative paths/);
    assert.equal(value(placed, 'socket-file'), '/run/vpnphone/7-1/ocserv-socket');
    assert.equal(value(placed, 'occtl-socket-file'), '/run/vpnphone/7-1/occtl.socket');
    assert.equal(value(placed, 'listen-host'), '198.18.0.1');
    assert.equal(value(placed, 'tcp-port'), '4443');
    assert.equal(value(placed, 'udp-port'), '4443');
    assert.equal(value(placed, 'device'), 'tun-test');
    assert.equal(
      value(generateOcservConf(loaded, { caCert: '/etc/ssl/mic.pem' }), 'ca-cert'),
      '/etc/ssl/mic.pem',
    );
  });
});

/** Certificates for the fixtures, made once (RSA key generation is the slow part). */
let certs: { ca: IssuedCertificate[]; ids: IssuedCertificate[] };

describe('generateOcservConf: fixtures', () => {
  before(async () => {
    const ca = await Promise.all(
      ['CN=Test Root M2', 'CN=Test Manufacturing SHA2', 'CN=Test CAPF'].map((subject) =>
        createTestCa({ subject }),
      ),
    );
    const ids = await Promise.all(
      ['CN=vpn1.example.net', 'CN=vpn2.example.net', 'CN=192.0.2.20'].map((subject) =>
        createSelfSignedIdentity({ subject }),
      ),
    );
    certs = { ca, ids };
  });

  const twoGateways = () =>
    loadWith(readFileSync(fixture('ocserv-two-gateways-password.yaml'), 'utf8'), 'two.yaml', {
      'certs/vpn1.pem': certs.ids[0]!.certPem,
      'certs/vpn1.key': 'not read',
      'certs/vpn2.pem': certs.ids[1]!.certPem,
      'certs/capf.pem': certs.ca[2]!.certPem,
    });
  const micAndLsc = () =>
    loadWith(readFileSync(fixture('ocserv-mic-and-lsc.yaml'), 'utf8'), 'mic.yaml', {
      '/etc/ocserv/ssl/server.pem': certs.ids[2]!.certPem,
      '/etc/ocserv/ssl/server.key': 'not read',
      'ca/root-m2.pem': certs.ca[0]!.certPem,
      'ca/mfg-sha2.pem': certs.ca[1]!.certPem,
      'ca/capf.pem': certs.ca[2]!.certPem,
    });

  it('two gateways, password logins, LSC phones, DTLS off, default ciphers', () => {
    const conf = generateOcservConf(twoGateways());
    for (const [k] of settings(conf)) assert.ok(KNOWN_KEYS.has(k), `unknown ocserv option ${k}`);
    assert.equal(value(conf, 'auth'), '"plain[passwd=/etc/ocserv/ocpasswd]"');
    assert.equal(value(conf, 'cert-user-oid'), undefined);
    assert.equal(value(conf, 'ca-cert'), undefined, 'password logins need no phone CA');
    assert.match(conf, /ocpasswd -c FILE USER/);
    assert.equal(value(conf, 'listen-host'), '203.0.113.10', 'the address of the outside interface "wan"');
    assert.equal(value(conf, 'tcp-port'), '8443');
    // dtls: false: no udp-port at all (verified: ocserv 1.3 then listens on TCP only).
    assert.equal(value(conf, 'udp-port'), undefined);
    assert.match(conf, /group policy phones-tcp-only has dtls: false/);
    assert.equal(value(conf, 'tls-priorities'), undefined, 'ciphers: default');
    assert.equal(value(conf, 'ipv4-network'), '10.30.4.0', 'the tunnel group pool, not the first one');
    assert.equal(value(conf, 'ipv4-netmask'), '255.255.252.0');
    assert.deepEqual(values(conf, 'dns'), ['10.20.0.53', '10.20.0.54']);
    assert.equal(value(conf, 'keepalive'), '20');
    assert.equal(value(conf, 'dpd'), '30');
    assert.equal(value(conf, 'device'), 'phonetun');
    assert.equal(value(conf, 'socket-file'), '/run/ocserv-phones/ocserv-socket');
    assert.match(
      conf,
      /vpn1: https:\/\/vpn1\.example\.net\/svc\n# {3}vpn2: https:\/\/vpn2\.example\.net\/svc/,
    );
    const custom = generateOcservConf(twoGateways(), { passwdFile: '/srv/phones.passwd', udpPort: 443 });
    assert.equal(value(custom, 'auth'), '"plain[passwd=/srv/phones.passwd]"');
    assert.equal(value(custom, 'udp-port'), undefined, 'dtls: false wins over a UDP port');
  });

  it('MIC and LSC phones: one CA bundle with the three CA certificates', () => {
    const loaded = micAndLsc();
    assert.deepEqual(phoneCaFiles(loaded.deployment), ['ca/root-m2.pem', 'ca/mfg-sha2.pem', 'ca/capf.pem']);
    const conf = generateOcservConf(loaded);
    assert.equal(value(conf, 'ca-cert'), CA_BUNDLE_NAME);
    assert.equal(value(conf, 'server-cert'), '/etc/ocserv/ssl/server.pem');
    assert.doesNotMatch(conf.split('# --- Identity')[1]!.split('# --- Where')[0]!, /relative paths/);
    assert.equal(value(conf, 'ipv4-network'), '172.31.8.0');
    assert.equal(value(conf, 'ipv4-netmask'), '255.255.255.128');
    assert.equal(value(conf, 'udp-port'), '443', 'dtls defaults to true');
    const withDir = generateOcservConf(loaded, { certDir: '/etc/ocserv/certs' });
    assert.equal(value(withDir, 'ca-cert'), `/etc/ocserv/certs/${CA_BUNDLE_NAME}`);
    assert.equal(value(withDir, 'server-key'), '/etc/ocserv/certs/server.key');
    const bundle = phoneCaBundle(loaded);
    assert.ok(bundle);
    assert.deepEqual(
      readCertificates(bundle).map((c) => c.subjectCN),
      ['Test Root M2', 'Test Manufacturing SHA2', 'Test CAPF'],
    );
  });

  it('LSC phones alone: the CAPF certificate is the CA file', () => {
    const text = readFileSync(fixture('ocserv-two-gateways-password.yaml'), 'utf8')
      .replace('authentication: aaa', 'authentication: certificate')
      .replace('clientAuthentication: user-password', 'clientAuthentication: certificate');
    const loaded = loadWith(text, 'lsc.yaml', {
      'certs/vpn1.pem': certs.ids[0]!.certPem,
      'certs/vpn1.key': 'not read',
      'certs/vpn2.pem': certs.ids[1]!.certPem,
      'certs/capf.pem': certs.ca[2]!.certPem,
    });
    assert.equal(value(generateOcservConf(loaded), 'ca-cert'), 'certs/capf.pem');
    assert.equal(
      value(generateOcservConf(loaded, { certDir: '/etc/ocserv' }), 'ca-cert'),
      '/etc/ocserv/capf.pem',
    );
    assert.equal(readCertificates(phoneCaBundle(loaded)!)[0]?.subjectCN, 'Test CAPF');
  });

  it('vpnphone generate ocserv writes the configuration and the CA bundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpnphone-gen-ocserv-'));
    try {
      const yaml = readFileSync(fixture('ocserv-mic-and-lsc.yaml'), 'utf8').replaceAll(
        '/etc/ocserv/ssl/',
        'ssl/',
      );
      const files: Record<string, string> = {
        'deployment.yaml': yaml,
        'ssl/server.pem': certs.ids[2]!.certPem,
        'ssl/server.key': 'not read',
        'ca/root-m2.pem': certs.ca[0]!.certPem,
        'ca/mfg-sha2.pem': certs.ca[1]!.certPem,
        'ca/capf.pem': certs.ca[2]!.certPem,
      };
      for (const [f, c] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), c);
      }
      const cli = (args: string[]) =>
        spawnSync(process.execPath, [join(root, 'bin/vpnphone.js'), 'generate', 'ocserv', ...args], {
          encoding: 'utf8',
          timeout: 30_000,
        });
      const r = cli([
        '-d',
        join(dir, 'deployment.yaml'),
        '--cert-dir',
        '/etc/ocserv/certs',
        '--tcp-port',
        '8443',
        '--ca-bundle',
        join(dir, 'bundle.pem'),
        '-o',
        join(dir, 'ocserv.conf'),
      ]);
      assert.equal(r.status, 0, r.stderr);
      const conf = readFileSync(join(dir, 'ocserv.conf'), 'utf8');
      assert.equal(value(conf, 'ca-cert'), `/etc/ocserv/certs/${CA_BUNDLE_NAME}`);
      assert.equal(value(conf, 'tcp-port'), '8443');
      assert.equal(value(conf, 'udp-port'), '443');
      assert.equal(readCertificates(readFileSync(join(dir, 'bundle.pem'))).length, 3);

      const bad = cli(['-d', join(dir, 'deployment.yaml'), '--tcp-port', '70000']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /70000: not a port number/);

      writeFileSync(join(dir, 'asa.yaml'), readFileSync(join(root, 'examples/lab/deployment.yaml')));
      mkdirSync(join(dir, 'certs'), { recursive: true });
      writeFileSync(
        join(dir, 'certs/asa-identity-cert.pem'),
        readFileSync(join(root, 'examples/lab/certs/asa-identity-cert.pem')),
      );
      const asa = cli(['-d', join(dir, 'asa.yaml')]);
      assert.equal(asa.status, 2);
      assert.match(asa.stderr, /headend\.kind is asa/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
