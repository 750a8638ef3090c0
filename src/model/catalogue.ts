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
  /**
   * Load (firmware) name prefixes of the model, lower case, as `<loadInformation>` carries them
   * (`SCCP75.9-4-2SR3-1S` → `sccp75`); `[]` when unknown.
   */
  loadFamily: Sourced<string[]>;
}

const SEED = 'seed technote';
const SEED_TLS_TABLE = 'seed technote, Table 6 "TLS version support"';
const SEED_FEATURE = 'seed technote (Unified CM Phone Feature List) / DOMAIN.md';
const SEED_8861_LOG = "seed technote, 8861 log 'current cipher -> ...'";
const SEED_MIC = 'seed technote: 79xx/99xx use the SHA-1 MIC chain, 88xx the SHA-256 chain';
const PROTOCOL_DTLS = 'PROTOCOL.md §2 (a phone offers AES256-SHA:AES128-SHA for DTLS 0.9)';
const LOAD_79XX =
  'Cisco Unified CME Administration Guide, "Phone firmware": SCCPnn / SIPnn.<version>, nn the phone type ' +
  '(cisco.com/c/en/us/td/docs/voice_ip_comm/cucme/admin/configuration/manual/cmeadm/cmeinstl.html)';
const LOAD_SHARED = 'Cisco phone firmware release notes (one load for the series: sipNNxx.<version>)';
const LOAD_UNKNOWN: Sourced<string[]> = { value: [], source: 'unknown' };

const CISCO_8800_CIPHERS = [
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'AES256-SHA',
  'AES128-SHA',
];
const DTLS_OFFER = ['AES256-SHA', 'AES128-SHA'];

function m8800(model: string, vpn: Sourced<Tri>, loads: string[] = ['sip88xx']): PhoneModel {
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
    loadFamily: { value: loads, source: LOAD_SHARED },
  };
}

function m7800(model: string, loads: string[] = ['sip78xx']): PhoneModel {
  return {
    model,
    series: '7800',
    vpnClient: { value: 'unknown', source: 'not in the seed; check the Phone Feature List' },
    tlsVersions: { value: ['TLSv1', 'TLSv1.2'], source: SEED_TLS_TABLE },
    micChain: { value: 'sha256', source: 'assumed like 88xx (same generation)' },
    tlsCiphers: { value: CISCO_8800_CIPHERS, source: 'assumed like 88xx (same firmware family)' },
    dtlsCiphers: { value: DTLS_OFFER, source: PROTOCOL_DTLS },
    loadFamily: { value: loads, source: LOAD_SHARED },
  };
}

function legacy(
  model: string,
  series: '7900' | '6900' | '8900' | '9900',
  vpn: Sourced<Tri>,
  loadFamily: Sourced<string[]> = LOAD_UNKNOWN,
): PhoneModel {
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
    loadFamily,
  };
}

/** 79xx loads: SCCPnn / SIPnn, nn two digits naming the phone type (7975 → 75; 7942 and 7962 share 42). */
const load79 = (nn: string): Sourced<string[]> => ({ value: [`sccp${nn}`, `sip${nn}`], source: LOAD_79XX });
const LOAD_79: Record<string, string> = {
  '7906': '11',
  '7911': '11',
  '7941': '41',
  '7961': '41',
  '7942': '42',
  '7962': '42',
  '7945': '45',
  '7965': '45',
  '7975': '75',
};
const legacy79 = (m: string, vpn: Sourced<Tri>) => legacy(m, '7900', vpn, load79(LOAD_79[m] ?? ''));

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

const own = (m: string): Sourced<string[]> => ({ value: [`sip${m}`], source: LOAD_SHARED });
const CONFERENCE_VPN: Sourced<Tri> = {
  value: 'unknown',
  source: 'conference phone: not in the seed nor DOMAIN.md; check the Phone Feature List',
};

const MODELS: PhoneModel[] = [
  ...['7942', '7945', '7962', '7965', '7975'].map((m) => legacy79(m, VPN_YES_7900)),
  ...['7906', '7911', '7941', '7961'].map((m) => legacy79(m, VPN_NO_7900)),
  ...['6921', '6941', '6945', '6961'].map((m) => legacy(m, '6900', VPN_UNKNOWN)),
  ...['8941', '8945'].map((m) => legacy(m, '8900', VPN_UNKNOWN)),
  legacy('8961', '8900', VPN_YES_8900, own('8961')),
  ...['9951', '9971'].map((m) => legacy(m, '9900', VPN_YES_8900, own(m))),
  ...['7811', '7821', '7841', '7861'].map((m) => m7800(m)),
  { ...m7800('7832', ['sip7832']), vpnClient: CONFERENCE_VPN },
  ...['8811', '8841', '8851', '8861'].map((m) => m8800(m, VPN_YES_8800)),
  ...['8845', '8865'].map((m) => m8800(m, VPN_YES_8800, ['sip8845_65'])),
  m8800('8821', VPN_UNKNOWN, ['sip8821']),
  m8800('8832', CONFERENCE_VPN, ['sip8832']),
];

const BY_NAME = new Map(MODELS.map((m) => [m.model, m]));

/** Variants sold under another product number that behave as a catalogued model, with the source saying so. */
const VARIANTS: Record<string, { as: string; source: string }> = {
  '8851NR': {
    as: '8851',
    source: 'Cisco Field Notice FN74296: CP-8851NR-K9 "Cisco IP Phone 8851 No Radio variant"',
  },
  '8865NR': {
    as: '8865',
    source: 'assumed: NR is the No Radio variant, as Cisco Field Notice FN74296 says of the 8851NR',
  },
};

/** All catalogued models, in series order. */
export function phoneModels(): readonly PhoneModel[] {
  return MODELS;
}

/**
 * A model name as engineers and files write it, reduced to the catalogue's key: `CP-7962G`, `7962G`,
 * `Cisco 7975`, `Cisco IP Phone 8841`, `Cisco Unified IP Phone 7962G-GE`, `CP-8865NR-K9=` → `7962`,
 * `7962`, `7975`, `8841`, `7962`, `8865NR`. Variants keep their suffix (`NR`); `phoneModel` maps them.
 */
export function normalizeModelName(name: string): string {
  let s = name.trim().toUpperCase().replace(/\s+/g, ' ');
  s = s.replace(/^CISCO\s*/, '').replace(/^(UNIFIED\s+)?(IP\s+)?(CONFERENCE\s+)?(PHONE\s+)?/, '');
  s = s.replace(/^CP-?/, '').replace(/-?K9\W*$/, '');
  // 79xx G / GE suffixes (7962G, 7941G-GE) name the same phone.
  const m = /^(79\d\d)G?(-?GE)?$/.exec(s);
  if (m?.[1]) return m[1];
  return s.replace(/[-\s]+$/, '');
}

/** Looks a model up by any name `normalizeModelName` reads: `8861`, `CP-8861`, `Cisco 8861`, `7962G`, `8851NR`. */
export function phoneModel(name: string): PhoneModel | undefined {
  const key = normalizeModelName(name);
  return BY_NAME.get(key) ?? BY_NAME.get(VARIANTS[key]?.as ?? '');
}

/** Why a name maps to the model it does: `8851NR → 8851 (source)`, or undefined for a model named as itself. */
export function variantOf(name: string): { as: string; source: string } | undefined {
  return VARIANTS[normalizeModelName(name)];
}

/**
 * What a deployment's phone behaves as: its model from the catalogue, else the model its `like:` names
 * (an uncatalogued model never blocks; `like: 8865` says what it is like).
 */
export function modelOfPhone(p: { model: string; like?: string | undefined }): PhoneModel | undefined {
  return phoneModel(p.model) ?? (p.like !== undefined ? phoneModel(p.like) : undefined);
}

export interface ModelFromLoad {
  model: PhoneModel;
  /** Every catalogued model sharing the load (7942 and 7962 share SCCP42). */
  family: string[];
  why: string;
}

/**
 * The model a load name (`<loadInformation>`, `SCCP75.9-4-2SR3-1S`, `sip88xx.14-1-1-0001-136`) belongs
 * to, by its prefix before the first dot; undefined for a load no catalogued model uses.
 */
export function modelFromLoad(load: string): ModelFromLoad | undefined {
  const prefix = load.trim().toLowerCase().split('.')[0] ?? '';
  if (prefix === '') return undefined;
  const family = MODELS.filter((m) => m.loadFamily.value.includes(prefix));
  // The series' usual model when it shares the load (sip88xx: the 8861), else the first.
  const first = family.find((m) => m.model === DEFAULT_MODEL) ?? family[0];
  if (!first) return undefined;
  const names = family.map((m) => m.model);
  return {
    model: first,
    family: names,
    why: `load ${load.trim()} is the ${prefix} load of the ${names.join('/')} (${first.loadFamily.source})`,
  };
}

/** The MIC trustpoints (root + intermediate) a headend needs for this chain. */
export function micTrustpoints(chain: MicChain): [string, string] {
  return chain === 'sha1'
    ? ['Cisco_Root_CA_2048', 'Cisco_Manufacturing_CA']
    : ['Cisco_Root_CA_M2', 'Cisco_Manufacturing_CA_SHA2'];
}

export const DEFAULT_MODEL = '8861';
