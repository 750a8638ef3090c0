// The headends of a deployment and the gateways each serves: the one place that says which is which.
import type { Deployment, DeploymentInput, Headend, VpnGateway } from './schema.js';

/**
 * The headends as one list, whichever form the file used; a gateway without `headend` gets the one whose
 * group-url is its URL. In the one-`headend:` form a gateway of another URL stays without one: a headend
 * the file does not describe (the form of files written before `headends:`).
 */
export function normalizeDeployment(input: DeploymentInput): Deployment {
  const { headend, headends: list, ...rest } = input;
  const headends: Headend[] = list
    ? list
    : headend
      ? [{ ...headend, name: headend.name ?? headend.hostname ?? 'headend' }]
      : [];
  for (const g of rest.cucm.vpnGateways) {
    if (g.headend !== undefined) continue;
    const h = headends.find((x) => x.tunnelGroup.groupUrl === g.url);
    if (h) g.headend = h.name;
  }
  return { ...rest, headends, headendKey: list ? 'headends' : 'headend' };
}

/** Where a headend is in the file, for problems: `headend` or `headends.<i>`. */
export function headendPath(d: Deployment, h: Headend): (string | number)[] {
  return d.headendKey === 'headend' ? ['headend'] : ['headends', d.headends.indexOf(h)];
}

/** The gateways whose URL the headend serves. */
export function gatewaysOf(d: Deployment, h: Headend): VpnGateway[] {
  return d.cucm.vpnGateways.filter((g) => g.headend === h.name);
}

/** The headend a gateway names. */
export function headendOf(d: Deployment, g: VpnGateway): Headend | undefined {
  return d.headends.find((h) => h.name === g.headend);
}

/** The VPN group's gateways in the order phones try them (url1, url2, url3). */
export function groupGateways(d: Deployment): VpnGateway[] {
  return d.cucm.vpnGroup.gateways
    .map((n) => d.cucm.vpnGateways.find((g) => g.name === n))
    .filter((g): g is VpnGateway => g !== undefined);
}

/** The headend serving url1 (the phones' first choice), else the first listed. */
export function primaryHeadend(d: Deployment): Headend {
  const first = groupGateways(d)[0];
  const h = (first && headendOf(d, first)) ?? d.headends[0];
  if (!h) throw new Error('the deployment has no headend');
  return h;
}

/** A headend by its name or hostname (letter case aside). */
export function findHeadend(d: Deployment, wanted: string): Headend | undefined {
  const w = wanted.toLowerCase();
  return d.headends.find((h) => h.name === wanted || h.hostname?.toLowerCase() === w);
}

/** The names to offer when a headend is asked for by a wrong name. */
export function headendNames(d: Deployment): string {
  return d.headends.map((h) => h.name).join(', ');
}
