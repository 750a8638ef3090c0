// After the switch: the probe logs in as the phone through the headend presenting the new certificate (the edge:
// network I/O through the probe's own steps). Whether it can, and what came of it, as a PhoneLogin.
import type { PhoneModel } from '../model/catalogue.js';
import { type ProbeResult, runProbe, STEP_NAMES } from '../probe/run.js';
import type { PhoneLogin } from './stage.js';

export interface PhoneLoginInput {
  url: string;
  /** The phones' configuration: its hashes, host ID check and authMethod (0 user+password, 1 password, 2 certificate). */
  source: string;
  certHashes: string[];
  hostIdCheck: boolean;
  authMethod: number | undefined;
  mtu?: number | undefined;
  model: PhoneModel;
  certPem?: string;
  keyPem?: string;
  username?: string;
  password?: string;
}

/** Why the login cannot be tried with what was given (the credentials the configuration asks for), if so. */
export function loginNotPossible(i: PhoneLoginInput): string | undefined {
  const cert = i.certPem !== undefined && i.keyPem !== undefined;
  if (i.authMethod === 2 && !cert)
    return `${i.source} asks for certificate authentication (authMethod 2): give the phone's --cert and --key to log in as the phone`;
  if ((i.authMethod === 0 || i.authMethod === 1) && i.password === undefined)
    return `${i.source} asks for ${i.authMethod === 0 ? 'username and password' : 'password'} authentication (authMethod ${i.authMethod}): give --username and --password (or VPNPHONE_PASSWORD) to log in as the phone`;
  if (i.authMethod === undefined && !cert && i.password === undefined)
    return "give the phone's --cert and --key, or --username and --password, to log in as the phone";
  return undefined;
}

const THROUGH_TUNNEL = STEP_NAMES.slice(0, STEP_NAMES.indexOf('tunnel') + 1);

/** The probe's result as the renewal sees it: the phone connects when every step up to the tunnel passed. */
export function loginOf(r: Pick<ProbeResult, 'steps' | 'findings'>): PhoneLogin {
  const failed = r.steps.find((s) => s.status === 'failed' && THROUGH_TUNNEL.includes(s.step));
  const tunnel = r.steps.find((s) => s.step === 'tunnel');
  const login = r.steps.find((s) => s.step === 'login');
  const ok = failed === undefined && tunnel?.status === 'passed';
  return {
    status: ok ? 'passed' : 'failed',
    detail: ok
      ? `the probe logged in as the phone (${login?.detail ?? 'login passed'}) and the tunnel came up`
      : failed
        ? `${failed.step}: ${failed.detail}`
        : `tunnel: ${tunnel?.detail ?? 'not reached'}`,
    steps: r.steps,
    findings: r.findings,
  };
}

/** Logs in as the phone with the probe (certificate hash, host ID check, `/svc` login, tunnel, DTLS). */
export async function phoneLogin(i: PhoneLoginInput): Promise<PhoneLogin> {
  const why = loginNotPossible(i);
  if (why !== undefined) return { status: 'notChecked', detail: why, findings: [] };
  const r = await runProbe({
    config: {
      source: i.source,
      url: i.url,
      certHashes: i.certHashes,
      hostIdCheck: i.hostIdCheck,
      authMethod: i.authMethod,
      mtu: i.mtu,
      steps: [
        { step: 'tftp', status: 'skipped', detail: `configuration read by renew status (${i.source})` },
        {
          step: 'config',
          status: 'passed',
          detail: `${i.source}: ${i.certHashes.length} certHash, authMethod ${i.authMethod ?? '?'}, --url ${i.url}`,
        },
      ],
    },
    model: i.model,
    ...(i.certPem !== undefined && i.keyPem !== undefined ? { certPem: i.certPem, keyPem: i.keyPem } : {}),
    ...(i.username !== undefined ? { username: i.username } : {}),
    ...(i.password !== undefined ? { password: i.password } : {}),
    login: 'svc',
  });
  return loginOf(r);
}
