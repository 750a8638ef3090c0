// Step tcp: the TCP connection to the headend's TLS port.
import { type Socket, connect as tcpConnect } from 'node:net';
import { errText } from '../errors.js';
import { withTimeout } from '../net.js';
import { fail, failIfAborted, logLoginFailed, type Outcome, passed, type Session } from './session.js';

export async function tcpStep(s: Session, address: string, port: number): Promise<Outcome<Socket>> {
  failIfAborted(s, 'tcp');
  let sock: Socket | undefined;
  try {
    const connected = await withTimeout(
      new Promise<Socket>((resolve, reject) => {
        const c = tcpConnect({ host: address, port });
        sock = c;
        c.once('connect', () => resolve(c));
        c.once('error', reject);
      }),
      s.stepMs,
      `TCP connect to ${address}:${port}`,
      () => sock?.destroy(),
      s.o.signal,
    );
    s.onClose(() => {
      connected.destroy();
    });
    return passed(`connected to ${address}:${port}`, connected);
  } catch (e) {
    sock?.destroy();
    // Read back as the attempt's failure (a connect-abort outside DTLS), with the error as evidence.
    s.log.vpnc('ERR', 'abort_connect', `in tcp connect phase: ${address}:${port}: ${errText(e)}`);
    logLoginFailed(s);
    return fail('tcp', `${address}:${port}: ${errText(e)}`, undefined, e);
  }
}
