// Benchmark: the probe's connect-to-DTLS-up against openconnect's on the same real ocserv 1.3, in one run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { certHashOf } from '../src/pki/cert.js';
import { createTestCa, issueCertificate, phoneCertificateSubject } from '../src/pki/create.js';
import type { ProbeJson } from '../src/probe/render.js';
import {
  certificateOcservConf,
  type Headend,
  headendPrerequisites,
  openconnectPrerequisites,
  startHeadend,
} from '../test/support/headend.js';

const ROUNDS = 5;
const USER = 'CP-8861-SEP001122334455';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function sessionGone(he: Headend): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (!(await he.occtl(['show', 'users'])).includes(USER)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the previous session did not go away');
}

export async function run(): Promise<void> {
  const pre = headendPrerequisites();
  const oc = openconnectPrerequisites();
  if (!pre.ok || !oc.ok) {
    console.log(`probe bench: skipped (${!pre.ok ? pre.why : !oc.ok ? oc.why : ''})`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'vpnphone-bench-'));
  const ca = await createTestCa({ subject: 'CN=Bench CA' });
  const address = '198.18.0.1';
  const server = await issueCertificate(ca, { subject: `CN=${address}`, usage: 'server', sanIp: [address] });
  const phone = await issueCertificate(ca, {
    subject: phoneCertificateSubject('8861', '001122334455'),
    usage: 'client',
  });
  writeFileSync(join(work, 'ca.pem'), ca.certPem);
  writeFileSync(join(work, 'phone.pem'), phone.certPem);
  writeFileSync(join(work, 'phone.key'), phone.keyPem, { mode: 0o600 });
  writeFileSync(join(work, 'script.sh'), '#!/bin/sh\necho "vpnphone-script: $reason"\nexit 0\n', {
    mode: 0o755,
  });
  const he = await startHeadend({
    files: { 'ca.pem': ca.certPem, 'server.pem': server.certPem, 'server.key': server.keyPem },
    ocservConf: certificateOcservConf({
      caCert: 'ca.pem',
      serverCert: 'server.pem',
      serverKey: 'server.key',
      tlsPriorities:
        'NONE:%SERVER_PRECEDENCE:%COMPAT:+VERS-TLS-ALL:+SIGN-ALL:+COMP-ALL:+RSA:+SHA1:+AES-256-CBC',
    }),
  });
  const bin = resolve(process.cwd(), 'bin/vpnphone.js');
  const probeArgs = [
    bin,
    'probe',
    '--url',
    `https://${address}/svc`,
    '--cert-hash',
    certHashOf(server.der),
    '--cert',
    join(work, 'phone.pem'),
    '--key',
    join(work, 'phone.key'),
    '--json',
    '--verbose',
  ];
  const ocArgs = [
    '30',
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
    `https://${address}/`,
  ];
  const probeSpawnToDtls: number[] = [];
  const probeConnect: number[] = [];
  const ocSpawnToDtls: number[] = [];
  const ocSpawnToTunnel: number[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      // Round 0 warms caches (page cache, ocserv's first worker) and is not counted.
      let t0 = performance.now();
      const p = he.spawnInPhoneNs(process.execPath, probeArgs);
      await p.waitFor(/vpnphone: dtls passed/, 30_000);
      const tp = performance.now() - t0;
      await p.exited;
      const json = JSON.parse(
        p.output().slice(p.output().indexOf('{'), p.output().lastIndexOf('}') + 1),
      ) as ProbeJson;
      if (!json.ok || json.facts.connectMs === undefined) throw new Error(`probe failed:\n${p.output()}`);
      await sessionGone(he);

      t0 = performance.now();
      const o = he.spawnInPhoneNs('timeout', ocArgs);
      await o.waitFor(/vpnphone-script: connect/, 30_000);
      const tt = performance.now() - t0;
      await o.waitFor(/Established DTLS connection/, 30_000);
      const td = performance.now() - t0;
      await o.stop(5000);
      await sessionGone(he);
      if (round > 0) {
        probeSpawnToDtls.push(tp);
        probeConnect.push(json.facts.connectMs);
        ocSpawnToTunnel.push(tt);
        ocSpawnToDtls.push(td);
      }
    }
  } finally {
    await he.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const pc = median(probeConnect);
  const ps = median(probeSpawnToDtls);
  const od = median(ocSpawnToDtls);
  const ot = median(ocSpawnToTunnel);
  console.log(`probe bench (ocserv 1.3, ${ROUNDS} rounds, medians):`);
  console.log(`  vpnphone probe  connect (TCP start) -> DTLS up:      ${pc.toFixed(0)} ms`);
  console.log(
    `  vpnphone probe  process spawn -> DTLS up:            ${ps.toFixed(0)} ms (includes Node.js start-up)`,
  );
  console.log(`  openconnect 9   process spawn -> tunnel up (script): ${ot.toFixed(0)} ms`);
  console.log(`  openconnect 9   process spawn -> DTLS up:            ${od.toFixed(0)} ms`);
  console.log(`  ratio probe connect / openconnect DTLS up: ${(pc / od).toFixed(2)} (target <= 1)`);
  console.log(`  ratio probe spawn / openconnect spawn (DTLS up): ${(ps / od).toFixed(2)}`);
}
