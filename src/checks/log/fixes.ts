// Fix texts of log findings that the live probe reports too (src/checks/probe): one wording for both.
import {
  type FixContext,
  gatewayNames,
  groupPolicyName,
  isOcserv,
  phoneCaTrustpointNames,
  sslCipherLines,
  tftpAddresses,
  tunnelGroupName,
  vpnUrl,
} from './context.js';

export function noSharedCipherFix(ctx: FixContext): string {
  return `Allow a cipher the phones offer (AES256-SHA, AES128-SHA) for the TLS versions they use:\n${sslCipherLines(ctx)}`;
}

export function clientCertInvalidFix(ctx: FixContext): string {
  if (isOcserv(ctx))
    return 'Put the CA of the phone certificates (Cisco MIC chain for the model, or the CUCM CAPF certificate for LSC phones) into the file named by `ca-cert` in ocserv.conf.';
  const names = phoneCaTrustpointNames(ctx);
  const list =
    names.length > 0
      ? names.join(', ')
      : 'Cisco_Root_CA_M2 + Cisco_Manufacturing_CA_SHA2 (88xx/78xx), Cisco_Root_CA_2048 + Cisco_Manufacturing_CA (79xx/69xx/89xx/99xx), or CAPF for LSC phones';
  return `Create the trustpoints for the phones' certificate chain (${list}):\ncrypto ca trustpoint NAME\n enrollment terminal\ncrypto ca authenticate NAME`;
}

export function noClientCertFix(ctx: FixContext): string {
  const p = ctx.deployment?.cucm.vpnProfile;
  const mine = p ? ` (VPN profile ${p.name}: ${p.clientAuthentication})` : '';
  return `Certificate authentication on tunnel-group ${tunnelGroupName(ctx)} needs the VPN profile's Client Authentication Method set to Certificate${mine}; check the phone has its MIC or LSC.`;
}

export function dnsLookupFix(ctx: FixContext, host: string): string {
  const url = vpnUrl(ctx);
  const ip = ctx.deployment?.headend.interfaces.find(
    (i) => i.name === ctx.deployment?.headend.outside,
  )?.address;
  const alt =
    url && ip
      ? `or use the address instead of the name: \`group-url ${url.replace(host, ip)} enable\` under tunnel-group ${tunnelGroupName(ctx)} webvpn-attributes, and the same URL in CUCM VPN gateway ${gatewayNames(ctx)}`
      : 'or use the IP address in the ASA group-url and the CUCM VPN gateway URL';
  return `Give the phone a DNS server outside (DHCP) that resolves ${host}, ${alt}; then reset the phones inside.`;
}

export function ecCipherFix(ctx: FixContext): string {
  return `Remove the EC suites for the TLS versions the phones use and for DTLS:\n${sslCipherLines(ctx)}`;
}

export function oldSessionCipherFix(ctx: FixContext): string {
  const test = isOcserv(ctx)
    ? 'As a test, set `udp-port = 0` in ocserv.conf (TCP only).'
    : `As a test, force TCP only:\ngroup-policy ${groupPolicyName(ctx)} attributes\n webvpn\n  anyconnect ssl dtls none`;
  return `Allow the same non-EC cipher for TLS and DTLS:\n${sslCipherLines(ctx)}\n${test}`;
}

export function tftpReachableFix(ctx: FixContext): string {
  const tftp = tftpAddresses(ctx);
  return (
    `Check in this order: the address pinged must be the internal TFTP server${tftp.length > 0 ? ` (${tftp.join(', ')})` : ''}; ` +
    "it must not answer pings from the phone's outside network (filter ICMP or change the alternate TFTP); then the VPN is enabled after the ping times out."
  );
}
