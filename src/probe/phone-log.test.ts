import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PhoneLog } from './phone-log.js';

// The seed's line shape: `<seq> <SEV> <Mon> <D> <HH:MM:SS.micro> (pid:tid) VPNC: -function: text`.
const LINE =
  /^(\d+) (ERR|WRN|NOT|INF|DEB) ([A-Z][a-z]{2}) (\d{1,2}) (\d\d:\d\d:\d\d\.\d{6}) \((\d+):(\d+)\) (\S+): (.*)$/;

test('PhoneLog writes the seed line shape with rising sequence numbers and microsecond stamps', () => {
  let t = Date.UTC(2020, 2, 29, 15, 22, 38) * 1000 + 949354;
  const log = new PhoneLog(() => t, 3249);
  log.vpnc('ERR', 'dtls_state_cb', 'DTLSv0.9: write: alert: fatal:illegal parameter');
  log.vpnc('WRN', 'protocol_handler', 'connect : err: SSL success DTLS fail'); // same instant: still rises
  t += 5_000_000;
  log.java('NOT', 'vpnAutoDetect', 'ping time out');
  const lines = log.text().trimEnd().split('\n');
  assert.equal(
    lines[0],
    '3249 ERR Mar 29 15:22:38.949354 (385:385) VPNC: -dtls_state_cb: DTLSv0.9: write: alert: fatal:illegal parameter',
  );
  assert.equal(
    lines[1],
    '3250 WRN Mar 29 15:22:38.949355 (385:385) VPNC: -protocol_handler: connect : err: SSL success DTLS fail',
  );
  assert.equal(lines[2], '3251 NOT Mar 29 15:22:43.949354 (574:385) JAVA-vpnAutoDetect: ping time out');
  for (const l of lines) assert.match(l, LINE);
});

test('an empty log is empty text', () => {
  assert.equal(new PhoneLog().text(), '');
});
