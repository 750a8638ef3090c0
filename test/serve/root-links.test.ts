// vpnphone serve and links under --root: a link out is refused, and one swapped in mid-request is never followed out.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ProvisioningServer, startProvisioningServer } from '../../src/serve/provisioning.js';
import { TftpRemoteError, tftpGet } from '../../src/tftp/client.js';
import { copyLab } from '../support/lab.js';
import { waitFor } from '../support/poll.js';
import { startSwapper } from '../support/swapper.js';

describe('vpnphone serve and symbolic links under --root', () => {
  let lab: { dir: string; deployment: string };
  let root: string;
  let server: ProvisioningServer;

  before(async () => {
    lab = copyLab('vpnphone-serve-links-');
    root = join(lab.dir, 'root');
    mkdirSync(join(root, 'fw'), { recursive: true });
    writeFileSync(join(root, 'fw', 'file.txt'), 'inside');
    mkdirSync(join(lab.dir, 'outdir'));
    writeFileSync(join(lab.dir, 'outdir', 'file.txt'), 'OUTSIDE');
    symlinkSync(join(lab.dir, 'outdir', 'file.txt'), join(root, 'link-out'));
    server = await startProvisioningServer({
      deploymentFile: lab.deployment,
      tftpPort: 0,
      httpPort: 0,
      root,
      watch: false,
    });
  });
  after(async () => {
    await server?.close();
    if (lab) rmSync(lab.dir, { recursive: true, force: true });
  });

  /** What a fetch got: the file's text, or the refusal (TFTP error code, HTTP status). */
  const viaTftp = (name: string) =>
    tftpGet('127.0.0.1', server.tftpPort, name, { timeoutMs: 1000, retries: 3 }).then(
      (r) => r.data.toString(),
      (e: unknown) => (e instanceof TftpRemoteError ? `error ${e.code}` : `failed: ${(e as Error).message}`),
    );
  const viaHttp = async (name: string) => {
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/${name}`);
    const body = await res.text();
    return res.status === 200 ? body : `status ${res.status}`;
  };

  it('refuses a link inside the root that points out of it, over TFTP (error 2) and HTTP (403)', async () => {
    assert.equal(await viaTftp('link-out'), 'error 2');
    assert.equal(await viaHttp('link-out'), 'status 403');
    assert.equal(await viaTftp('fw/file.txt'), 'inside');
    assert.equal(await viaHttp('fw/file.txt'), 'inside');
  });

  it('never serves the outside file while fw/ is swapped for a link out and back', async () => {
    const swapper = startSwapper(join(root, 'fw'), join(lab.dir, 'outdir'));
    const seen = new Map<string, number>();
    try {
      // Bounded: at most 1500 rounds of one TFTP and one HTTP fetch, fewer if the swapper ends first.
      for (let i = 0; i < 1500 && swapper.running; i++) {
        for (const got of await Promise.all([viaTftp('fw/file.txt'), viaHttp('fw/file.txt')]))
          seen.set(got, (seen.get(got) ?? 0) + 1);
      }
    } finally {
      await swapper.stop();
    }
    assert.equal(seen.get('OUTSIDE'), undefined, JSON.stringify([...seen]));
    assert.ok((seen.get('inside') ?? 0) > 0, JSON.stringify([...seen]));
    // The server takes the last ACK a moment after the client is done with it.
    await waitFor('no transfer left', () => server.activeTransfers() === 0);
  });
});
