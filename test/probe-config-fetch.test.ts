// The probe reads the phone configuration like a phone: TFTP first, HTTP 6970 as the fallback (loopback servers).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { configFromBytes } from '../src/probe/steps/config.js';
import { fetchPhoneConfig, splitHostPort } from '../src/probe/steps/tftp.js';
import { bufferSource, startTftpServer, type TftpServer } from '../src/tftp/server.js';

const MAC = '001122334455';
const FILE = `SEP${MAC}.cnf.xml`;
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<device>
  <vpnGroup>
    <mtu>1290</mtu>
    <authMethod>2</authMethod>
    <enableHostIDCheck>1</enableHostIDCheck>
    <addresses><url1>https://asav.sckiewer.lab/phone</url1></addresses>
    <credentials><hashAlg>0</hashAlg><certHash1>2wAeRYROHbRGh+iC9TsSjVlEDwY=</certHash1></credentials>
  </vpnGroup>
</device>
`;

function httpServer(body: string): Promise<{ server: Server; port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url === `/${FILE}`) res.end(body);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, port: typeof a === 'object' && a ? a.port : 0, paths });
    }),
  );
}

describe('probe configuration fetch', { timeout: 30_000 }, () => {
  const closers: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const c of closers) await c();
  });

  it('reads SEP<MAC>.cnf.xml by TFTP and turns it into the probe configuration', async () => {
    const asked: string[] = [];
    const tftp: TftpServer = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      lookup: (name) => {
        asked.push(name);
        return name === FILE
          ? { ok: true, source: bufferSource(Buffer.from(XML)) }
          : { ok: false, result: 'not-found', message: 'no such file' };
      },
    });
    closers.push(() => tftp.close());
    const f = await fetchPhoneConfig(`127.0.0.1:${tftp.port}`, MAC, 3000);
    assert.deepEqual(asked, [FILE]);
    assert.equal(f.steps[0]?.status, 'passed');
    assert.equal(f.source, `tftp://127.0.0.1:${tftp.port}/${FILE}`);
    const c = configFromBytes(f.bytes!, f.source, f.steps);
    assert.equal(c.config?.url, 'https://asav.sckiewer.lab/phone');
    assert.deepEqual(c.config?.certHashes, ['2wAeRYROHbRGh+iC9TsSjVlEDwY=']);
    assert.equal(c.config?.hostIdCheck, true);
    assert.equal(c.config?.authMethod, 2);
    assert.deepEqual(
      c.steps.map((s) => [s.step, s.status]),
      [
        ['tftp', 'passed'],
        ['config', 'passed'],
      ],
    );
  });

  it('falls back to HTTP port 6970 when TFTP does not have the file', async () => {
    const tftp = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      lookup: () => ({ ok: false, result: 'not-found', message: 'no such file' }),
    });
    closers.push(() => tftp.close());
    const http = await httpServer(XML);
    closers.push(() => new Promise<void>((r) => http.server.close(() => r())));
    const f = await fetchPhoneConfig(`127.0.0.1:${tftp.port}`, MAC, 3000, http.port);
    assert.deepEqual(http.paths, [`/${FILE}`]);
    assert.equal(f.source, `http://127.0.0.1:${http.port}/${FILE}`);
    assert.equal(f.steps[0]?.status, 'passed');
    assert.match(f.steps[0]!.detail, /TFTP failed .*file not found.*HTTP .* fallback/);
    assert.equal(f.bytes?.toString(), XML);
  });

  it('reports a failed tftp step when neither TFTP nor HTTP has the file', async () => {
    const tftp = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      lookup: () => ({ ok: false, result: 'not-found', message: 'no such file' }),
    });
    closers.push(() => tftp.close());
    const http = await httpServer('');
    closers.push(() => new Promise<void>((r) => http.server.close(() => r())));
    const f = await fetchPhoneConfig(`127.0.0.1:${tftp.port}`, '0011223344AA', 3000, http.port);
    assert.equal(f.bytes, undefined);
    assert.equal(f.steps[0]?.status, 'failed');
    assert.equal(f.findings[0]?.id, 'probe-step-failed');
    assert.match(f.findings[0]!.message, /HTTP 404/);
  });

  it('a configuration without a VPN URL fails the config step', () => {
    const c = configFromBytes(
      Buffer.from('<device><deviceProtocol>SIP</deviceProtocol></device>'),
      'x.cnf.xml',
    );
    assert.equal(c.config, undefined);
    assert.equal(c.steps.at(-1)?.step, 'config');
    assert.equal(c.steps.at(-1)?.status, 'failed');
  });

  it('--gateway picks url2 of the configuration; a missing url3 fails the config step', () => {
    const two = Buffer.from(XML.replace('</url1>', '</url1><url2>https://vpn2.sckiewer.lab/phone</url2>'));
    assert.equal(configFromBytes(two, 'x.cnf.xml', [], 2).config?.url, 'https://vpn2.sckiewer.lab/phone');
    const r = configFromBytes(two, 'x.cnf.xml', [], 3);
    assert.equal(r.config, undefined);
    assert.match(r.steps.at(-1)!.detail, /no <vpnGroup> with a <url3>/);
  });

  it('splitHostPort understands host, host:port and [v6]:port', () => {
    assert.deepEqual(splitHostPort('10.1.1.10', 69), { host: '10.1.1.10', port: 69 });
    assert.deepEqual(splitHostPort('tftp.lab:6969', 69), { host: 'tftp.lab', port: 6969 });
    assert.deepEqual(splitHostPort('[::1]:69', 69), { host: '::1', port: 69 });
    assert.throws(() => splitHostPort('a:b:c', 69));
  });
});
