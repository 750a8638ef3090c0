// alternate-tftp-required: VPN phones always need Alternate TFTP set by hand (the ASA hands out no option 150).
import { draft } from '../../findings/finding.js';
import { defineCheck, notChecked } from '../define.js';

export const alternateTftpRequired = defineCheck({
  id: 'alternate-tftp-required',
  needs: 'any VPN phone input',
  run(f) {
    const phones = f.deployment?.value.deployment.phones ?? [];
    const any = f.asa || f.phoneConfigs.length > 0 || f.deployment || f.axl.length > 0;
    if (!any) return notChecked('no VPN phone configuration in the inputs');
    return [
      draft('alternate-tftp-required', { phones: phones.map((p) => ({ mac: p.mac, tftp: p.tftp })) }, [
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
      ]),
    ];
  },
});
