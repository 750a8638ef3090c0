// Integration: the generated ocserv.conf runs in a real ocserv 1.3, and openconnect 9.01 connects to it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LoadedDeployment, loadDeployment } from '../src/model/load.js';
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
  headendPrerequisites,
  openconnectPrerequisites,
  startHeadend,
} from './support/headend.js';

const ADDRESS = DEFAULT_HEADEND_ADDRESS;
const MAC = '001122334455';
const USER = 'CP-8861-SEP001122334455';

/** A certificate-auth ocserv deployment whose outside address is the test headend's veth address. */
function deploymentYaml(dtls: boolean): string {
  return `
name: integration
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
      mask: 255.255.255.0
  groupPolicies:
    - name: phone-policy
      dtls: ${dtls}
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
  ocserv:
    dns: [10.66.1.53]
cucm:
  capfCertificate: certs/phone-ca.pem
  vpnProfile:
    name: VPN_Profile
    clientAuthentication: certificate
  vpnGateways:
    - name: ocserv
      url: https://${ADDRESS}/svc
      certificates: [certs/server.pem]
  vpnGroup:
    name: VPN_Group
    gateways: [ocserv]
  commonPhoneProfile:
    name: VPN Phones
    vpnGroup: VPN_Group
    vpnProfile: VPN_Profile
phones:
  - mac: "${MAC}"
    model: "8861"
    certificate: LSC
    tftp: 10.66.1.10
`;
}

interface Pki {
  ca: IssuedCertificate;
  server: IssuedCertificate;
  phone: IssuedCertificate;
}

function load(pki: Pki, dtls: boolean): LoadedDeployment {
  const files: Record<string, string> = {
    'certs/server.pem': pki.server.certPem,
    'certs/server.key': pki.server.keyPem,
    'certs/phone-ca.pem': pki.ca.certPem,
  };
  const r = loadDeployment(deploymentYaml(dtls), 'integration.yaml', (f) => {
    const c = files[f];
    if (c === undefined) throw Object.assign(new Error(`no ${f}`), { code: 'ENOENT' });
    return new TextEncoder().encode(c);
  });
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  return r;
}

/** Starts ocserv with the generated configuration, its files in the headend's private directory. */
function start(pki: Pki, dtls: boolean): Promise<Headend> {
  const loaded = load(pki, dtls);
  return startHeadend({
    files: {
      'server.pem': pki.server.certPem,
      'server.key': pki.server.keyPem,
      'phone-ca.pem': pki.ca.certPem,
    },
    ocservConf: (env) => generateOcservConf(loaded, { certDir: env.dir, runDir: env.dir }),
  });
}

/** Fails in CI (CI=true) when the machine cannot run the headend; elsewhere the reason is printed and the suite skipped. */
function prerequisites(): string | undefined {
  const pre = headendPrerequisites();
  const oc = openconnectPrerequisites();
  const why = !pre.ok ? pre.why : !oc.ok ? oc.why : undefined;
  if (why && process.env['CI'] === 'true') throw new Error(`real-headend tests cannot run in CI: ${why}`);
  return why;
}

const missing = prerequisites();

describe('real ocserv 1.3 headend', { skip: missing ?? false, timeout: 120_000 }, () => {
  let pki: Pki;
  let work: string;

  before(async () => {
    const ca = await createTestCa({ subject: 'CN=Test CAPF' });
    const server = await issueCertificate(ca, {
      subject: `CN=${ADDRESS}`,
      usage: 'server',
      sanIp: [ADDRESS],
    });
    const phone = await issueCertificate(ca, {
      subject: phoneCertificateSubject('8861', MAC),
      usage: 'client',
    });
    pki = { ca, server, phone };
    // The client's files live on the host (openconnect runs in the phone namespace, not in the tree).
    work = mkdtempSync(join(tmpdir(), 'vpnphone-oc-'));
    writeFileSync(join(work, 'ca.pem'), ca.certPem);
    writeFileSync(join(work, 'phone.pem'), phone.certPem);
    writeFileSync(join(work, 'phone.key'), phone.keyPem, { mode: 0o600 });
    // Instead of vpnc-script (which rewrites /etc/resolv.conf): only the address and the pool route.
    writeFileSync(
      join(work, 'script.sh'),
      [
        '#!/bin/sh',
        'case "$reason" in',
        '  connect)',
        '    ip link set dev "$TUNDEV" up mtu "$INTERNAL_IP4_MTU"',
        '    ip addr add "$INTERNAL_IP4_ADDRESS/32" dev "$TUNDEV"',
        '    ip route add "$INTERNAL_IP4_NETADDR/$INTERNAL_IP4_NETMASKLEN" dev "$TUNDEV"',
        '    echo "vpnphone-script: connect $INTERNAL_IP4_ADDRESS dns=$INTERNAL_IP4_DNS"',
        '    ;;',
        '  disconnect) echo "vpnphone-script: disconnect" ;;',
        'esac',
        'exit 0',
        '',
      ].join('\n'),
    );
    chmodSync(join(work, 'script.sh'), 0o755);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('accepts the generated certificate-auth configuration and listens on TCP and UDP 443', async () => {
    const he = await start(pki, true);
    try {
      const logs = he.logs();
      assert.match(logs, new RegExp(`listening \\(TCP\\) on ${ADDRESS.replace(/\./g, '\\.')}:443`));
      assert.match(logs, /listening \(UDP\) on .*:443/);
      assert.doesNotMatch(logs, /skipping unknown option|error: /);
      assert.match(await he.occtl(['show', 'status']), /Status: online/);
    } finally {
      await he.stop();
    }
  });

  it('with dtls: false listens on TCP only', async () => {
    const he = await start(pki, false);
    try {
      assert.match(he.logs(), /listening \(TCP\) on/);
      assert.doesNotMatch(he.logs(), /listening \(UDP\)/);
      assert.match(await he.occtl(['show', 'status']), /Status: online/);
    } finally {
      await he.stop();
    }
  });

  it('lets openconnect 9.01 log in with a phone certificate and carries packets through the tunnel', async () => {
    const he = await start(pki, true);
    try {
      const oc = he.spawnInPhoneNs('timeout', [
        '60',
        'openconnect',
        '--protocol=anyconnect',
        '--non-inter',
        '--cafile',
        join(work, 'ca.pem'),
        '-c',
        join(work, 'phone.pem'),
        '-k',
        join(work, 'phone.key'),
        '--script',
        join(work, 'script.sh'),
        `https://${he.address}/`,
      ]);
      const m = await oc.waitFor(/vpnphone-script: connect (\d+\.\d+\.\d+\.\d+)/, 30_000);
      const address = m[1]!;
      assert.match(address, /^10\.66\.0\.\d+$/, 'address from the pool 10.66.0.0/24');
      assert.match(oc.output(), /dns=10\.66\.1\.53/);

      const users = await he.occtl(['show', 'users']);
      assert.match(users, new RegExp(USER));
      // The phone-safe tls-priorities took effect: RSA key exchange with AES-256-CBC and SHA-1.
      const user = await he.occtl(['show', 'user', USER]);
      assert.match(user, /TLS ciphersuite:.*RSA.*AES-256-CBC.*SHA1/);

      // The headend's end of the tunnel answers a ping across it.
      const tun = await he.runInHeadendNs('ip', ['-4', '-o', 'addr', 'show']);
      const local = tun.stdout.match(/vpns\d+\s+inet (10\.66\.0\.\d+)/)?.[1];
      assert.ok(local, `no tunnel address on the headend:\n${tun.stdout}`);
      const ping = await he.runInPhoneNs('ping', ['-c', '2', '-W', '2', local], { timeoutMs: 10_000 });
      assert.equal(ping.code, 0, ping.stdout + ping.stderr);

      // A clean disconnect: openconnect says goodbye and ocserv forgets the session.
      await oc.stop(5000);
      let left = '';
      for (let i = 0; i < 50; i++) {
        left = await he.occtl(['show', 'users']);
        if (!left.includes(USER)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.doesNotMatch(left, new RegExp(USER));
      assert.match(he.logs(), new RegExp(`user '${USER}'|${USER}`));
    } finally {
      await he.stop();
    }
  });
});
