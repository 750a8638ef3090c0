// The probe emulates the phone of the configuration: its <modelName>, else its <loadInformation> load,
// against a real TLS server on loopback; --model overrides; --password - reads standard input.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { certHashOf } from '../src/pki/cert.js';
import { createSelfSignedIdentity } from '../src/pki/create.js';
import { emulatedModel } from '../src/probe/model.js';
import { tempDir } from './support/paths.js';
import { probeCli as probe } from './support/probe-cli.js';
import { listen } from './support/probe-local.js';

interface Report {
  ok: boolean;
  steps: { step: string; status: string; detail: string }[];
  facts: { model?: { name: string; why: string }; tls?: { version: string; cipher: string } };
  findings: { id: string; message: string }[];
}
const statusOf = (r: Report, step: string) => r.steps.find((s) => s.step === step)?.status;

describe('which phone the probe emulates', () => {
  it('takes --model, else <modelName>, else the <loadInformation> load, else 8861 with the reason', () => {
    assert.equal(emulatedModel(undefined, { loadInformation: 'SCCP75.9-4-2SR3-1S' }).model.model, '7975');
    assert.match(
      emulatedModel(undefined, { loadInformation: 'SIP75.9-4-2SR4' }).why,
      /sip75 load of the 7975/,
    );
    assert.equal(
      emulatedModel(undefined, { loadInformation: 'sip88xx.14-1-1-0001-136' }).model.series,
      '8800',
    );
    const named = emulatedModel(undefined, { modelName: 'Cisco 7962', loadInformation: 'sip88xx.14-1-1' });
    assert.deepEqual(
      [named.model.model, named.why],
      ['7962', '<modelName>Cisco 7962</modelName> in the configuration'],
    );
    assert.equal(emulatedModel('8865', { modelName: 'Cisco 7975' }).model.model, '8865');
    const none = emulatedModel(undefined, { loadInformation: 'LOADS FILE' });
    assert.equal(none.model.model, '8861');
    assert.match(none.why, /load LOADS FILE is no catalogued model's: assumed 8861 \(give --model\)/);
    assert.match(emulatedModel(undefined, undefined).why, /names no model/);
  });
});

describe('vpnphone probe against a TLS 1.2 ECDHE-only headend on loopback', { timeout: 120_000 }, () => {
  const tmp = tempDir('vpnphone-probe-model-');
  const servers: Server[] = [];
  let port = 0;
  let hash = '';
  const requests: string[] = [];
  let pwPort = 0;
  before(async () => {
    const id = await createSelfSignedIdentity({ subject: 'CN=127.0.0.1', sanIp: ['127.0.0.1'] });
    hash = certHashOf(id.der);
    // What an ASA 9.4+ with default ciphers and `ssl server-min-version tlsv1.2` accepts.
    const ecdheOnly = createTlsServer(
      { cert: id.certPem, key: id.keyPem, minVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
      (c) => {
        c.on('error', () => undefined);
        c.end();
      },
    );
    ecdheOnly.on('tlsClientError', () => undefined);
    servers.push(ecdheOnly);
    port = await listen(ecdheOnly);
    // A headend that records what the phone sends and refuses the password (401 to the POST).
    const recorder = createTlsServer(
      { cert: id.certPem, key: id.keyPem, ciphers: 'AES256-SHA:AES128-SHA' },
      (c) => {
        c.on('error', () => undefined);
        c.on('data', (d: Buffer) => {
          const req = d.toString('latin1');
          requests.push(req);
          // The phone's /svc login: GET (the form), then POST username and password, refused here.
          c.write(
            req.startsWith('GET ')
              ? 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'
              : 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n',
          );
        });
      },
    );
    servers.push(recorder);
    pwPort = await listen(recorder);
  });
  after(() => {
    for (const s of servers) s.close();
    tmp.cleanup();
  });

  const config = (p: number, extra: string, auth = 2) => {
    const f = join(tmp.dir, `SEP-${p}-${auth}-${extra.length}.cnf.xml`);
    writeFileSync(
      f,
      `<device><deviceProtocol>SCCP</deviceProtocol>${extra}<vpnGroup><authMethod>${auth}</authMethod><enableHostIDCheck>0</enableHostIDCheck>
<addresses><url1>https://127.0.0.1:${p}/svc</url1></addresses>
<credentials><hashAlg>0</hashAlg><certHash1>${hash}</certHash1></credentials></vpnGroup></device>`,
    );
    return f;
  };

  it("a 7975's configuration is probed as a 7975: TLS 1.0 with RSA suites, which this headend refuses", async () => {
    const f = config(port, '<loadInformation>SCCP75.9-4-2SR3-1S</loadInformation>');
    const r = await probe(['--config', f, '--json', '--timeout', '3']);
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    assert.equal(rep.facts.model?.name, '7975');
    assert.match(
      rep.facts.model?.why ?? '',
      /<loadInformation>: load SCCP75\.9-4-2SR3-1S is the sccp75 load of the 7975/,
    );
    assert.equal(statusOf(rep, 'tls'), 'failed');
    assert.equal(rep.facts.tls, undefined);
    assert.ok(rep.findings.length > 0);
    const text = await probe(['--config', f, '--timeout', '3']);
    assert.match(text.stdout, /as a Cisco 7975 /);
    assert.match(text.stdout, /^Emulated model: 7975, because <loadInformation>: load SCCP75/m);
  });

  it('the same headend passes TLS for an 88xx configuration, and for the 7975 one with --model 8861', async () => {
    for (const args of [
      ['--config', config(port, '<loadInformation>sip88xx.14-1-1-0001-136</loadInformation>')],
      ['--config', config(port, '<loadInformation>SCCP75.9-4-2SR3-1S</loadInformation>'), '--model', '8861'],
    ]) {
      const r = await probe([...args, '--json', '--timeout', '3']);
      const rep = JSON.parse(r.stdout) as Report;
      assert.equal(statusOf(rep, 'tls'), 'passed', JSON.stringify(rep.steps));
      assert.deepEqual(
        [rep.facts.tls?.version, rep.facts.tls?.cipher],
        ['TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256'],
      );
      assert.ok(['8811', '8861'].includes(rep.facts.model?.name ?? ''), rep.facts.model?.name);
    }
  });

  it('--password - reads the password from standard input; it is sent, never printed', async () => {
    const f = config(pwPort, '<modelName>Cisco 8861</modelName>', 1);
    const before = requests.length;
    const r = await probe(
      ['--config', f, '-u', 'alice', '--password', '-', '--json', '--timeout', '3'],
      'S3cret-pw!\n',
    );
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    assert.equal(statusOf(rep, 'login'), 'failed');
    assert.equal(rep.facts.model?.why, '<modelName>Cisco 8861</modelName> in the configuration');
    const sent = requests.slice(before).join('');
    assert.ok(
      sent.includes('S3cret-pw') || sent.includes(encodeURIComponent('S3cret-pw!')),
      sent.slice(0, 400),
    );
    assert.ok(!r.stdout.includes('S3cret-pw') && !r.stderr.includes('S3cret-pw'));
    const empty = await probe(['--config', f, '-u', 'alice', '--password', '-'], '');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /-p -: standard input was empty/);
  });
});
