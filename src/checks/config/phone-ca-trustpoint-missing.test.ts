// phone-ca-trustpoint-missing whatever the models: certificate authentication with no trustpoint that
// could hold any phone CA fires; one that could, with no model named, is notChecked (never a guess).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAudit } from '../audit.js';

const RC = `: Saved
ASA Version 9.8(4)
ip local pool SSL_Pool 10.10.10.1-10.10.10.254 mask 255.255.255.0
group-policy GP internal
group-policy GP attributes
 vpn-tunnel-protocol ssl-client
tunnel-group SSL type remote-access
tunnel-group SSL general-attributes
 address-pool SSL_Pool
 default-group-policy GP
tunnel-group SSL webvpn-attributes
 authentication certificate
 group-url https://vpn.example.com/SSL enable
webvpn
 enable outside
 anyconnect enable
`;
const session = (user: string) =>
  `Session Type: AnyConnect Detailed\n\nUsername     : ${user}\nIndex        : 57\nGroup Policy : GP                     Tunnel Group : SSL\n`;
const SELF =
  'crypto ca trustpoint SSL\n enrollment self\n subject-name CN=vpn.example.com\nssl trust-point SSL outside\n';

function run(files: Record<string, string>) {
  const r = runAudit(Object.entries(files).map(([source, t]) => ({ source, bytes: Buffer.from(t) })));
  return {
    hits: r.findings.filter((f) => f.id === 'phone-ca-trustpoint-missing'),
    notChecked: r.notChecked.find((n) => n.id === 'phone-ca-trustpoint-missing'),
  };
}

describe('phone-ca-trustpoint-missing whatever the models', () => {
  it('fires with no model named when the only trustpoint is self-enrolled', () => {
    const { hits } = run({ 'rc.txt': `${RC}${SELF}: end\n` });
    assert.equal(hits.length, 1);
    assert.match(hits[0]?.message ?? '', /no trustpoint holds any phone CA \(SSL: self-enrolled/);
    assert.match(hits[0]?.message ?? '', /No phone model is named/);
    assert.match(hits[0]?.fix ?? '', /crypto ca authenticate/);
    assert.equal(hits[0]?.evidence[0]?.text.trim(), 'authentication certificate');
  });

  it('fires for a model the catalogue does not hold, naming it', () => {
    const { hits } = run({
      'rc.txt': `${RC}${SELF}: end\n`,
      'sessiondb.txt': session('CP-8875-SEP001122334455'),
    });
    assert.equal(hits.length, 1);
    assert.match(hits[0]?.message ?? '', /models 8875 are not in the catalogue/);
  });

  it('reads the model from a masked sessiondb username (CP-7962G-SEPXXXXXXXXXXXX): the SHA-1 chain', () => {
    const { hits } = run({
      'rc.txt': `${RC}${SELF}: end\n`,
      'sessiondb.txt': session('CP-7962G-SEPXXXXXXXXXXXX'),
    });
    assert.deepEqual(
      hits.map((h) => /no trustpoint holds (\S+)/.exec(h.message)?.[1]),
      ['Cisco_Root_CA_2048', 'Cisco_Manufacturing_CA'],
    );
  });

  it('is notChecked, not fired, when a trustpoint could hold a phone CA and no model is named', () => {
    const other = 'crypto ca trustpoint CM-Manufacturing\n enrollment terminal\n';
    const { hits, notChecked } = run({ 'rc.txt': `${RC}${SELF}${other}: end\n` });
    assert.equal(hits.length, 0);
    assert.match(notChecked?.reason ?? '', /models.*CM-Manufacturing/);
  });

  it('stays silent with password authentication', () => {
    const aaa = RC.replace('authentication certificate', 'authentication aaa');
    assert.equal(run({ 'rc.txt': `${aaa}${SELF}: end\n` }).hits.length, 0);
  });
});
