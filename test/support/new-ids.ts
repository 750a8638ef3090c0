// The configuration finding ids past the technote (RULES.md, first table, from split-tunnel-not-tunnelall on).
export const NEW_CONFIG_IDS = [
  'split-tunnel-not-tunnelall',
  'vpn-peer-license-short',
  'address-pool-too-small',
  'ocserv-svc-compat-disabled',
  'ocserv-udp-port-not-443',
  'gateway-url-not-svc',
];
