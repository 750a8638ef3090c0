import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpParseError } from './errors.js';
import {
  aggregateInitBody,
  buildRequest,
  parseAggregateAnswer,
  parseResponseHead,
  parseTunnelHeaders,
  setCookies,
} from './http.js';

// The shape of ocserv 1.3's answer to CONNECT /CSCOSSLC/tunnel (PROTOCOL.md §2).
const CONNECTED = [
  'HTTP/1.1 200 CONNECTED',
  'X-CSTP-Version: 1',
  'X-CSTP-Server-Name: ocserv 1.3.0',
  'X-CSTP-Address: 10.10.1.16',
  'X-CSTP-Netmask: 255.255.255.0',
  'X-CSTP-DNS: 10.10.1.1',
  'X-CSTP-DNS: 10.10.1.2',
  'X-CSTP-Keepalive: 30',
  'X-CSTP-DPD: 30',
  'X-CSTP-MTU: 1196',
  'X-CSTP-Idle-Timeout: none',
  'X-DTLS-Session-ID: fa76e2e5c56c7388235b0ee8ffac90fd998d9cc3e8e252b082592ba14fc60b0e',
  'X-DTLS-Port: 443',
  'X-DTLS-DPD: 30',
  'X-DTLS-CipherSuite: AES256-SHA',
  'X-DTLS-MTU: 1210',
].join('\r\n');

test('parseTunnelHeaders reads the address, DNS servers, timers and the DTLS parameters', () => {
  const p = parseTunnelHeaders(parseResponseHead(CONNECTED));
  assert.equal(p.address, '10.10.1.16');
  assert.equal(p.netmask, '255.255.255.0');
  assert.deepEqual(p.dns, ['10.10.1.1', '10.10.1.2']);
  assert.equal(p.mtu, 1196);
  assert.equal(p.dpd, 30);
  assert.equal(p.idleTimeout, undefined);
  assert.equal(p.dtlsPort, 443);
  assert.equal(p.dtlsSessionId?.length, 64);
  assert.equal(p.dtlsCipher, 'AES256-SHA');
});

test('setCookies keeps name=value of each Set-Cookie', () => {
  const h = parseResponseHead(
    'HTTP/1.1 200 OK\r\nSet-Cookie: webvpnlogin=1; Secure\r\nSet-Cookie: webvpn=AbC+/=; Secure; HttpOnly',
  );
  assert.deepEqual(
    [...setCookies(h)],
    [
      ['webvpnlogin', '1'],
      ['webvpn', 'AbC+/='],
    ],
  );
});

test('parseResponseHead refuses what is not HTTP', () => {
  assert.throws(() => parseResponseHead('\x16\x03\x01garbage'), HttpParseError);
  assert.throws(() => parseResponseHead('HTTP/1.1 200 OK\r\nno colon here'), HttpParseError);
});

test('buildRequest writes a Content-Length for a body, even an empty one', () => {
  assert.equal(
    buildRequest('POST', '/svc', [['Host', 'h']], ''),
    'POST /svc HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n',
  );
  assert.equal(buildRequest('GET', '/svc', [['Host', 'h']]), 'GET /svc HTTP/1.1\r\nHost: h\r\n\r\n');
});

test('aggregate auth: the init body names the group URL; answers are read for type, auth id and inputs', () => {
  assert.match(aggregateInitBody('https://vpn/phone'), /<group-access>https:\/\/vpn\/phone<\/group-access>/);
  const req = parseAggregateAnswer(
    '<config-auth client="vpn" type="auth-request"><opaque is-for="sg"><x/></opaque><auth id="main"><form><input type="text" name="username"/><input type="password" name="password"/></form></auth></config-auth>',
  );
  assert.equal(req.type, 'auth-request');
  assert.deepEqual(req.inputs, ['username', 'password']);
  assert.equal(req.opaque, '<opaque is-for="sg"><x/></opaque>');
  const ok = parseAggregateAnswer(
    '<config-auth client="vpn" type="complete"><auth id="success"/></config-auth>',
  );
  assert.deepEqual([ok.type, ok.authId], ['complete', 'success']);
});
