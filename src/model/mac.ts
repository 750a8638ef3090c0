// MAC addresses as phones and engineers write them (682c.7b40.b5ce, 68:2C:..., SEP682C7B40B5CE) → 682C7B40B5CE.

/** Removes a SEP prefix and separators and upper-cases; the result may still not be a MAC. */
export function canonicalMac(s: string): string {
  return s.replace(/^SEP/i, '').replace(/[:.-]/g, '').toUpperCase();
}

export function isCanonicalMac(s: string): boolean {
  return /^[0-9A-F]{12}$/.test(s);
}

/** The canonical MAC, or undefined when `s` is not one. */
export function parseMac(s: string): string | undefined {
  const mac = canonicalMac(s);
  return isCanonicalMac(mac) ? mac : undefined;
}
