// Tests that inputs are recognized by content (names are misleading on purpose), and captures split by prompt.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSelfSignedIdentity } from '../pki/create.js';
import { canonicalCommand, promptHost, splitCapture } from './capture.js';
import { classify, techHeaderCommand } from './classify.js';

const root = process.cwd();
const read = (p: string) => new Uint8Array(readFileSync(join(root, p)));
const kindOf = (bytes: Uint8Array | string) =>
  classify('misleading-name.pem', typeof bytes === 'string' ? Buffer.from(bytes) : bytes).kind;

test('ASA running configuration, including `more system:running-config` output', () => {
  assert.equal(kindOf(read('examples/audit/lab/running-config.txt')), 'asa-running-config');
  assert.equal(kindOf(read('test/fixtures/asa/seed-lab-config.txt')), 'asa-running-config');
  assert.equal(kindOf(': Saved\n:\nASA Version 9.8(4)\n!\nhostname fw1\n'), 'asa-running-config');
});

test("the seed's show outputs", () => {
  assert.equal(kindOf(read('test/fixtures/asa/seed-show-version.txt')), 'asa-show-version');
  assert.equal(kindOf(read('test/fixtures/asa/seed-show-ip.txt')), 'asa-show-ip');
  assert.equal(kindOf(read('test/fixtures/asa/seed-vpn-sessiondb.txt')), 'asa-show-vpn-sessiondb');
  assert.equal(
    kindOf(
      'CA Certificate\n  Status: Available\n  Certificate Serial Number: 01\n  Associated Trustpoints: X\n',
    ),
    'asa-show-crypto-ca-certificates',
  );
  assert.equal(
    kindOf('Accept connections using SSLv3 or greater and negotiate to TLSv1 or greater\n'),
    'asa-show-ssl',
  );
});

test('a terminal capture of several commands is a capture, split at the prompt lines with their line numbers', () => {
  const bytes = read('examples/audit/capture/terminal-capture.log');
  assert.equal(kindOf(bytes), 'asa-capture');
  const sections = splitCapture(Buffer.from(bytes).toString('utf8'));
  assert.deepEqual(
    sections.map((s) => [canonicalCommand(s.command), s.promptLine]),
    [
      ['show version', 1],
      ['show running-config', 34],
      ['show ip', 165],
      ['show vpn-sessiondb anyconnect', 174],
      ['show clock', 191],
    ],
  );
  assert.equal(sections[1]?.lineOffset, 34);
});

test('show tech-support section headers split a capture too', () => {
  const text =
    '------------------ show version ------------------\nCisco Adaptive Security Appliance Software Version 9.16(3)\n\n------------------ show ip ------------------\nSystem IP Addresses:\n';
  assert.equal(kindOf(text), 'asa-capture');
  assert.deepEqual(
    splitCapture(text).map((s) => s.command),
    ['show version', 'show ip'],
  );
});

test('abbreviated commands map to their canonical form', () => {
  assert.equal(canonicalCommand('sh run'), 'show running-config');
  assert.equal(canonicalCommand('more system:running-config'), 'show running-config');
  assert.equal(canonicalCommand('sh ver'), 'show version');
  assert.equal(canonicalCommand('sh vpn-sessiondb anyconnect'), 'show vpn-sessiondb anyconnect');
});

test('phone configuration, plain and signed (.sgn binary header before the XML)', () => {
  const xml = read('examples/audit/lab/SEP682C7B40B5CE.cnf.xml');
  assert.equal(kindOf(xml), 'phone-config');
  const header = new Uint8Array([
    0x01, 0x01, 0x00, 0x92, 0x02, 0x00, 0x01, 0x00, 0x87, 0xfe, 0x0a, 0x13, 0x00, 0x80, 0x01,
  ]);
  const sgn = new Uint8Array([...header, ...new Uint8Array(300).fill(0xa5), ...xml]);
  const c = classify('SEP682C7B40B5CE.cnf.xml.sgn', sgn);
  assert.equal(c.kind, 'phone-config');
  assert.match(c.hint ?? '', /signed/);
});

test('certificates: PEM, DER and chains; a lone private key is not used', async () => {
  const a = await createSelfSignedIdentity({ subject: 'CN=a.example' });
  const b = await createSelfSignedIdentity({ subject: 'CN=b.example' });
  assert.equal(kindOf(a.certPem), 'certificate');
  assert.equal(kindOf(a.der), 'certificate');
  const chain = classify('x', Buffer.from(a.certPem + b.certPem));
  assert.equal(chain.kind, 'certificate');
  assert.match(chain.hint ?? '', /2 certificates/);
  const key = classify('x', Buffer.from(a.keyPem));
  assert.equal(key.kind, 'unrecognized');
  assert.match(key.hint ?? '', /private key/);
});

test('deployment.yaml and AXL responses', () => {
  assert.equal(kindOf(read('examples/lab/deployment.yaml')), 'deployment');
  const axl = `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<ns:getVpnGatewayResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5"><return><vpnGateway uuid="{1}"><name>asav</name><url>https://asav.sckiewer.lab/phone</url></vpnGateway></return></ns:getVpnGatewayResponse></soapenv:Body></soapenv:Envelope>`;
  assert.equal(kindOf(axl), 'axl-response');
});

test("log files get the kind of the formats their lines are in (the log parser's own line tests)", () => {
  const phone =
    '3816 NOT Mar 3 15:38:03.819168 VPNC: -do_login: URL -> https://asav.sckiewer.lab/phone\n3837 ERR Mar 3 15:38:32.864376 VPNC: -parse_url: gethostbyname failed <asav.sckiewer.lab>\n';
  const asa =
    'Mar 30 2020 12:23:21: %ASA-6-725001: Starting SSL handshake with client outside:10.1.1.5/51234\n';
  const ocserv = 'Nov 27 10:00:00 vpn ocserv[1234]: main: added user\n';
  assert.equal(kindOf(phone), 'phone-log');
  assert.equal(kindOf(asa), 'asa-log');
  assert.equal(kindOf(ocserv), 'ocserv-log');
  assert.equal(kindOf(phone + asa), 'phone-log+asa-log');
  assert.equal(kindOf(`notes\n${asa}${ocserv}`), 'asa-log+ocserv-log');
  // A configuration quoting a log line is still a configuration (the log detector is the least confident).
  assert.equal(
    kindOf(`: Saved\nASA Version 9.12(2)\nhostname fw\n! seen: ${asa}webvpn\n enable outside\n`),
    'asa-running-config',
  );
});

test('empty, binary and prose inputs are unrecognized, never an exception', () => {
  assert.equal(kindOf(''), 'unrecognized');
  assert.equal(kindOf(new Uint8Array([0, 1, 2, 3, 255, 254])), 'unrecognized');
  assert.equal(kindOf('Dear team, the phones are down again.\n'), 'unrecognized');
  assert.equal(classify('x', new Uint8Array([0, 1, 2, 3])).hint, 'binary data of no known kind');
  assert.equal(classify('x', Buffer.from('hello\n')).hint, 'text of no known kind');
});

// The pattern the header scan replaced, kept here only to prove the scan answers as it did on short lines.
const OLD_TECH_HEADER_RE = /^-{5,}\s*((?:show|more)\s+.+?)\s*-{5,}\s*$/;

test("the tech-support header scan gives the old pattern's command on random short lines", () => {
  const alphabet = ['-', '-', '-', ' ', '\t', 'show', 'more', 'x', 'v', '\u00a0', 'sh'];
  let seed = 15;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 20_000; i++) {
    let line = '-'.repeat(next() % 8);
    const parts = next() % 14;
    for (let j = 0; j < parts; j++) line += alphabet[next() % alphabet.length] ?? '';
    line += '-'.repeat(next() % 8) + (next() % 3 === 0 ? ' ' : '');
    assert.equal(techHeaderCommand(line), OLD_TECH_HEADER_RE.exec(line)?.[1], JSON.stringify(line));
  }
  assert.equal(techHeaderCommand('------------------ show version ------------------'), 'show version');
  assert.equal(techHeaderCommand('----- show ------'), 'show -');
});

// Regression (issue 15, classify-tech-header-redos*.txt): each of these took minutes; the timeout fails a regression.
test('a tech-support header followed by long runs of dashes, or many blank lines, classifies at once', {
  timeout: 20_000,
}, () => {
  const header = '----- show x' + '-'.repeat(65_536);
  assert.equal(kindOf(header), 'unrecognized');
  assert.equal(techHeaderCommand(header), 'show x');
  let big = '';
  while (big.length < 256 * 1024) big += '----- show x' + '-'.repeat(16_384) + ' x\n';
  assert.equal(kindOf(big), 'unrecognized');
  assert.equal(kindOf('\n'.repeat(256 * 1024)), 'unrecognized');
  assert.equal(kindOf(' \n'.repeat(100 * 1024) + 'System IP Addresses:\n'), 'asa-show-ip');
  // The ocserv.conf key pattern's `^\s*` ran over every later blank line from each one (256 KB: minutes).
  const ocserv = 'auth = "certificate"\ntcp-port = 443\nudp-port = 443\nrun-as-user = nobody\n';
  assert.equal(kindOf('\n'.repeat(200 * 1024) + ocserv), 'ocserv-config');
  // The fuzz finding's own shape: the closing dashes never reach the end of the line.
  assert.equal(kindOf('----- show x' + '-'.repeat(256 * 1024 - 16) + 'y\n'), 'unrecognized');
  const twoHeaders = `----- show version -----\nCisco\n${'-'.repeat(65_536)} more x -----\n`;
  assert.equal(kindOf(twoHeaders), 'asa-capture');
  assert.deepEqual(
    splitCapture(twoHeaders).map((s) => s.command),
    ['show version'],
  );
});

test('a prompt names its ASA without mode or failover words; `sh run` sections are captures (issue 10)', () => {
  assert.equal(promptHost('denver-5520/pri/act(config)'), 'denver-5520');
  assert.equal(promptHost('LEX-ASA-FW1/act'), 'lex-asa-fw1');
  assert.equal(promptHost('fw/admin'), 'fw/admin', 'a security context is another configuration');
  assert.equal(canonicalCommand('sh run tun'), 'show running-config tunnel-group');
  assert.equal(canonicalCommand('sh crypto ca cert vpn-2017'), 'show crypto ca certificates vpn-2017');
  const one = 'branch-asa# show running-config ssl\nssl trust-point branch-id outside\n';
  assert.equal(classify('ssl.log', Buffer.from(one)).kind, 'asa-capture');
  assert.equal(splitCapture(one)[0]?.host, 'branch-asa');
  const map =
    'crypto map m 10 match address a\ncrypto map m 10 set peer 192.0.2.1\ncrypto map m interface outside\n';
  assert.equal(classify('map.txt', Buffer.from(map)).kind, 'asa-running-config');
});
