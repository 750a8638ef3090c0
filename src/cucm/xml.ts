// XML escaping for the files vpnphone writes: phone configuration, AXL requests, the probe's XML login body.

/** Escapes text for element content and double-quoted attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
