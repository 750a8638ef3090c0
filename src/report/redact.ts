// Removes passwords, keys and other secrets from any text that may reach an output; applied once, where a
// report (and its timeline) is rendered, so that every format — text, JSON, SARIF, the timeline — gets it.

const PRIVATE_KEY_BLOCK =
  /-----BEGIN ([A-Z0-9 ]*?)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
const PRIVATE_KEY_MARK = /-----(?:BEGIN|END) [A-Z0-9 ]*PRIVATE KEY-----/g;
// `crypto ca export TP pkcs12 PASSPHRASE` prints the PKCS#12 between these lines (base64).
const PKCS12_BLOCK = /-----BEGIN PKCS12-----[\s\S]*?(?:-----END PKCS12-----|$)/g;
const PKCS12_MARK = /-----(?:BEGIN|END) PKCS12-----/g;
// A bare base64 PKCS#12 (`crypto ca import TP pkcs12 PASSPHRASE`, then pasted): DER SEQUENCE with a 2-byte
// length, then INTEGER 3 (the PFX version) and the next SEQUENCE: `MII? ??IB AzC?`. Runs on over the
// following base64 lines as pasted (8 characters or more, so that `quit` after them stays).
const PKCS12_BASE64 =
  /MII[A-Za-z0-9+/]{3}IBAzC[A-Za-z0-9+/=]*(?:[ \t]*\r?\n?[ \t]*[A-Za-z0-9+/]{8,}={0,2}(?![A-Za-z0-9+/=]))*/g;
const PKCS12_PASSPHRASE = /\b(crypto ca (?:export|import) \S+ pkcs12\s+)(?!<redacted>)("[^"]*"|\S+)/gi;
// A secret follows these words in ASA/IOS commands (`enable password X encrypted`, `username u password p`,
// `ikev1 pre-shared-key K`, `key K` under aaa-server, `ntp authentication-key 1 md5 K`, `snmp-server community C`).
const SECRET_AFTER =
  /\b(password|passwd|pwd|secret|pre-shared-key|authentication-key\s+\d+\s+md5|key-string|community|ldap-login-password|shared-secret|passphrase|ikev2 (?:local|remote)-authentication pre-shared-key)(\s+)(?:\d\s+)?(?!<redacted>)("[^"]*"|\S+)/gi;
const LEADING_KEY = /^(\s*(?:server-)?key\s+)(?!<redacted>)(\S+)/gim;
const XML_SECRET = /<((?:\w+:)?\w*(?:[Pp]assword|[Pp]asswd|[Ss]ecret|[Pp]swd)\w*)>[^<]*<\/\1>/g;
const FORM_SECRET = /\b(password|passwd|pwd)=(?!<redacted>)([^&\s"'<]+)/gi;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)(?!<redacted>@)[^@/\s]+@/gi;

export const PRIVATE_KEY_REDACTED = '[private key redacted]';
export const PKCS12_REDACTED = '[pkcs12 redacted]';

/** The text with every secret replaced by `<redacted>` (keys and PKCS#12 blobs by a marker). Idempotent. */
export function redactSecrets(text: string): string {
  if (text === '') return text;
  return text
    .replace(PRIVATE_KEY_BLOCK, PRIVATE_KEY_REDACTED)
    .replace(PRIVATE_KEY_MARK, PRIVATE_KEY_REDACTED)
    .replace(PKCS12_BLOCK, PKCS12_REDACTED)
    .replace(PKCS12_MARK, PKCS12_REDACTED)
    .replace(PKCS12_BASE64, PKCS12_REDACTED)
    .replace(PKCS12_PASSPHRASE, '$1<redacted>')
    .replace(SECRET_AFTER, (_m, word: string, sp: string) => `${word}${sp}<redacted>`)
    .replace(LEADING_KEY, '$1<redacted>')
    .replace(XML_SECRET, '<$1><redacted></$1>')
    .replace(FORM_SECRET, '$1=<redacted>')
    .replace(URL_USERINFO, '$1<redacted>@');
}

/** A copy of `value` with `redactSecrets` applied to every string in it (object keys are left alone). */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(v: unknown): unknown {
  if (typeof v === 'string') return redactSecrets(v);
  if (Array.isArray(v)) return v.map(walk);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  }
  return v;
}

const BLOCK_BEGIN = /-----BEGIN ([A-Z0-9 ]*?)(PRIVATE KEY|PKCS12)-----/;
const BLOCK_END = /-----END [A-Z0-9 ]*(?:PRIVATE KEY|PKCS12)-----/;
const BASE64_LINE = /^[ \t]*[A-Za-z0-9+/]{8,}={0,2}[ \t]*$/;
const PKCS12_START = /MII[A-Za-z0-9+/]{3}IBAzC/;

/**
 * Redacts a text one line at a time, in order (the lines around evidence that `vpnphone ui` shows): a private
 * key or PKCS#12 block, or a bare base64 PKCS#12, is followed across lines, so that a window starting inside
 * one shows none of it.
 */
export class LineRedactor {
  private block: string | undefined;
  private base64 = false;

  line(text: string): string {
    if (this.block !== undefined) {
      const marker = this.block;
      if (BLOCK_END.test(text)) this.block = undefined;
      return marker;
    }
    if (this.base64) {
      if (BASE64_LINE.test(text)) return PKCS12_REDACTED;
      this.base64 = false;
    }
    const begin = BLOCK_BEGIN.exec(text);
    if (begin && !BLOCK_END.test(text.slice(begin.index))) {
      this.block = begin[2] === 'PKCS12' ? PKCS12_REDACTED : PRIVATE_KEY_REDACTED;
      return redactSecrets(text);
    }
    const out = redactSecrets(text);
    if (PKCS12_START.test(text) && out.endsWith(PKCS12_REDACTED)) this.base64 = true;
    return out;
  }
}
