// IPv4 + ICMP echo packets built by hand: the probe pings through the tunnel from its assigned address.

export function internetChecksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) {
    sum += ((data[i] ?? 0) << 8) | (data[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function parseIpv4(addr: string): Buffer {
  const parts = addr.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${addr}`);
  const bytes = parts.map((p) => {
    const n = /^\d{1,3}$/.test(p) ? Number(p) : Number.NaN;
    if (!(n >= 0 && n <= 255)) throw new Error(`not an IPv4 address: ${addr}`);
    return n;
  });
  return Buffer.from(bytes);
}

export function formatIpv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

export interface EchoRequest {
  src: string;
  dst: string;
  id: number;
  seq: number;
  payload?: Uint8Array;
  ttl?: number;
}

/** A complete IPv4 packet holding an ICMP echo request. */
export function buildEchoRequest(o: EchoRequest): Buffer {
  const payload = Buffer.from(o.payload ?? Buffer.from('vpnphone probe'));
  const icmp = Buffer.alloc(8 + payload.length);
  icmp[0] = 8;
  icmp[1] = 0;
  icmp.writeUInt16BE(o.id & 0xffff, 4);
  icmp.writeUInt16BE(o.seq & 0xffff, 6);
  payload.copy(icmp, 8);
  icmp.writeUInt16BE(internetChecksum(icmp), 2);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + icmp.length, 2);
  ip.writeUInt16BE(o.id & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = o.ttl ?? 64;
  ip[9] = 1;
  parseIpv4(o.src).copy(ip, 12);
  parseIpv4(o.dst).copy(ip, 16);
  ip.writeUInt16BE(internetChecksum(ip), 10);
  return Buffer.concat([ip, icmp]);
}

export interface EchoReply {
  src: string;
  dst: string;
  id: number;
  seq: number;
  ttl: number;
}

/** IP version of a tunnelled packet (4 or 6; the server pushes IPv6 router solicitations we ignore). */
export function ipVersion(packet: Uint8Array): number {
  return (packet[0] ?? 0) >> 4;
}

/** The echo reply in `packet`, or undefined when it is anything else (IPv6, other ICMP, bad checksum). */
export function parseEchoReply(packet: Uint8Array): EchoReply | undefined {
  if (packet.length < 28 || ipVersion(packet) !== 4) return undefined;
  const ihl = ((packet[0] ?? 0) & 0x0f) * 4;
  if (ihl < 20 || packet.length < ihl + 8 || packet[9] !== 1) return undefined;
  const total = ((packet[2] ?? 0) << 8) | (packet[3] ?? 0);
  const icmp = packet.subarray(ihl, Math.min(total, packet.length));
  if (icmp[0] !== 0 || icmp[1] !== 0) return undefined;
  if (internetChecksum(icmp) !== 0) return undefined;
  return {
    src: formatIpv4(packet.subarray(12, 16)),
    dst: formatIpv4(packet.subarray(16, 20)),
    id: ((icmp[4] ?? 0) << 8) | (icmp[5] ?? 0),
    seq: ((icmp[6] ?? 0) << 8) | (icmp[7] ?? 0),
    ttl: packet[8] ?? 0,
  };
}
