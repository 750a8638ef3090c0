// What certificate a deployment's headend would present, and whether the phones of its gateways would trust it.
import type { CertInfo } from '../pki/cert.js';
import { gatewaysOf, primaryHeadend } from './headends.js';
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
export function presentedIdentity(
  loaded: LoadedDeployment,
  h: Headend = primaryHeadend(loaded.deployment),
): PresentedIdentity | undefined {
  const id = h.identity;
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
  const out: UntrustedIdentity[] = [];
  for (const h of d.headends) out.push(...untrustedBy(loaded, h));
  return out;
}

function untrustedBy(loaded: LoadedDeployment, h: Headend): UntrustedIdentity[] {
  const d = loaded.deployment;
  const presented = presentedIdentity(loaded, h);
  if (presented?.kind !== 'existing') return [];
  const headend = headendLabel(h);
  const out: UntrustedIdentity[] = [];
  for (const g of gatewaysOf(d, h)) {
    const hashes = g.certificates.flatMap((f) => (loaded.certs.get(f) ?? []).map((c) => c.certHash));
    if (hashes.includes(presented.cert.certHash)) continue;
    out.push({
      headend,
      gateway: g.name,
      message:
        `headend ${headend} would present ${presented.file} (certHash ${presented.cert.certHash}), ` +
        `which VPN gateway "${g.name}" does not include (its certificates: ${g.certificates.join(', ')}): ` +
        `its phones would refuse the headend. Add ${presented.file} to the gateway's certificates, ` +
        `or name the certificate the headend really presents under ${d.headendKey === 'headend' ? 'headend' : `headends[${d.headends.indexOf(h)}]`}.identity.certificate.`,
    });
  }
  return out;
}
