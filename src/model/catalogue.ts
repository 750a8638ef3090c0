// The phone model catalogue: what each model's VPN client supports, with the source of every fact.
// `unknown` is an honest answer: a check that needs an unknown fact says it could not confirm it.

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2';
export type MicChain = 'sha1' | 'sha256';
export type Tri = 'yes' | 'no' | 'unknown';

export interface Sourced<T> {
  value: T;
  source: string;
}

export interface PhoneModel {
  model: string;
  series: '7800' | '7900' | '6900' | '8800' | '8900' | '9900';
  vpnClient: Sourced<Tri>;
  tlsVersions: Sourced<TlsVersion[]>;
  micChain: Sourced<MicChain>;
  /** OpenSSL cipher names the phone offers for TLS, in its order. */
  tlsCiphers: Sourced<string[]>;
  /** Cipher names the phone offers in X-DTLS-CipherSuite (legacy DTLS 0.9). */
  dtlsCiphers: Sourced<string[]>;
}

const SEED = 'seed technote';
const SEED_TLS_TABLE = 'seed technote, Table 6 "TLS version support"';
const SEED_FEATURE = 'seed technote (Unified CM Phone Feature List) / DOMAIN.md';
const SEED_8861_LOG = "seed technote, 8861 log 'current cipher -> ...'";
const SEED_MIC = 'seed technote: 79xx/99xx use the SHA-1 MIC chain, 88xx the SHA-256 chain';
const PROTOCOL_DTLS = 'PROTOCOL.md §2 (a phone offers AES256-SHA:AES128-SHA for DTLS 0.9)';

const CISCO_8800_CIPHERS = [
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'AES256-SHA',
  'AES128-SHA',
];
const DTLS_OFFER = ['AES256-SHA', 'AES128-SHA'];

function m8800(model: string, vpn: Sourced<Tri>): PhoneModel {
  return {
    model,
    series: '8800',
    vpnClient: vpn,
    tlsVersions: { value: ['TLSv1', 'TLSv1.2'], source: SEED_TLS_TABLE },
    micChain: { value: 'sha256', source: SEED_MIC },
    tlsCiphers: {
      value: CISCO_8800_CIPHERS,
      source:
        model === '8861' ? SEED_8861_LOG : `${SEED_8861_LOG}; assumed the same for the 8800 firmware family`,
    },
    dtlsCiphers: { value: DTLS_OFFER, source: PROTOCOL_DTLS },
  };
}

function m7800(model: string): PhoneModel {
  return {
    model,
    series: '7800',
    vpnClient: { value: 'unknown', source: 'not in the seed; check the Phone Feature List' },
    tlsVersions: { value: ['TLSv1', 'TLSv1.2'], source: SEED_TLS_TABLE },
    micChain: { value: 'sha256', source: 'assumed like 88xx (same generation)' },
    tlsCiphers: { value: CISCO_8800_CIPHERS, source: 'assumed like 88xx (same firmware family)' },
    dtlsCiphers: { value: DTLS_OFFER, source: PROTOCOL_DTLS },
  };
}

function legacy(model: string, series: '7900' | '6900' | '8900' | '9900', vpn: Sourced<Tri>): PhoneModel {
  return {
    model,
    series,
    vpnClient: vpn,
    tlsVersions: { value: ['TLSv1'], source: SEED_TLS_TABLE },
    micChain: {
      value: 'sha1',
      source: series === '6900' ? 'DOMAIN.md (69xx with the SHA-1 chain)' : SEED_MIC,
    },
    tlsCiphers: {
      value: ['AES256-SHA', 'AES128-SHA'],
      source: 'assumed: TLS 1.0 only phones offer RSA/AES-CBC-SHA1 suites (no log in the seed)',
    },
    dtlsCiphers: { value: DTLS_OFFER, source: PROTOCOL_DTLS },
  };
}

const VPN_YES_7900: Sourced<Tri> = { value: 'yes', source: SEED_FEATURE };
const VPN_YES_8900: Sourced<Tri> = { value: 'yes', source: 'DOMAIN.md (8961/9951/9971 are known to)' };
const VPN_YES_8800: Sourced<Tri> = {
  value: 'yes',
  source: `${SEED} (8861 lab) / DOMAIN.md (88xx are known to)`,
};
const VPN_UNKNOWN: Sourced<Tri> = {
  value: 'unknown',
  source: 'not in the seed; check the Phone Feature List',
};
const VPN_NO_7900: Sourced<Tri> = {
  value: 'no',
  source: 'DOMAIN.md lists 79x2/79x5/7975 as VPN capable; entry-level 79x1/7906/7911 are not among them',
};

const MODELS: PhoneModel[] = [
  ...['7942', '7945', '7962', '7965', '7975'].map((m) => legacy(m, '7900', VPN_YES_7900)),
  ...['7906', '7911', '7941', '7961'].map((m) => legacy(m, '7900', VPN_NO_7900)),
  ...['6921', '6941', '6945', '6961'].map((m) => legacy(m, '6900', VPN_UNKNOWN)),
  ...['8941', '8945'].map((m) => legacy(m, '8900', VPN_UNKNOWN)),
  legacy('8961', '8900', VPN_YES_8900),
  ...['9951', '9971'].map((m) => legacy(m, '9900', VPN_YES_8900)),
  ...['7811', '7821', '7841', '7861'].map(m7800),
  ...['8811', '8841', '8845', '8851', '8861', '8865'].map((m) => m8800(m, VPN_YES_8800)),
  m8800('8821', VPN_UNKNOWN),
];

const BY_NAME = new Map(MODELS.map((m) => [m.model, m]));

/** All catalogued models, in series order. */
export function phoneModels(): readonly PhoneModel[] {
  return MODELS;
}

/** Looks a model up by `8861`, `CP-8861` or `Cisco 8861`. */
export function phoneModel(name: string): PhoneModel | undefined {
  const key = name
    .trim()
    .replace(/^(cisco\s+|cp-)/i, '')
    .toUpperCase();
  return BY_NAME.get(key);
}

/** The MIC trustpoints (root + intermediate) a headend needs for this chain. */
export function micTrustpoints(chain: MicChain): [string, string] {
  return chain === 'sha1'
    ? ['Cisco_Root_CA_2048', 'Cisco_Manufacturing_CA']
    : ['Cisco_Root_CA_M2', 'Cisco_Manufacturing_CA_SHA2'];
}

export const DEFAULT_MODEL = '8861';
