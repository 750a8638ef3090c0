// A small CSTP headend for loopback probe tests: logs the phone in on /svc (GET, then POST with a webvpn
// cookie), answers CONNECT (with X-DTLS-* toward `dtls.port` when given) and echoes DPD requests over TLS.
import type { TLSSocket } from 'node:tls';
import { CSTP, decodeCstpStream, encodeCstp } from '../../src/probe/cstp.js';

/** The head of a `200 CONNECTED` answer without DTLS (lines). */
export const CONNECTED = [
  'HTTP/1.1 200 CONNECTED',
  'X-CSTP-Version: 1',
  'X-CSTP-Address: 10.10.10.2',
  'X-CSTP-Netmask: 255.255.255.0',
  'X-CSTP-MTU: 1290',
  'X-CSTP-DPD: 30',
  'X-CSTP-Keepalive: 20',
];

/** The TLS connection handler (give it to tls.createServer). */
/** A headend that logs the phone in on /svc, answers CONNECT without DTLS, and answers DPD requests. */
export function cstpHeadend(o: { dtls?: { port: number; cipher: string } } = {}): (s: TLSSocket) => void {
  return (s) => serve(s, o);
}

function serve(s: TLSSocket, o: { dtls?: { port: number; cipher: string } }): void {
  let buf: Buffer = Buffer.alloc(0);
  let tunnel = false;
  s.on('error', () => undefined);
  s.on('data', (c: Buffer) => {
    buf = Buffer.concat([buf, c]);
    for (;;) {
      if (tunnel) {
        const { frames, rest } = decodeCstpStream(buf);
        buf = rest;
        for (const f of frames) if (f.type === CSTP.DPD_REQ) s.write(encodeCstp(CSTP.DPD_RESP, f.payload));
        return;
      }
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const req = text.slice(0, end);
      const len = Number(/content-length:\s*(\d+)/i.exec(req)?.[1] ?? '0');
      buf = Buffer.from(buf.subarray(end + 4 + len));
      if (req.startsWith('GET ')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      else if (req.startsWith('POST '))
        s.write('HTTP/1.1 200 OK\r\nSet-Cookie: webvpn=ABCDEF0123456789\r\nContent-Length: 0\r\n\r\n');
      else if (req.startsWith('CONNECT ')) {
        tunnel = true;
        s.write(
          [
            ...CONNECTED,
            ...(o.dtls
              ? [
                  `X-DTLS-Port: ${o.dtls.port}`,
                  `X-DTLS-Session-ID: ${'ab'.repeat(32)}`,
                  `X-DTLS-CipherSuite: ${o.dtls.cipher}`,
                ]
              : []),
            '',
            '',
          ].join('\r\n'),
        );
      }
    }
  });
}
