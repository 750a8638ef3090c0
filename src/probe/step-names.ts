// The steps a VPN phone takes, in order (RULES.md, live probe checks); apart so errors and findings need nothing else.
export const STEP_NAMES = [
  'tftp',
  'config',
  'auto-detect',
  'dns',
  'tcp',
  'tls',
  'cert-hash',
  'host-id',
  'login',
  'tunnel',
  'dtls',
  'keepalive',
  'ping',
] as const;
export type StepName = (typeof STEP_NAMES)[number];
