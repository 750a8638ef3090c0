// vpnphone serve keeps serving while its deployment changes: good versions are taken, broken ones reported and skipped.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certHashOf } from '../../src/pki/cert.js';
import { createSelfSignedIdentity } from '../../src/pki/create.js';
import {
  type ProvisioningServer,
  type ServeEvent,
  startProvisioningServer,
} from '../../src/serve/provisioning.js';
import { tftpGet } from '../../src/tftp/client.js';
import { copyLab, generatedPhoneConfig } from '../support/lab.js';

const MAC = '682C7B40B5CE';
const NEW_MAC = '00AABBCCDDEE';

describe('vpnphone serve reloads its deployment', () => {
  let lab: { dir: string; deployment: string };
  let original: string;
  let server: ProvisioningServer;
  const events: ServeEvent[] = [];

  const fetchConfig = async (mac: string) =>
    (await tftpGet('127.0.0.1', server.tftpPort, `SEP${mac}.cnf.xml`, { timeoutMs: 1000, retries: 3 })).data;

  /** Waits for the next reload event after `count` events were seen. */
  const nextReload = async (count: number) => {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const e = events.slice(count).find((x) => x.event === 'reload');
      if (e) return e;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no reload within 5 s');
  };

  before(async () => {
    lab = copyLab('vpnphone-serve-reload-');
    original = readFileSync(lab.deployment, 'utf8');
    server = await startProvisioningServer({
      deploymentFile: lab.deployment,
      tftpPort: 0,
      httpPort: 0,
      debounceMs: 50,
      onEvent: (e) => events.push(e),
    });
  });
  after(async () => {
    await server?.close();
    if (lab) rmSync(lab.dir, { recursive: true, force: true });
  });

  it('takes a changed deployment when the file changes (new phone, new MTU)', async () => {
    assert.deepEqual(server.files(), [`SEP${MAC}.cnf.xml`]);
    const n = events.length;
    const changed = original
      .replace('mtu: 1290', 'mtu: 1300')
      .replace(
        'phones:\n',
        `phones:\n  - mac: ${NEW_MAC}\n    model: "8851"\n    certificate: MIC\n    tftp: 172.16.100.10\n`,
      );
    writeFileSync(lab.deployment, changed);
    const e = await nextReload(n);
    assert.equal(e.event === 'reload' && e.ok, true, JSON.stringify(e));
    if (e.event === 'reload' && e.ok) {
      assert.equal(e.reason, 'watch');
      assert.deepEqual(e.changed, [`SEP${NEW_MAC}.cnf.xml`, `SEP${MAC}.cnf.xml`].sort());
    }
    assert.ok((await fetchConfig(MAC)).equals(await generatedPhoneConfig(lab.deployment, MAC)));
    assert.match((await fetchConfig(MAC)).toString(), /<mtu>1300<\/mtu>/);
    assert.ok((await fetchConfig(NEW_MAC)).equals(await generatedPhoneConfig(lab.deployment, NEW_MAC)));
  });

  it('reports a broken deployment with file:line and keeps serving the last good one', async () => {
    const good = await fetchConfig(MAC);
    const n = events.length;
    writeFileSync(lab.deployment, readFileSync(lab.deployment, 'utf8').replace('mtu: 1300', 'mtu: lots'));
    const e = await nextReload(n);
    assert.equal(e.event === 'reload' && e.ok, false);
    if (e.event === 'reload' && !e.ok) {
      assert.match(e.error, /deployment\.yaml:\d+:\d+/, e.error);
      assert.match(e.error, /mtu/);
      assert.equal(e.kept.length, 2);
    }
    assert.ok((await fetchConfig(MAC)).equals(good), 'the last good file is still served');
  });

  it('reloads when a certificate the deployment names is renewed (the phone gets the new hash)', async () => {
    const before = events.length;
    writeFileSync(lab.deployment, original);
    assert.equal((await nextReload(before)).event, 'reload');
    await new Promise((r) => setTimeout(r, 150)); // let a second watch event of the same write settle
    const n = events.length;
    const renewed = await createSelfSignedIdentity({ subject: 'CN=asav.sckiewer.lab', hash: 'SHA-256' });
    writeFileSync(join(lab.dir, 'certs', 'asa-identity-cert.pem'), renewed.certPem);
    const e = await nextReload(n);
    assert.equal(e.event === 'reload' && e.ok, true, JSON.stringify(e));
    const config = (await fetchConfig(MAC)).toString();
    assert.ok(config.includes(`<certHash1>${certHashOf(renewed.der)}</certHash1>`), config);
  });

  it('reloads on demand (what SIGHUP calls) and reports no change when nothing changed', async () => {
    const r = server.reload('signal');
    assert.equal(r.ok, true);
    if (r.ok) assert.deepEqual(r.changed, []);
  });
});
