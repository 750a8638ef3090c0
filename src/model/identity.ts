// What certificate a deployment's headend would present, and whether the phones of its gateways would trust it.
import type { CertInfo } from '../pki/cert.js';
import type { LoadedDeployment } from './load.js';
import type { Headend } from './schema.js';

export type PresentedIdentity =
  | { kind: 'self-enroll'; trustpoint: string }
  | { kind: 'existing'; trustpoint: string; file: string; cert: CertInfo };

/** The name a message uses for the headend: its host name, else its tunnel group. */
export function headendLabel(h: Headend): string {
  return h.hostname ?? `${h.kind} (tunnel group ${h.tunnelGroup.name})`;
}

/** The certificate the headend presents to phones: the deployment's file, or a new one from `enroll: self`. */
export function presentedIdentity(loaded: LoadedDeployment): PresentedIdentity | undefined {
  const id = loaded.deployment.headend.identity;
  if (id.enroll === 'self') return { kind: 'self-enroll', trustpoint: id.trustpoint };
  const file = id.certificate;
  const cert = file ? loaded.certs.get(file)?.[0] : undefined;
  if (!file || !cert) return undefined;
  return { kind: 'existing', trustpoint: id.trustpoint, file, cert };
}

export interface UntrustedIdentity {
  headend: string;
  gateway: string;
  message: string;
}

/**
 * Gateways that lead phones to this headend (their URL is its group-url) and whose certificates do not
 * include the one it presents: those phones would refuse the headend (the technote's renewal outage).
 * A self-enrolled certificate is not judged here: it does not exist yet (generate warns instead).
 */
export function untrustedIdentity(loaded: LoadedDeployment): UntrustedIdentity[] {
  const d = loaded.deployment;
  const presented = presentedIdentity(loaded);
  if (presented?.kind !== 'existing') return [];
  const headend = headendLabel(d.headend);
  const out: UntrustedIdentity[] = [];
  for (const g of d.cucm.vpnGateways) {
    if (g.url !== d.headend.tunnelGroup.groupUrl) continue;
    const hashes = g.certificates.flatMap((f) => (loaded.certs.get(f) ?? []).map((c) => c.certHash));
    if (hashes.includes(presented.cert.certHash)) continue;
    out.push({
      headend,
      gateway: g.name,
      message:
        `headend ${headend} would present ${presented.file} (certHash ${presented.cert.certHash}), ` +
        `which VPN gateway "${g.name}" does not include (its certificates: ${g.certificates.join(', ')}): ` +
        `its phones would refuse the headend. Add ${presented.file} to the gateway's certificates, ` +
        'or name the certificate the headend really presents under headend.identity.certificate.',
    });
  }
  return out;
}
