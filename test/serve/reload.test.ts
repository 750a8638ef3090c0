// vpnphone serve keeps serving while its deployment changes: good versions are taken, broken ones reported and skipped.
// Each test starts its own server on its own copy of the lab, so none depends on what another wrote.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { certHashOf } from '../../src/pki/cert.js';
import { createSelfSignedIdentity } from '../../src/pki/create.js';
import {
  type ProvisioningServer,
  type ServeEvent,
  startProvisioningServer,
} from '../../src/serve/provisioning.js';
import { tftpGet } from '../../src/tftp/client.js';
import { copyLab, generatedPhoneConfig } from '../support/lab.js';
import { waitFor } from '../support/poll.js';

const MAC = '682C7B40B5CE';
const NEW_MAC = '00AABBCCDDEE';

type ReloadEvent = Extract<ServeEvent, { event: 'reload' }>;

interface Running {
  lab: { dir: string; deployment: string };
  original: string;
  server: ProvisioningServer;
  events: ServeEvent[];
  fetchConfig(mac: string): Promise<Buffer>;
  /** The first reload event after the first `count` events that satisfies `ok` (a write may be seen twice). */
  reloadAfter(count: number, ok: (e: ReloadEvent) => boolean): Promise<ReloadEvent>;
}

/** Runs `body` with a server of its own on a fresh copy of the lab; both are gone afterwards. */
async function withServer(body: (r: Running) => Promise<void>): Promise<void> {
  const lab = copyLab('vpnphone-serve-reload-');
  const events: ServeEvent[] = [];
  let server: ProvisioningServer | undefined;
  try {
    server = await startProvisioningServer({
      deploymentFile: lab.deployment,
      tftpPort: 0,
      httpPort: 0,
      debounceMs: 50,
      onEvent: (e) => events.push(e),
    });
    const s = server;
    await body({
      lab,
      original: readFileSync(lab.deployment, 'utf8'),
      server: s,
      events,
      fetchConfig: async (mac) =>
        (await tftpGet('127.0.0.1', s.tftpPort, `SEP${mac}.cnf.xml`, { timeoutMs: 1000, retries: 3 })).data,
      reloadAfter: (count, ok) =>
        waitFor('a reload event', () =>
          events.slice(count).find((x): x is ReloadEvent => x.event === 'reload' && ok(x)),
        ),
    });
  } finally {
    await server?.close();
    rmSync(lab.dir, { recursive: true, force: true });
  }
}

describe('vpnphone serve reloads its deployment', () => {
  it('takes a changed deployment when the file changes (new phone, new MTU)', () =>
    withServer(async ({ lab, original, server, events, fetchConfig, reloadAfter }) => {
      assert.deepEqual(server.files(), [`SEP${MAC}.cnf.xml`]);
      assert.ok(original.includes('mtu: 1290') && original.includes('phones:\n'), 'the lab as expected');
      const n = events.length;
      const changed = original
        .replace('mtu: 1290', 'mtu: 1300')
        .replace(
          'phones:\n',
          `phones:\n  - mac: ${NEW_MAC}\n    model: "8851"\n    certificate: MIC\n    tftp: 172.16.100.10\n`,
        );
      writeFileSync(lab.deployment, changed);
      const e = await reloadAfter(n, (x) => x.ok && x.changed.length > 0);
      assert.ok(e.ok);
      assert.equal(e.reason, 'watch');
      assert.deepEqual(e.changed, [`SEP${NEW_MAC}.cnf.xml`, `SEP${MAC}.cnf.xml`].sort());
      assert.ok((await fetchConfig(MAC)).equals(await generatedPhoneConfig(lab.deployment, MAC)));
      assert.match((await fetchConfig(MAC)).toString(), /<mtu>1300<\/mtu>/);
      assert.ok((await fetchConfig(NEW_MAC)).equals(await generatedPhoneConfig(lab.deployment, NEW_MAC)));
    }));

  it('reports a broken deployment with file:line and keeps serving the last good one', () =>
    withServer(async ({ lab, original, events, fetchConfig, reloadAfter }) => {
      const good = await fetchConfig(MAC);
      const n = events.length;
      assert.ok(original.includes('mtu: 1290'));
      writeFileSync(lab.deployment, original.replace('mtu: 1290', 'mtu: lots'));
      const e = await reloadAfter(n, (x) => !x.ok);
      assert.ok(!e.ok);
      assert.match(e.error, /deployment\.yaml:\d+:\d+/, e.error);
      assert.match(e.error, /mtu/);
      assert.deepEqual(e.kept, [`SEP${MAC}.cnf.xml`]);
      assert.ok((await fetchConfig(MAC)).equals(good), 'the last good file is still served');
    }));

  it('reloads when a certificate the deployment names is renewed (the phone gets the new hash)', () =>
    withServer(async ({ lab, events, fetchConfig, reloadAfter }) => {
      const n = events.length;
      const renewed = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', hash: 'SHA-256' });
      const hash = `<certHash1>${certHashOf(renewed.der)}</certHash1>`;
      assert.ok(!(await fetchConfig(MAC)).toString().includes(hash));
      writeFileSync(join(lab.dir, 'certs', 'asa-identity-cert.pem'), renewed.certPem);
      const e = await reloadAfter(n, (x) => x.ok && x.changed.length > 0);
      assert.equal(e.reason, 'watch');
      const config = (await fetchConfig(MAC)).toString();
      assert.ok(config.includes(hash), config);
    }));

  it('reloads on demand (what SIGHUP calls) and reports no change when nothing changed', () =>
    withServer(async ({ server }) => {
      const r = server.reload('signal');
      assert.equal(r.ok, true);
      if (r.ok) assert.deepEqual(r.changed, []);
    }));
});
