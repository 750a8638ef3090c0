// What the log checks know about the deployment (when --deployment is given), to name its objects in fixes.
import { cipherVersionsFor, PHONE_SAFE_CIPHERS, phoneCaTrustpointsFor } from '../../asa/generate.js';
import type { Deployment } from '../../model/schema.js';

export interface FixContext {
  deployment: Deployment | undefined;
}

export function fixContext(deployment?: Deployment): FixContext {
  return { deployment };
}

const SAFE = PHONE_SAFE_CIPHERS.join(':');

/** `ssl cipher` lines without EC suites for the versions the deployment's phones use (and dtlsv1). */
export function sslCipherLines(ctx: FixContext, onlyDtls = false): string {
  const d = ctx.deployment;
  if (d?.headend.kind === 'ocserv') {
    return 'in ocserv.conf: tls-priorities = "NORMAL:%SERVER_PRECEDENCE:%COMPAT:-VERS-SSL3.0:-ECDHE-RSA:-ECDHE-ECDSA" (no EC key exchange), then restart ocserv';
  }
  const versions = onlyDtls
    ? ['dtlsv1']
    : d
      ? cipherVersionsFor(d)
      : ['tlsv1', 'tlsv1.1', 'tlsv1.2', 'dtlsv1'];
  return versions.map((v) => `ssl cipher ${v} custom "${SAFE}"`).join('\n');
}

export function groupPolicyName(ctx: FixContext): string {
  return ctx.deployment?.headend.tunnelGroup.groupPolicy ?? '<phones group policy>';
}

export function tunnelGroupName(ctx: FixContext): string {
  return ctx.deployment?.headend.tunnelGroup.name ?? '<phones tunnel group>';
}

export function vpnUrl(ctx: FixContext): string | undefined {
  return ctx.deployment?.headend.tunnelGroup.groupUrl;
}

export function gatewayNames(ctx: FixContext): string {
  const g = ctx.deployment?.cucm.vpnGateways.map((x) => x.name);
  return g && g.length > 0 ? g.join(', ') : '<VPN gateway>';
}

export function identityTrustpoint(ctx: FixContext): string {
  return ctx.deployment?.headend.identity.trustpoint ?? '<identity trustpoint>';
}

export function outsideName(ctx: FixContext): string {
  return ctx.deployment?.headend.outside ?? 'outside';
}

export function phoneCaTrustpointNames(ctx: FixContext): string[] {
  return ctx.deployment ? phoneCaTrustpointsFor(ctx.deployment).map((t) => t.name) : [];
}

export function isOcserv(ctx: FixContext): boolean {
  return ctx.deployment?.headend.kind === 'ocserv';
}

export function tftpAddresses(ctx: FixContext): string[] {
  return [...new Set((ctx.deployment?.phones ?? []).map((p) => p.tftp))];
}
