// alternate-tftp-required: VPN phones always need Alternate TFTP set by hand (the ASA hands out no option 150).
import { finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';

export const alternateTftpRequired = defineCheck({
  id: 'alternate-tftp-required',
  needs: 'any VPN phone input',
  run(f) {
    const phones = f.deployment?.value.deployment.phones ?? [];
    const any = f.asa || f.phoneConfigs.length > 0 || f.deployment || f.axl.length > 0;
    if (!any) return notChecked('no VPN phone configuration in the inputs');
    const steps = phones.length
      ? phones
          .map(
            (p) =>
              `SEP${p.mac}: Settings > Admin Settings > Network Setup > IPv4 Setup > Alternate TFTP: Yes, TFTP Server 1: ${p.tftp}`,
          )
          .join('\n')
      : 'On each phone: Settings > Admin Settings > Network Setup > IPv4 Setup > Alternate TFTP: Yes, TFTP Server 1: <CUCM TFTP address>';
    return [
      finding('alternate-tftp-required', {
        evidence: [
          ...f.phoneConfigs.map((pc) => {
            const line = pc.parsed.lines['deviceName'];
            return {
              source: pc.source,
              ...(line !== undefined ? { line } : {}),
              text: `<deviceName>${pc.deviceName ?? '?'}</deviceName>`,
            };
          }),
          ...phones.map((p) => ({
            source: f.deployment?.source ?? '',
            text: `phone ${p.mac}: tftp ${p.tftp}`,
          })),
        ],
        message:
          'The ASA cannot hand out DHCP option 150: each VPN phone needs Alternate TFTP set by hand before it leaves the office (else it registers but shows no call history).',
        fix: steps,
      }),
    ];
  },
});
