// Step auto-detect: the phone pings its TFTP server; an answer means "inside", and the VPN stays off.
import { errText } from '../errors.js';
import { systemPing } from '../net.js';
import { fail, type Outcome, passed, type Session, skipped } from './session.js';

export async function autoDetectStep(s: Session): Promise<Outcome<void>> {
  const address = s.o.autoDetect;
  if (!address) return skipped('no --auto-detect address given', undefined);
  let answered: boolean;
  try {
    answered = await systemPing(address, s.o.pingTimeoutMs ?? 3000);
  } catch (e) {
    return fail('auto-detect', errText(e), undefined, e);
  }
  if (answered) {
    s.log.java('NOT', 'vpnAutoDetect', `ping response from ${address}, vpn not enabled`);
    fail(
      'auto-detect',
      `${address} answered the ping: the phone would think it is inside and keep the VPN off`,
      { kind: 'tftp-answers-ping', address },
    );
  }
  s.log.java('NOT', 'vpnAutoDetect', 'ping time out');
  s.log.java(
    'DEB',
    'configmgr',
    'MQThread|cip.vpn.VpnStateHandler:? - VpnStateHandler: handleVPN_ENABLED_STATE()',
  );
  s.observe({ kind: 'vpn-auto-started', address });
  return passed(`${address} did not answer the ping: VPN enabled`, undefined);
}
