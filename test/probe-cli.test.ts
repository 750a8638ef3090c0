// `vpnphone probe` on the command line: usage errors exit 2, a failed probe exits 1 with its table or JSON.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, describe, it } from 'node:test';
import { createServer as createTlsServer } from 'node:tls';
import { certHashOf } from '../src/pki/cert.js';
import { createSelfSignedIdentity } from '../src/pki/create.js';
import { bufferSource, startTftpServer } from '../src/tftp/server.js';
import { probeCli as cli } from './support/probe-cli.js';

describe('vpnphone probe command line', { timeout: 90_000 }, () => {
  const servers: Server[] = [];
  after(() => {
    for (const s of servers) s.close();
  });

  for (const [args, why] of [
    [[], /exactly one of --config FILE, --tftp HOST --mac MAC, or --url URL/],
    [['--url', 'https://127.0.0.1/svc', '--model', '1234'], /--model 1234: not in the phone model catalogue/],
    [['--url', 'https://127.0.0.1/svc', '--cert', 'x.pem'], /--cert and --key go together/],
    [['--tftp', '127.0.0.1'], /--tftp needs --mac/],
    [['--url', 'https://127.0.0.1/svc', '--timeout', '0'], /--timeout 0/],
    [['--config', '/nonexistent/SEP.cnf.xml'], /cannot read configuration .*no such file/],
  ] as Array<[string[], RegExp]>) {
    it(`exits 2 for ${args.join(' ') || 'no arguments'}`, async () => {
      const r = await cli(args);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, why);
    });
  }

  it('prints the step table and exits 1 when the headend does not answer TLS', async () => {
    const s = createServer((c) => c.on('error', () => undefined));
    servers.push(s);
    const port = await new Promise<number>((r) =>
      s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)),
    );
    const text = await cli(['--url', `https://127.0.0.1:${port}/svc`, '--timeout', '0.5']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^STEP\s+RESULT\s+TIME\s+DETAIL$/m);
    assert.match(text.stdout, /^tcp\s+passed/m);
    assert.match(text.stdout, /^tls\s+failed\s+\d+ ms\s+TLS handshake: no answer within 500 ms/m);
    assert.match(text.stdout, /Result: FAILED\./);
    const json = await cli(['--url', `https://127.0.0.1:${port}/svc`, '--timeout', '0.5', '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      inputs: unknown[];
      findings: Array<{ id: string }>;
    };
    assert.equal(report.ok, false);
    assert.deepEqual(report.inputs, [{ source: '--url', kind: 'probe' }]);
    assert.deepEqual(
      report.findings.map((f) => f.id),
      ['probe-step-failed'],
    );
  });

  it('--tftp --mac: reads the configuration by TFTP, checks the hash, and reports a refused login', async () => {
    const id = await createSelfSignedIdentity({ subject: 'CN=127.0.0.1', sanIp: ['127.0.0.1'] });
    // A headend that answers every request with 401, like a headend refusing the phone.
    const https = createTlsServer(
      { cert: id.certPem, key: id.keyPem, ciphers: 'AES256-SHA:AES128-SHA' },
      (c) => {
        c.on('error', () => undefined);
        c.on('data', () => c.write('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'));
      },
    );
    servers.push(https);
    const port = await new Promise<number>((r) =>
      https.listen(0, '127.0.0.1', () => r((https.address() as { port: number }).port)),
    );
    const xml = `<device><vpnGroup><authMethod>2</authMethod><enableHostIDCheck>1</enableHostIDCheck>
<addresses><url1>https://127.0.0.1:${port}/svc</url1></addresses>
<credentials><hashAlg>0</hashAlg><certHash1>${certHashOf(id.der)}</certHash1></credentials></vpnGroup></device>`;
    const tftp = await startTftpServer({
      address: '127.0.0.1',
      port: 0,
      lookup: (name) =>
        name === 'SEP001122334455.cnf.xml'
          ? { ok: true, source: bufferSource(Buffer.from(xml)) }
          : { ok: false, result: 'not-found', message: 'no such file' },
    });
    try {
      const r = await cli(['--tftp', `127.0.0.1:${tftp.port}`, '--mac', '00:11:22:33:44:55', '--json']);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as {
        steps: Array<{ step: string; status: string }>;
        findings: Array<{ id: string; message: string }>;
      };
      const st = Object.fromEntries(report.steps.map((x) => [x.step, x.status]));
      assert.deepEqual(
        ['tftp', 'config', 'tls', 'cert-hash', 'host-id', 'login'].map((k) => st[k]),
        ['passed', 'passed', 'passed', 'passed', 'passed', 'failed'],
      );
      assert.deepEqual(
        report.findings.map((f) => f.id),
        ['login-failed'],
      );
      assert.match(report.findings[0]!.message, /HTTP 401/);
    } finally {
      await tftp.close();
    }
  });
});
