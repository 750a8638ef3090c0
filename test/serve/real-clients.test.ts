// vpnphone serve against Debian's TFTP clients (tftp-hpa, atftp) and curl: identical bytes, block wrap, errors.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ProvisioningServer, startProvisioningServer } from '../../src/serve/provisioning.js';
import { tftpGet } from '../../src/tftp/client.js';
import { copyLab, generatedPhoneConfig, run } from '../support/lab.js';
import { requireTool } from '../support/tftpd-hpa.js';

const MAC = '682C7B40B5CE';
const CONFIG = `SEP${MAC}.cnf.xml`;
/** 40 MiB: 81,920 blocks of 512 bytes, so block numbers wrap past 65535. */
const BIG_SIZE = 40 * 1024 * 1024;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('vpnphone serve with real clients', () => {
  let lab: { dir: string; deployment: string };
  let root: string;
  let out: string;
  let server: ProvisioningServer;
  let expected: Buffer;
  let big: Buffer;

  before(async () => {
    requireTool('tftp', 'tftp-hpa');
    requireTool('atftp', 'atftp');
    requireTool('curl', 'curl');
    lab = copyLab('vpnphone-serve-clients-');
    root = join(lab.dir, 'root');
    out = join(lab.dir, 'out');
    mkdirSync(join(root, 'firmware'), { recursive: true });
    mkdirSync(out);
    big = randomBytes(BIG_SIZE);
    writeFileSync(join(root, 'firmware', 'big.loads'), big);
    writeFileSync(join(root, 'ring.raw'), randomBytes(3000));
    writeFileSync(join(root, 'dialplan.txt'), 'line one\nline two\r\nbare\rCR\n');
    writeFileSync(join(lab.dir, 'outside.txt'), 'not for phones');
    symlinkSync(join(lab.dir, 'outside.txt'), join(root, 'link-out'));
    expected = await generatedPhoneConfig(lab.deployment, MAC);
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

  const tftpHpa = (file: string, dest: string) =>
    run('tftp', ['-m', 'binary', '127.0.0.1', String(server.tftpPort), '-c', 'get', file, dest], {
      cwd: out,
      timeoutMs: 120_000,
    });
  const atftp = (file: string, dest: string, ...extra: string[]) =>
    run('atftp', [...extra, '--get', '-r', file, '-l', dest, '127.0.0.1', String(server.tftpPort)], {
      cwd: out,
      timeoutMs: 120_000,
    });

  it('tftp-hpa fetches the phone configuration byte-identical to generate phone-config, in any case', async () => {
    for (const name of [CONFIG, CONFIG.toLowerCase()]) {
      const dest = join(out, `hpa-${name}`);
      await tftpHpa(name, dest);
      assert.ok(readFileSync(dest).equals(expected), name);
    }
  });

  it('atftp fetches it too, with and without the blksize option', async () => {
    const plain = await atftp(CONFIG, join(out, 'atftp.xml'));
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(readFileSync(join(out, 'atftp.xml')).equals(expected));
    const opt = await atftp(CONFIG, join(out, 'atftp-1428.xml'), '--option', 'blksize 1428', '--verbose');
    assert.equal(opt.code, 0, opt.stderr);
    assert.match(opt.stdout + opt.stderr, /blksize.*1428/i, 'the OACK granted blksize 1428');
    assert.ok(readFileSync(join(out, 'atftp-1428.xml')).equals(expected));
  });

  it('tftp-hpa fetches a 40 MiB file with 512-byte blocks (block numbers wrap)', async () => {
    const dest = join(out, 'big-hpa.loads');
    await tftpHpa('firmware/big.loads', dest);
    assert.equal(statSync(dest).size, BIG_SIZE);
    assert.equal(sha256(readFileSync(dest)), sha256(big));
  });

  it('atftp fetches the 40 MiB file with 512-byte blocks too', async () => {
    const dest = join(out, 'big-atftp.loads');
    const r = await atftp('firmware/big.loads', dest);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sha256(readFileSync(dest)), sha256(big));
  });

  it('serves netascii: tftp-hpa in ascii mode and our client get the text back as stored', async () => {
    const dest = join(out, 'dialplan-ascii.txt');
    await run('tftp', [
      '-m',
      'ascii',
      '127.0.0.1',
      String(server.tftpPort),
      '-c',
      'get',
      'dialplan.txt',
      dest,
    ]);
    assert.equal(readFileSync(dest, 'utf8'), 'line one\nline two\r\nbare\rCR\n');
    const r = await tftpGet('127.0.0.1', server.tftpPort, 'dialplan.txt', {
      timeoutMs: 1000,
      retries: 3,
      mode: 'netascii',
      tsize: true,
    });
    assert.equal(r.data.toString(), 'line one\nline two\r\nbare\rCR\n');
  });

  it('answers an unknown file with error 1', async () => {
    const hpa = await tftpHpa('SEP000000000000.cnf.xml', join(out, 'none-hpa'));
    assert.match(hpa.stdout + hpa.stderr, /Error code 1: file not found/);
    const a = await atftp('nothing.bin', join(out, 'none-atftp'));
    assert.notEqual(a.code, 0);
    assert.match(a.stderr, /file not found/);
  });

  it('refuses write requests with error 2', async () => {
    const src = join(out, 'upload.txt');
    writeFileSync(src, 'x');
    const hpa = await run('tftp', ['127.0.0.1', String(server.tftpPort), '-c', 'put', src, 'upload.txt'], {
      cwd: out,
    });
    assert.match(hpa.stdout + hpa.stderr, /Error code 2: write requests are not accepted/);
    const a = await run('atftp', [
      '--put',
      '-r',
      'upload.txt',
      '-l',
      src,
      '127.0.0.1',
      String(server.tftpPort),
    ]);
    assert.notEqual(a.code, 0);
    assert.match(a.stderr, /read-only/);
    assert.equal(existsSync(join(root, 'upload.txt')), false);
  });

  it('refuses paths that leave the root: .., absolute-looking and symbolic links out', async () => {
    for (const name of ['../deployment.yaml', 'firmware/../../deployment.yaml', 'link-out']) {
      const a = await atftp(name, join(out, 'escape'));
      assert.notEqual(a.code, 0, name);
      assert.match(a.stderr, /not allowed|outside the served directory/, name);
      const hpa = await tftpHpa(name, join(out, 'escape-hpa'));
      assert.match(hpa.stdout + hpa.stderr, /Error code 2/, name);
    }
    // A leading slash means the served directory, as with tftpd-hpa -s: /etc/passwd is not the system's.
    const abs = await atftp('/etc/passwd', join(out, 'abs'));
    assert.match(abs.stderr, /file not found/);
  });

  it('curl gets the configuration and --root files over HTTP with content types, HEAD and 404s', async () => {
    const base = `http://127.0.0.1:${server.httpPort}`;
    const cfg = await run('curl', ['-sS', '-D', '-', '-o', join(out, 'curl.xml'), `${base}/${CONFIG}`]);
    assert.equal(cfg.code, 0, cfg.stderr);
    assert.match(cfg.stdout, /^HTTP\/1\.1 200/);
    assert.match(cfg.stdout, /content-type: text\/xml; charset=utf-8/i);
    assert.ok(readFileSync(join(out, 'curl.xml')).equals(expected));

    const head = await run('curl', ['-sS', '-I', `${base}/ring.raw`]);
    assert.match(head.stdout, /^HTTP\/1\.1 200/);
    assert.match(head.stdout, /content-length: 3000/i);
    assert.match(head.stdout, /content-type: application\/octet-stream/i);

    const status = async (...args: string[]) =>
      (await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', ...args])).stdout;
    assert.equal(await status(`${base}/SEP000000000000.cnf.xml`), '404');
    assert.equal(await status(`${base}/firmware/`), '404', 'no directory listings');
    assert.equal(await status(`${base}/`), '404');
    assert.equal(await status('--path-as-is', `${base}/../deployment.yaml`), '403');
    assert.equal(await status(`${base}/%2e%2e/deployment.yaml`), '403');
    assert.equal(await status(`${base}/link-out`), '403');
    assert.equal(await status('-X', 'PUT', '--data', 'x', `${base}/x`), '405');
  });

  it('leaves no transfer behind', () => {
    assert.equal(server.activeTransfers(), 0);
  });
});
