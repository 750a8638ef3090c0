// Writes the CUCM side of a deployment: AXL SOAP request bodies and the administration-page checklist.
import type { LoadedDeployment } from '../model/load.js';
import type { Cucm, VpnGateway } from '../model/schema.js';
import type { CertInfo } from '../pki/cert.js';
import { certHashesFor, gatewayUrlsFor } from './phone-config.js';
import { xmlEscape } from './xml.js';

export interface AxlRequest {
  /** The AXL operation, e.g. `addVpnGateway`. */
  operation: string;
  /** A complete SOAP envelope to POST to https://CUCM:8443/axl/ with SOAPAction `CUCM:DB ver=X.Y operation`. */
  body: string;
}

const CLIENT_AUTH_LABEL: Record<Cucm['vpnProfile']['clientAuthentication'], string> = {
  'user-password': 'User and Password',
  'password-only': 'Password only',
  certificate: 'Certificate',
};

/** AXL schema version from the CUCM version (`11.5.1.21900-40` → `11.5`), 12.5 when unknown. */
export function axlVersion(cucmVersion: string | undefined): string {
  const m = /^(\d+)\.(\d+)/.exec(cucmVersion ?? '');
  return m ? `${m[1]}.${m[2]}` : '12.5';
}

function envelope(version: string, operation: string, inner: string[]): string {
  const body = inner.map((l) => `      ${l}`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/${version}">
  <soapenv:Header/>
  <soapenv:Body>
    <ns:${operation}>
${body}
    </ns:${operation}>
  </soapenv:Body>
</soapenv:Envelope>
`;
}

function gatewayCerts(loaded: LoadedDeployment, g: VpnGateway): CertInfo[] {
  return g.certificates.flatMap((f) => (loaded.certs.get(f) ?? []).slice(0, 1));
}

/** The AXL requests that create the deployment's VPN objects, in the order CUCM needs them. */
export function generateAxlRequests(loaded: LoadedDeployment): AxlRequest[] {
  const c = loaded.deployment.cucm;
  const v = axlVersion(c.version);
  const vp = c.vpnProfile;
  const out: AxlRequest[] = [];
  out.push({
    operation: 'addVpnProfile',
    body: envelope(v, 'addVpnProfile', [
      '<vpnProfile>',
      `  <name>${xmlEscape(vp.name)}</name>`,
      `  <description>${xmlEscape(vp.description ?? '')}</description>`,
      `  <autoNetworkDetection>${vp.autoNetworkDetect}</autoNetworkDetection>`,
      `  <mtu>${vp.mtu}</mtu>`,
      `  <failToConnect>${vp.failToConnect}</failToConnect>`,
      // XVpnProfile's sequence: clientAuthentication, pwdPersistant, enableHostIdCheck (AXL 10.5-15).
      `  <clientAuthentication>${CLIENT_AUTH_LABEL[vp.clientAuthentication]}</clientAuthentication>`,
      `  <pwdPersistant>${vp.passwordPersistence}</pwdPersistant>`,
      `  <enableHostIdCheck>${vp.hostIdCheck}</enableHostIdCheck>`,
      '</vpnProfile>',
    ]),
  });
  for (const g of c.vpnGateways) {
    // XVpnGatewayMember names a certificate by issuer and serial number only (no subjectName).
    const certs = gatewayCerts(loaded, g).flatMap((cert) => [
      '    <certificate>',
      `      <issuerName>${xmlEscape(cert.issuer)}</issuerName>`,
      `      <serialNumber>${cert.serialNumber}</serialNumber>`,
      '    </certificate>',
    ]);
    out.push({
      operation: 'addVpnGateway',
      body: envelope(v, 'addVpnGateway', [
        '<vpnGateway>',
        `  <name>${xmlEscape(g.name)}</name>`,
        `  <description>${xmlEscape(g.description ?? '')}</description>`,
        `  <url>${xmlEscape(g.url)}</url>`,
        '  <certificates>',
        ...certs,
        '  </certificates>',
        '</vpnGateway>',
      ]),
    });
  }
  const grp = c.vpnGroup;
  out.push({
    operation: 'addVpnGroup',
    body: envelope(v, 'addVpnGroup', [
      '<vpnGroup>',
      `  <name>${xmlEscape(grp.name)}</name>`,
      `  <description>${xmlEscape(grp.description ?? '')}</description>`,
      '  <vpnGateways>',
      ...grp.gateways.flatMap((name, i) => [
        '    <vpnGateway>',
        `      <vpnGatewayName>${xmlEscape(name)}</vpnGatewayName>`,
        `      <priority>${i + 1}</priority>`,
        '    </vpnGateway>',
      ]),
      '  </vpnGateways>',
      '</vpnGroup>',
    ]),
  });
  const cpp = c.commonPhoneProfile;
  out.push({
    operation: 'updateCommonPhoneConfig',
    body: envelope(v, 'updateCommonPhoneConfig', [
      `<name>${xmlEscape(cpp.name)}</name>`,
      `<vpnGroupName>${xmlEscape(cpp.vpnGroup)}</vpnGroupName>`,
      `<vpnProfileName>${xmlEscape(cpp.vpnProfile)}</vpnProfileName>`,
    ]),
  });
  return out;
}

const yesNo = (b: boolean) => (b ? 'checked' : 'unchecked');

/** The technote's CUCM steps 1–6 with the deployment's values filled in, as a numbered checklist. */
export function generateCucmChecklist(loaded: LoadedDeployment): string {
  const d = loaded.deployment;
  const c = d.cucm;
  const vp = c.vpnProfile;
  const out: string[] = [];
  const certsShown = new Set<string>();
  out.push(`CUCM configuration for VPN phones${d.name ? ` (${d.name})` : ''}`, '');
  out.push(
    '1. Cisco Unified OS Administration > Security > Certificate Management > Upload Certificate/Certificate chain',
  );
  out.push('   Certificate Purpose: Phone-VPN-trust. Upload each headend certificate:');
  for (const g of c.vpnGateways) {
    g.certificates.forEach((file, i) => {
      const cert = gatewayCerts(loaded, g)[i];
      if (!cert || certsShown.has(cert.certHash)) return;
      certsShown.add(cert.certHash);
      out.push(`   - ${file}: subject ${cert.subject}, expires ${cert.notAfter.toISOString().slice(0, 10)}`);
      out.push(`     SHA-1 ${cert.sha1Hex.replace(/(..)(?!$)/g, '$1:')} (certHash ${cert.certHash})`);
    });
  }
  out.push(
    '   The Phone-VPN-trust certificate stays on the node it was uploaded to: upload it to every node',
  );
  out.push('   where your CUCM version needs it (CSCuo58506).', '');
  out.push('2. Cisco Unified CM Administration > Advanced Features > VPN > VPN Profile > Add New');
  out.push(`   Name: ${vp.name}`);
  if (vp.description) out.push(`   Description: ${vp.description}`);
  out.push(`   Enable Auto Network Detect: ${yesNo(vp.autoNetworkDetect)}`);
  out.push(`   MTU: ${vp.mtu}`);
  out.push(`   Fail to Connect: ${vp.failToConnect}`);
  out.push(`   Enable Host ID Check: ${yesNo(vp.hostIdCheck)}`);
  out.push(`   Client Authentication Method: ${CLIENT_AUTH_LABEL[vp.clientAuthentication]}`);
  out.push(`   Enable Password Persistence: ${yesNo(vp.passwordPersistence)}`, '');
  out.push(
    '3. Cisco Unified CM Administration > Advanced Features > VPN > VPN Gateway > Add New (one per gateway)',
  );
  for (const g of c.vpnGateways) {
    out.push(`   VPN Gateway Name: ${g.name}`);
    if (g.description) out.push(`   VPN Gateway Description: ${g.description}`);
    out.push(`   VPN Gateway URL: ${g.url}   (must equal the headend group-url exactly)`);
    out.push('   Move to "VPN Certificates in this Location":');
    for (const cert of gatewayCerts(loaded, g))
      out.push(`   - SUBJECT: ${cert.subject}  SERIAL: ${cert.serialNumber}`);
  }
  out.push('');
  out.push('4. Cisco Unified CM Administration > Advanced Features > VPN > VPN Group > Add New');
  out.push(`   VPN Group Name: ${c.vpnGroup.name}`);
  out.push('   Selected VPN Gateways in this VPN Group (in this order):');
  c.vpnGroup.gateways.forEach((g, i) => {
    out.push(`   ${i + 1}) ${g}`);
  });
  out.push('');
  out.push('5. Cisco Unified CM Administration > Device > Device Settings > Common Phone Profile');
  out.push(`   Copy the profile the VPN phones use, name it "${c.commonPhoneProfile.name}", and set`);
  out.push(`   VPN Group: ${c.commonPhoneProfile.vpnGroup}`);
  out.push(`   VPN Profile: ${c.commonPhoneProfile.vpnProfile}`, '');
  out.push(
    `6. Apply "${c.commonPhoneProfile.name}" to the VPN phones and reset them while they are INSIDE the network,`,
  );
  out.push('   so they download the VPN URL and the certificate hashes. Each phone must then have:');
  out.push(`   - VPN URLs: ${gatewayUrlsFor(loaded).join(', ')}`);
  out.push(`   - certificate hashes: ${certHashesFor(loaded).join(', ')}`);
  for (const p of d.phones) {
    out.push(
      `   - SEP${p.mac} (${p.model}, ${p.certificate}): set Alternate TFTP = Yes, TFTP Server 1 = ${p.tftp} by hand`,
    );
  }
  out.push('   (The headend cannot hand out DHCP option 150: without Alternate TFTP a phone registers but');
  out.push('   shows no call history and never gets new configuration.)');
  return `${out.join('\n')}\n`;
}
