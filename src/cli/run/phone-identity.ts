// The phone's identity from the options of ../commands/phone-options.ts: model, certificate and key, or
// username and password. Shared by `probe` and `renew status`.
import { phoneModel } from '../../model/catalogue.js';
import { hideSecret } from '../../report/redact.js';
import { UsageError } from '../errors.js';
import { readText } from '../files.js';
import { readPassword } from '../password.js';

export interface PhoneIdentityOpts {
  /** `--model` as typed; without it, the model comes from the configuration (../../probe/model.ts). */
  model?: string;
  cert?: string;
  key?: string;
  username?: string;
  password?: string;
}

export interface PhoneIdentity {
  certPem?: string;
  keyPem?: string;
  username?: string;
  password?: string;
}

/**
 * Checks and reads the identity options (exit 2 on a bad one). The password may come from
 * VPNPHONE_PASSWORD, or with `--password -` from standard input or a prompt without echo.
 */
export async function phoneIdentity(o: PhoneIdentityOpts): Promise<PhoneIdentity> {
  if (o.model !== undefined && !phoneModel(o.model))
    throw new UsageError(`--model ${o.model}: not in the phone model catalogue`);
  if ((o.cert === undefined) !== (o.key === undefined)) throw new UsageError('--cert and --key go together');
  const password =
    o.password === '-' ? await readPassword() : (o.password ?? process.env['VPNPHONE_PASSWORD']);
  return {
    ...(o.cert !== undefined ? { certPem: readText(o.cert, 'certificate') } : {}),
    ...(o.key !== undefined ? { keyPem: readText(o.key, 'key') } : {}),
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The password never reaches the output, in any spelling a server could echo it in (../../report/redact.ts). */
export function redactPassword(text: string, password: string | undefined): string {
  return hideSecret(text, password);
}
