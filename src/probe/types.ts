// The probe's data: step names and results, the facts it learns, its options and its result.
import type { PhoneModel } from '../model/catalogue.js';
import type { Finding } from '../report/finding.js';
import type { TunnelParams } from './http.js';
import type { PhoneLog } from './phone-log.js';
import type { StepName } from './step-names.js';

export { STEP_NAMES, type StepName } from './step-names.js';

export interface StepResult {
  step: StepName;
  status: 'passed' | 'failed' | 'skipped';
  /** Wall time of the step in milliseconds (absent when skipped). */
  ms?: number;
  detail: string;
}

export interface HeadendCertificateFacts {
  subject: string;
  subjectCN: string | undefined;
  issuer: string;
  sanDns: string[];
  sanIp: string[];
  certHash: string;
  sha1Hex: string;
  notAfter: string;
  keyType: string;
  keySize: number | undefined;
  selfSigned: boolean;
}

export interface ProbeFacts {
  /** The phone model emulated, and why that one (`--model`, `<modelName>`, `<loadInformation>`, default). */
  model?: { name: string; why: string };
  url?: string;
  host?: string;
  port?: number;
  address?: string;
  tls?: { version: string; cipher: string; offered: string[] };
  headendCertificate?: HeadendCertificateFacts;
  /** The certHash to add to CUCM when the headend's certificate is not trusted. */
  newCertHash?: string;
  tunnel?: Pick<TunnelParams, 'address' | 'netmask' | 'dns' | 'mtu' | 'dpd' | 'keepalive'>;
  dtls?: { cipher: string | undefined; port: number | undefined; up: boolean };
  dpd?: { tlsRttMs?: number; dtlsRttMs?: number; serverRequestsAnswered: { tls: number; dtls: number } };
  ping?: { target: string; rttMs: number; channel: string; ipv6Ignored: number };
  /** Milliseconds from the start of DNS (or TCP) until DTLS was up (or the tunnel, when DTLS is off). */
  connectMs?: number;
}

export interface ProbeResult {
  steps: StepResult[];
  findings: Finding[];
  facts: ProbeFacts;
  /** True when the tunnel came up, and DTLS too unless the headend disabled it. */
  ok: boolean;
  log: string;
}

export interface ConfigSource {
  /** What the configuration came from, for the evidence (`SEP...cnf.xml`, `tftp://...`). */
  source: string;
  url: string;
  /** Which of the VPN group's URLs this is (2 for url2), when the group has more than one. */
  gateway?: number;
  certHashes: string[];
  hostIdCheck: boolean;
  /** 0 user+password, 1 password only, 2 certificate. */
  authMethod: number | undefined;
  mtu: number | undefined;
  /** The configuration's `<modelName>` and `<loadInformation>`: what says which phone to emulate. */
  modelName?: string;
  loadInformation?: string;
  /** Results of the tftp/config steps done by the caller. */
  steps?: StepResult[];
  findings?: Finding[];
}

export interface ProbeOptions {
  config: ConfigSource;
  model: PhoneModel;
  /** Why this model is emulated (see `emulatedModel`); reported in the facts. */
  modelWhy?: string;
  /** Override the model's TLS cipher offer (OpenSSL names, in order). */
  tlsCiphers?: string[];
  /** Override the model's DTLS offer (e.g. to reproduce a phone that offers only AES128-SHA). */
  dtlsCiphers?: string[];
  certPem?: string;
  keyPem?: string;
  username?: string;
  password?: string;
  login?: 'svc' | 'aggregate';
  autoDetect?: string;
  pingTimeoutMs?: number;
  dnsServer?: string;
  dnsTimeoutMs?: number;
  stepTimeoutMs?: number;
  dtlsTimeoutMs?: number;
  pingTarget?: string;
  holdSeconds?: number;
  signal?: AbortSignal;
  /** The phone log to write to (one log across several gateways' attempts); a new one by default. */
  phoneLog?: PhoneLog;
  /** Called with progress lines (for --hold). */
  progress?: (line: string) => void;
  /** Called as each step ends (live progress with --verbose; the benchmark times DTLS-up with it). */
  onStep?: (s: StepResult) => void;
}
