// The technote's ten-step renewal of the headend identity certificate, with this deployment's names and a check after each step.
import { axlVersion } from '../cucm/generate.js';
import { xmlEscape } from '../cucm/xml.js';
import { findHeadend, gatewaysOf, headendNames, headendOf } from '../model/headends.js';
import { headendLabel } from '../model/identity.js';
import type { LoadedDeployment } from '../model/load.js';
import type { Headend, VpnGateway } from '../model/schema.js';
import type { CertInfo } from '../pki/cert.js';

export interface RenewStep {
  n: number;
  /** Where the step is done. */
  where: 'asa' | 'cucm' | 'phones';
  title: string;
  /** What to type or click, in order. */
  actions: string[];
  /** What must be true before the next step, and how to see it. */
  check: string;
}

export interface AxlUpdate {
  step: number;
  gateway: string;
  operation: 'updateVpnGateway';
  body: string;
}

export interface RenewPlan {
  headend: string;
  oldTrustpoint: string;
  newTrustpoint: string;
  gateways: string[];
  outside: string;
  steps: RenewStep[];
  axl: AxlUpdate[];
}

export interface PlanOptions {
  /** Trustpoint for the new certificate (default: the old one's name with `-new`). */
  newTrustpoint?: string;
  /** The new certificate, once exported: its issuer and serial fill the AXL requests. */
  newCert?: CertInfo;
  /** A VPN gateway name, or the headend's host name (default: the gateways whose URL is its group-url). */
  headend?: string;
}

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

type Member = { issuerName: string; serialNumber: string };

function memberOf(c: CertInfo): Member {
  return { issuerName: c.issuer, serialNumber: c.serialNumber };
}

/** An AXL `updateVpnGateway` request that sets the gateway's certificates (AXL replaces the whole list). */
export function updateVpnGatewayRequest(version: string, gateway: string, members: Member[]): string {
  const certs = members.flatMap((m) => [
    '        <certificate>',
    `          <issuerName>${xmlEscape(m.issuerName)}</issuerName>`,
    `          <serialNumber>${xmlEscape(m.serialNumber)}</serialNumber>`,
    '        </certificate>',
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/${version}">
  <soapenv:Header/>
  <soapenv:Body>
    <ns:updateVpnGateway>
      <name>${xmlEscape(gateway)}</name>
      <certificates>
${certs.join('\n')}
      </certificates>
    </ns:updateVpnGateway>
  </soapenv:Body>
</soapenv:Envelope>
`;
}

/** The headend renewed and the gateways whose phones must trust its new certificate. */
function headendAndGateways(
  loaded: LoadedDeployment,
  wanted: string | undefined,
): { h: Headend; gateways: VpnGateway[] } {
  const d = loaded.deployment;
  const all = d.cucm.vpnGateways;
  const only = d.headends.length === 1 ? d.headends[0] : undefined;
  const h = wanted === undefined ? only : findHeadend(d, wanted);
  if (wanted === undefined && !h)
    throw new PlanError(
      `the deployment has ${d.headends.length} headends: name one with --headend (${headendNames(d)})`,
    );
  if (h) {
    const gs = gatewaysOf(d, h);
    if (gs.length === 0)
      throw new PlanError(`no VPN gateway has the headend's URL ${h.tunnelGroup.groupUrl}`);
    return { h, gateways: gs };
  }
  const g = all.find((x) => x.name === wanted);
  const served = g ? headendOf(d, g) : undefined;
  if (!g || !served)
    throw new PlanError(
      `--headend ${wanted}: neither a headend (${d.headends.map((x) => x.hostname ?? x.name).join(', ')}) nor a VPN gateway (${all.map((x) => x.name).join(', ')})`,
    );
  return { h: served, gateways: [g] };
}

/** The renewal plan for an ASA headend. Pure: certificates come in through `loaded` and `o.newCert`. */
export function renewPlan(loaded: LoadedDeployment, o: PlanOptions = {}): RenewPlan {
  const d = loaded.deployment;
  const { h, gateways } = headendAndGateways(loaded, o.headend);
  if (h.kind !== 'asa')
    throw new PlanError(
      'renew plan writes the ASA procedure; for ocserv, make the new certificate with vpnphone cert create identity and follow the same CUCM steps',
    );
  const oldTp = h.identity.trustpoint;
  const newTp = o.newTrustpoint ?? `${oldTp}-new`;
  if (newTp === oldTp)
    throw new PlanError(`--new-trustpoint ${newTp}: it must differ from the current trustpoint`);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(newTp))
    throw new PlanError(`--new-trustpoint ${newTp}: not a trustpoint name`);
  const gwNames = gateways.map((g) => `"${g.name}"`).join(', ');
  const version = axlVersion(d.cucm.version);
  const newFile = `certs/${newTp}.pem`;
  const phones = d.phones.length;
  const onePhone = d.phones[0];
  const oneName = onePhone ? `SEP${onePhone.mac}` : 'SEP<MAC>';
  const oneModel = onePhone ? onePhone.model.replace(/^CP-/i, '') : '<model>';
  const url = h.tunnelGroup.groupUrl;
  const cnf = `SEP${onePhone?.mac ?? '<MAC>'}.cnf.xml`;
  // The phone's own configuration file (from CUCM's TFTP) is what it compares with; the deployment stands in for it.
  const statusCmd = `vpnphone renew status --url ${url} --config ${cnf} --new-cert ${newFile}`;
  // Self-enrolled on the ASA, the new certificate's issuer is its subject; its serial is known once exported.
  const newMember: Member = o.newCert
    ? memberOf(o.newCert)
    : { issuerName: h.identity.subject, serialNumber: 'SERIAL-OF-NEW-CERTIFICATE' };
  const steps: RenewStep[] = [
    {
      n: 1,
      where: 'asa',
      title: `Create the new trustpoint ${newTp} (RSA key: phones and the EC trap, CSCuu02848)`,
      actions: [
        `crypto key generate rsa label ${newTp} modulus 2048 noconfirm`,
        `crypto ca trustpoint ${newTp}`,
        '    enrollment self',
        `    subject-name ${h.identity.subject}`,
        `    keypair ${newTp}`,
      ],
      check: `show crypto key mypubkey rsa shows the key ${newTp}; show run ssl still says ssl trust-point ${oldTp} ${h.outside}`,
    },
    {
      n: 2,
      where: 'asa',
      title: `Enroll the new certificate in ${newTp} (the ASA keeps presenting ${oldTp})`,
      actions: [`crypto ca enroll ${newTp} noconfirm`],
      check: `show crypto ca certificates ${newTp} shows the new certificate, RSA, valid; show run ssl unchanged`,
    },
    {
      n: 3,
      where: 'asa',
      title: 'Export the new certificate for CUCM',
      actions: [
        `crypto ca export ${newTp} identity-certificate`,
        `paste the output into: vpnphone cert from-asa --out-cert ${newFile}`,
      ],
      check: `vpnphone cert show ${newFile}: RSA key, the expected subject, days left well beyond the renewal`,
    },
    {
      n: 4,
      where: 'cucm',
      title: 'Upload it as Phone-VPN-trust on every CUCM node',
      actions: [
        `Cisco Unified OS Administration > Security > Certificate Management > Upload Certificate: Phone-VPN-trust, ${newFile}`,
        'on the publisher and on every subscriber: some versions do not replicate Phone-VPN-trust (CSCuo58506)',
      ],
      check: 'Certificate Management on each node lists the new certificate as Phone-VPN-trust',
    },
    {
      n: 5,
      where: 'cucm',
      title: `Add it to the VPN gateway ${gwNames}, keeping the old one`,
      actions: [
        `Advanced Features > VPN > VPN Gateway > ${gateways[0]?.name}: move the new certificate to "VPN Certificates in this Location" beside the old one, Save`,
        `or the AXL updateVpnGateway request below (step 5)`,
        `in the deployment: add ${newFile} to the certificates of ${gwNames}`,
      ],
      check: `vpnphone generate phone-config -d DEPLOYMENT --mac ${onePhone?.mac ?? 'MAC'} shows two certHash values`,
    },
    {
      n: 6,
      where: 'phones',
      title: `Reset the phones while they are inside the network (${phones} listed) so they download both hashes`,
      actions: [
        `Device > Device Settings > Common Phone Profile > ${d.cucm.commonPhoneProfile.name}: Apply Config / Reset`,
        'phones outside keep their old configuration until they are back inside (or on a working tunnel)',
      ],
      check: `fetch ${cnf} from CUCM (TFTP or http://CUCM:6970/${cnf}); ${statusCmd} says staged; then --gate switch exits 0`,
    },
    {
      n: 7,
      where: 'asa',
      title: `Switch the outside interface to ${newTp}`,
      actions: [`ssl trust-point ${newTp} ${h.outside}`],
      check: `${statusCmd} says switched (the headend presents the new certificate and the phones hold it)`,
    },
    {
      n: 8,
      where: 'phones',
      title: `Test one phone (${oneName}) from outside`,
      actions: [
        `restart ${oneName} outside the network and let it build the tunnel`,
        `vpnphone probe --url ${url} --model ${oneModel} (as the phone would)`,
      ],
      check: `show vpn-sessiondb anyconnect filter name CP-${oneModel}-${oneName} shows its session`,
    },
    {
      n: 9,
      where: 'phones',
      title: 'Then all phones',
      actions: [
        'watch the phones come back as their tunnels reconnect; a phone that fails still lacks the new hash',
      ],
      check: `show vpn-sessiondb anyconnect counts the phones (${phones} listed); if some fail: ssl trust-point ${oldTp} ${h.outside} while the old certificate is valid`,
    },
    {
      n: 10,
      where: 'cucm',
      title: 'Remove the old certificate from CUCM once every phone holds the new configuration',
      actions: [
        `${statusCmd} --gate cleanup must exit 0 first`,
        `remove the old certificate from ${gwNames} (AXL updateVpnGateway below, step 10), then from Phone-VPN-trust on every node`,
        `on the ASA, once nothing uses it: no crypto ca trustpoint ${oldTp}`,
      ],
      check: `${statusCmd} says cleaned`,
    },
  ];
  const axl: AxlUpdate[] = [];
  for (const g of gateways) {
    const current = g.certificates.flatMap((f) => (loaded.certs.get(f) ?? []).slice(0, 1).map(memberOf));
    const withNew = [...current, newMember];
    axl.push({
      step: 5,
      gateway: g.name,
      operation: 'updateVpnGateway',
      body: updateVpnGatewayRequest(version, g.name, withNew),
    });
    axl.push({
      step: 10,
      gateway: g.name,
      operation: 'updateVpnGateway',
      body: updateVpnGatewayRequest(version, g.name, [newMember]),
    });
  }
  return {
    headend: headendLabel(h),
    oldTrustpoint: oldTp,
    newTrustpoint: newTp,
    gateways: gateways.map((g) => g.name),
    outside: h.outside,
    steps,
    axl,
  };
}

export function renderPlanText(p: RenewPlan): string {
  const out: string[] = [
    `Renewal of the identity certificate of headend ${p.headend}: ${p.oldTrustpoint} -> ${p.newTrustpoint} on ${p.outside}`,
    `VPN gateway${p.gateways.length > 1 ? 's' : ''}: ${p.gateways.join(', ')}`,
    'The phones must hold the new hash BEFORE the switch (step 7): otherwise they fail days or weeks later.',
    '',
  ];
  for (const s of p.steps) {
    out.push(`${s.n}. [${s.where}] ${s.title}`);
    for (const a of s.actions) out.push(`     ${a}`);
    out.push(`   check: ${s.check}`, '');
  }
  for (const a of p.axl) {
    out.push(`AXL for step ${a.step} (gateway ${a.gateway}): ${a.operation}`, a.body);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
