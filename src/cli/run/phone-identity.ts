// The phone's identity from the options of ../commands/phone-options.ts: model, certificate and key, or
// username and password. Shared by `probe` and `renew status`.
import { type PhoneModel, phoneModel } from '../../model/catalogue.js';
import { UsageError } from '../errors.js';
import { readText } from '../files.js';

export interface PhoneIdentityOpts {
  model: string;
  cert?: string;
  key?: string;
  username?: string;
  password?: string;
}

export interface PhoneIdentity {
  model: PhoneModel;
  certPem?: string;
  keyPem?: string;
  username?: string;
  password?: string;
}

/** Checks and reads the identity options (exit 2 on a bad one); the password may come from VPNPHONE_PASSWORD. */
export function phoneIdentity(o: PhoneIdentityOpts): PhoneIdentity {
  const model = phoneModel(o.model);
  if (!model) throw new UsageError(`--model ${o.model}: not in the phone model catalogue`);
  if ((o.cert === undefined) !== (o.key === undefined)) throw new UsageError('--cert and --key go together');
  const password = o.password ?? process.env['VPNPHONE_PASSWORD'];
  return {
    model,
    ...(o.cert !== undefined ? { certPem: readText(o.cert, 'certificate') } : {}),
    ...(o.key !== undefined ? { keyPem: readText(o.key, 'key') } : {}),
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The password never reaches the output, even if a server echoed it into an error. */
export function redactPassword(text: string, password: string | undefined): string {
  return password && password.length >= 3 ? text.split(password).join('********') : text;
}
