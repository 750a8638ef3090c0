// alternate-tftp-required: VPN phones always need Alternate TFTP set by hand (the ASA hands out no option 150).
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';

export const alternateTftpRequired = defineCheck({
  id: 'alternate-tftp-required',
  needs: 'any VPN phone input',
  run(f) {
    const phones = f.deployment?.value.deployment.phones ?? [];
    // Only phones whose configuration turns the VPN on (a <vpnGroup> with a gateway URL, not commented out).
    const vpnConfigs = f.phoneConfigs.filter((pc) => (pc.parsed.vpn?.urls.length ?? 0) > 0);
    const any = f.asa || vpnConfigs.length > 0 || f.deployment || f.axl.length > 0;
    if (!any) {
      if (f.phoneConfigs.length > 0) return [];
      return notChecked('no VPN phone configuration in the inputs');
    }
    return [
      draft('alternate-tftp-required', { phones: phones.map((p) => ({ mac: p.mac, tftp: p.tftp })) }, [
        ...vpnConfigs.map((pc) => {
          const tag = pc.deviceName !== undefined ? 'deviceName' : 'vpnGroup';
          const line = pc.parsed.lines[tag];
          return {
            source: pc.source,
            ...(line !== undefined ? { line } : {}),
            text: pc.deviceName !== undefined ? `<deviceName>${pc.deviceName}</deviceName>` : '<vpnGroup>',
          };
        }),
        ...phones.map((p) => ({
          source: f.deployment?.source ?? '',
          text: `phone ${p.mac}: tftp ${p.tftp}`,
        })),
      ]),
    ];
  },
});
