// The deployment model (deployment.yaml): headend, CUCM objects and phones, validated with zod. zod and
// the schemas are made when a deployment is first validated, not when a command starts (src/lazy.ts).
import { isIPv4 } from 'node:net';
import type { z as Zod } from 'zod';
import { lazyPackage } from '../lazy.js';
import { isContiguousMask } from './ipv4.js';
import { canonicalMac, isCanonicalMac } from './mac.js';

const zod = lazyPackage<typeof import('zod')>('zod');

function build(z: typeof Zod) {
  const name = z.string().min(1).max(64);
  const ipv4 = z.string().refine((s) => isIPv4(s), { message: 'must be an IPv4 address' });
  const mask = ipv4.refine((s) => isContiguousMask(s), {
    message: 'must be a contiguous netmask such as 255.255.255.0',
  });
  const url = z.string().refine(
    (s) => {
      try {
        const u = new URL(s);
        return u.protocol === 'https:' && u.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'must be an https:// URL with a host' },
  );
  const macSchema = z
    // An unquoted all-digit MAC (001122334455) reaches us as a YAML number without its leading zeros.
    .preprocess(
      (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v).padStart(12, '0') : v),
      z.string(),
    )
    .transform(canonicalMac)
    .refine(isCanonicalMac, {
      message:
        'must be a MAC address of 12 hex digits (e.g. 682C7B40B5CE, 68:2c:7b:40:b5:ce or SEP682C7B40B5CE)',
    });

  const interfaceSchema = z.strictObject({
    name,
    hardware: z.string().optional(),
    address: ipv4,
    mask: mask.default('255.255.255.0'),
  });

  const poolSchema = z.strictObject({ name, first: ipv4, last: ipv4, mask: mask.default('255.255.255.0') });

  const groupPolicySchema = z.strictObject({
    name,
    /** false writes `anyconnect ssl dtls none` (all voice over TCP). */
    dtls: z.boolean().default(true),
  });

  const tunnelGroupSchema = z.strictObject({
    name,
    addressPool: name,
    groupPolicy: name,
    groupUrl: url,
    authentication: z.enum(['certificate', 'aaa']),
  });

  const trustpointSchema = z.strictObject({
    name,
    /** PEM or DER file with the CA certificate; without one the generator leaves a paste placeholder. */
    certificate: z.string().optional(),
  });

  const identitySchema = z.strictObject({
    trustpoint: name,
    subject: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9.]*=/, 'must be a distinguished name such as CN=vpn.example.com'),
    /**
     * `self`: the headend makes a new self-signed certificate (`crypto ca enroll`), which the phones cannot
     * trust until it is exported and put on CUCM. Without it, `certificate` is the one the headend presents.
     */
    enroll: z.literal('self').optional(),
    /** The certificate the headend presents (PEM or DER); required unless `enroll: self`. */
    certificate: z.string().min(1).optional(),
    /** Private key file: used for ocserv's server-key only, never printed. */
    key: z.string().optional(),
  });

  const ocservSchema = z.strictObject({
    tcpPort: z.number().int().min(1).max(65535).default(443),
    udpPort: z.number().int().min(1).max(65535).default(443),
    device: z.string().default('vpns'),
    runDir: z.string().default('/var/run/ocserv'),
    /** CA file that signed the phones' certificates (MIC chain or CAPF). */
    caCert: z.string().optional(),
    dns: z.array(ipv4).default([]),
    keepalive: z.number().int().min(1).default(32400),
    dpd: z.number().int().min(1).default(90),
  });

  const headendSchema = z.strictObject({
    /** What gateways call it (`vpnGateways[].headend`); required in a `headends:` list, else the hostname. */
    name: name.optional(),
    kind: z.enum(['asa', 'ocserv']),
    hostname: z.string().optional(),
    /** Software version, e.g. `9.12(2)9` for an ASA or `1.3.0` for ocserv. */
    version: z.string().optional(),
    /** nameif of the interface phones reach. */
    outside: name.default('outside'),
    interfaces: z.array(interfaceSchema).min(1),
    pools: z.array(poolSchema).min(1),
    groupPolicies: z.array(groupPolicySchema).min(1),
    tunnelGroup: tunnelGroupSchema,
    identity: identitySchema,
    phoneCaTrustpoints: z.array(trustpointSchema).optional(),
    /** `phone-safe` writes `ssl cipher ... custom` without EC suites (CSCuu02848); `default` leaves the ASA's. */
    ciphers: z.enum(['phone-safe', 'default']).default('phone-safe'),
    ocserv: ocservSchema.optional(),
  });

  const vpnProfileSchema = z.strictObject({
    name,
    description: z.string().optional(),
    autoNetworkDetect: z.boolean().default(false),
    mtu: z.number().int().default(1290),
    failToConnect: z.number().int().default(30),
    hostIdCheck: z.boolean().default(false),
    clientAuthentication: z.enum(['certificate', 'user-password', 'password-only']).default('certificate'),
    passwordPersistence: z.boolean().default(false),
  });

  const vpnGatewaySchema = z.strictObject({
    name,
    description: z.string().optional(),
    url,
    /** The headend serving this URL (a name under `headends:`); may be left out when there is one headend. */
    headend: name.optional(),
    /** Certificate files (PEM/DER) the phones may accept from this gateway; each becomes a certHash. */
    certificates: z.array(z.string().min(1)).min(1),
  });

  const vpnGroupSchema = z.strictObject({
    name,
    description: z.string().optional(),
    /** Gateway names in the order phones try them (url1, url2, url3). */
    gateways: z.array(name).min(1),
  });

  const commonPhoneProfileSchema = z.strictObject({ name, vpnGroup: name, vpnProfile: name });

  const cucmSchema = z.strictObject({
    version: z.string().optional(),
    vpnProfile: vpnProfileSchema,
    vpnGateways: z.array(vpnGatewaySchema).min(1),
    vpnGroup: vpnGroupSchema,
    commonPhoneProfile: commonPhoneProfileSchema,
    /** CUCM publisher CAPF certificate, for LSC phones. */
    capfCertificate: z.string().optional(),
  });

  const phoneSchema = z.strictObject({
    mac: macSchema,
    model: z.string().min(1),
    /** A catalogued model an uncatalogued `model` behaves as (`like: 8865`): its TLS, ciphers and MIC chain. */
    like: z.string().min(1).optional(),
    certificate: z.enum(['MIC', 'LSC']).default('MIC'),
    /** The alternate TFTP server set by hand on the phone (also what auto network detect pings). */
    tftp: ipv4,
    description: z.string().optional(),
  });

  const deploymentSchema = z.strictObject({
    name: z.string().optional(),
    /** One headend (the original form), or `headends:`, a list of up to three: never both. */
    headend: headendSchema.optional(),
    headends: z.array(headendSchema.extend({ name })).min(1).optional(),
    cucm: cucmSchema,
    phones: z.array(phoneSchema).default([]),
  });
  return { macSchema, headendSchema, cucmSchema, phoneSchema, deploymentSchema };
}

let built: ReturnType<typeof build> | undefined;

/** The deployment schemas, made on the first call. */
export function schemas(): ReturnType<typeof build> {
  built ??= build(zod().z);
  return built;
}

type Built = ReturnType<typeof build>;
/** The file as written: `headend:` or `headends:`. */
export type DeploymentInput = Zod.infer<Built['deploymentSchema']>;
/** One headend, named (its `name`, else its hostname, else `headend`). */
export type Headend = Zod.infer<Built['headendSchema']> & { name: string };
export type Cucm = DeploymentInput['cucm'];
export type Phone = DeploymentInput['phones'][number];
export type VpnProfile = Cucm['vpnProfile'];
export type VpnGateway = Cucm['vpnGateways'][number];

/**
 * A deployment as the code uses it: every headend in one list, whichever form the file used, and every
 * gateway naming the headend that serves its URL (`headend` is set on each once loaded).
 */
export interface Deployment extends Omit<DeploymentInput, 'headend' | 'headends'> {
  headends: Headend[];
  /** Which key the file used: problems point at `headend.…` or `headends[i].…`. */
  headendKey: 'headend' | 'headends';
}
