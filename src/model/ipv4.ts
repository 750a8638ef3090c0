// IPv4 arithmetic shared by the deployment model and the generators (pool ranges, netmasks, networks).

/** `192.0.2.1` → 3221225985 (unsigned); the caller has checked the dotted form (isIPv4). */
export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) >>> 0;
}

export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** True for netmasks of the form 1…10…0 (255.255.255.0), false for 255.0.255.0. */
export function isContiguousMask(mask: string): boolean {
  const inv = (~ipv4ToInt(mask) >>> 0) + 1;
  return (inv & (inv - 1)) === 0;
}
