// Tests of the access-log and status lines of `vpnphone serve`, and of HTTP content types.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentTypeFor } from './http.js';
import { formatEvent } from './log.js';

const at = new Date('2026-11-27T08:00:00.000Z');

describe('formatEvent', () => {
  it('writes one text line per TFTP transfer with client, file, bytes, duration and result', () => {
    const line = formatEvent(
      {
        event: 'transfer',
        proto: 'tftp',
        client: '10.10.1.5:50123',
        file: 'SEP682C7B40B5CE.cnf.xml',
        mode: 'octet',
        bytes: 753,
        durationMs: 4.2,
        result: 'ok',
        blksize: 1428,
        options: { blksize: '1428' },
        retransmissions: 1,
      },
      at,
      false,
    );
    assert.equal(
      line,
      '2026-11-27T08:00:00.000Z tftp 10.10.1.5:50123 SEP682C7B40B5CE.cnf.xml 753 bytes 4.2 ms ok [blksize 1428, 1 resent]',
    );
  });

  it('writes JSON lines with the time and every field', () => {
    const e = {
      event: 'transfer' as const,
      proto: 'http' as const,
      client: '127.0.0.1:4000',
      file: '/x',
      method: 'GET',
      status: 404,
      bytes: 0,
      durationMs: 1,
      result: 'not-found' as const,
      error: 'file not found',
    };
    assert.deepEqual(JSON.parse(formatEvent(e, at, true)), { time: at.toISOString(), ...e });
  });

  it('shows a failed reload with the loader messages, indented, and what stays in service', () => {
    const text = formatEvent(
      {
        event: 'reload',
        ok: false,
        reason: 'watch',
        error:
          'deployment.yaml:49:10: cucm.vpnProfile.mtu: expected number\nvpnphone: 1 problem in deployment.yaml',
        kept: ['SEP682C7B40B5CE.cnf.xml'],
      },
      at,
      false,
    );
    assert.match(text, /reload \(watch\) FAILED, still serving the last good deployment \(1 phone file\):/);
    assert.match(text, /\n {2}deployment\.yaml:49:10: cucm\.vpnProfile\.mtu/);
    assert.match(text, /\n {2}1 problem in deployment\.yaml$/);
  });
});

describe('contentTypeFor', () => {
  it('types configuration files as XML and signed or firmware files as bytes', () => {
    assert.equal(contentTypeFor('SEP682C7B40B5CE.cnf.xml'), 'text/xml; charset=utf-8');
    assert.equal(contentTypeFor('SEP682C7B40B5CE.cnf.xml.sgn'), 'application/octet-stream');
    assert.equal(contentTypeFor('sip88xx.14-1-1.loads'), 'application/octet-stream');
    assert.equal(contentTypeFor('ringlist.txt'), 'text/plain; charset=utf-8');
    assert.equal(contentTypeFor('wallpaper.PNG'), 'image/png');
  });
});
