// Removes passwords, keys and other secrets from any text that may reach an output; applied once, where a
// report (and its timeline) is rendered, so that every format — text, JSON, SARIF, the timeline — gets it.
// Every pattern here is linear in the line's length: no nested quantifier can backtrack over the same text.

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
const PKCS12_PASSPHRASE = /\b(crypto ca (?:export|import) \S+ pkcs12[ \t]+)(?!<redacted>)("[^"\n]*"|\S+)/gi;

// Words a secret follows. `password` also covers `ldap-login-password`, `secret` covers `shared-secret` and
// `X-DTLS-Master-Secret`. `key` alone is too common a word ("crypto key generate", "key-size", "Public-Key:")
// to redact what follows it everywhere: see KEY_ASSIGN, LEADING_KEY and MIDLINE_KEY.
const WORD = String.raw`password|passwd|pwd|passphrase|secret|pre-shared-key|key-string|authentication-key[ \t]+\d+[ \t]+md5|community`;
// A quoted value (JSON escapes kept inside), or one up to a form's `&`, a quote, a tag or a space.
const ASSIGN_VALUE = String.raw`"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^&\s"'<>]+`;
// An unquoted value followed by ` = ` is the next field's name, no value: the fields of an ASA AAA message
// (`reason = Invalid password : server = 10.0.1.20 : user = bob`) are `name = value` parts split at ` : `.
// The first lookahead keeps the value whole (no shorter match before the ` = `).
// (Appended to ASSIGN_VALUE, the lookahead belongs to its last, unquoted, branch.)
const FIELD_VALUE = String.raw`${ASSIGN_VALUE}(?![^&\s"'<>]|[ \t]*=)`;
// `password=x`, `password: x`, `Password = x`, `"password":"x"`, `password="a b"`, `secret=x`.
const SECRET_ASSIGN = new RegExp(
  String.raw`\b(${WORD})("?[ \t]*[:=][ \t]*)(?!"?<redacted>)(${FIELD_VALUE})`,
  'gi',
);
// Words that follow a secret's name in prose, never as its value: the reasons an ASA or a RADIUS server
// logs (`Password is expiring`, `Password has expired`, `Password malformed`), notes (`the password for`).
const PROSE = String.raw`(?:is|has|had|was|were|are|will|must|may|can|cannot|could|should|would|does|did|not|and|or|of|for|to|the|a|an|in|on|with|from|by|at|too|expired|expires|expiring|expiry|expiration|malformed|mismatch|mismatched|missing|required|incorrect|invalid|wrong|rejected|failed|failure|error|unknown|change|changed|changes|reset|policy|length|prompt|management|complexity|history|aging|age|entered|accepted)(?=[\s.,;:)]|$)`;
// `key=x`, `"key":"x"` (a colon after a bare `key` is too often a label: `Public-Key: (2048 bit)`); not a
// file's path (ocserv's `server-key = /etc/ocserv/server-key.pem`).
const KEY_ASSIGN = new RegExp(
  String.raw`\b(key)([ \t]*=[ \t]*|"[ \t]*:[ \t]*)(?!"?<redacted>|[./~])(${ASSIGN_VALUE})`,
  'gi',
);
// ASA/IOS commands: `enable password X encrypted`, `username u password p`, `ikev1 pre-shared-key K`,
// `enable secret 5 X`, `ntp authentication-key 1 md5 K`, `snmp-server community C`. A `=` or `:` after the
// word is SECRET_ASSIGN's.
const SECRET_AFTER = new RegExp(
  String.raw`\b(${WORD})([ \t]+)(?!(?:\d[ \t]+)?(?:[=:]|"?<redacted>)|${PROSE})(\d[ \t]+)?("[^"\n]*"|\S+)`,
  'gi',
);
// `key K` / `server-key K` opening a line (under aaa-server host), as the ASA writes it (lower case).
const LEADING_KEY = /^([ \t]*(?:server-)?key[ \t]+)(?!(?:\d[ \t]+)?(?:[=:]|<redacted>))(\d[ \t]+)?(\S+)/gm;
// `aaa-server NAME (inside) host H key K`, `crypto isakmp key K address A`, `tacacs-server key K`.
const MIDLINE_KEY =
  /\b((?:aaa-server[ \t][^\n]*?[ \t]|(?:isakmp|tacacs-server|radius-server)[ \t]+)(?:server-)?key[ \t]+)(?!(?:\d[ \t]+)?(?:[=:]|<redacted>))(\d[ \t]+)?(\S+)/gi;
// Element names that hold a secret: *password*, *secret*, and those ending in passwd, pswd or pwd (`<pwd>`,
// not `<pwdPersistant>`, whose value engineers need).
const XML_NAME = String.raw`(?:\w+:)?(?:\w*(?:[Pp]assword|[Ss]ecret)\w*|\w*(?:[Pp]asswd|[Pp]swd|[Pp]wd|PWD))`;
const XML_SECRET = new RegExp(String.raw`<(${XML_NAME})>[^<]*</\1>`, 'g');
// `<sshPassword value="x"/>`: the value attribute of such an element.
const XML_VALUE_ATTR = new RegExp(
  String.raw`(<${XML_NAME}(?:[ \t]+[\w:-]+="[^"]*")*?[ \t]+value[ \t]*=[ \t]*)(?!"<redacted>")("[^"]*"|'[^']*')`,
  'g',
);
// `sshPassword="x"`, `adminPwd='x'`: an attribute so named (a bare `password=` is SECRET_ASSIGN's).
const XML_SECRET_ATTR =
  /(\s\w*(?:[a-z](?:Password|Secret|Passwd|Pwd))[ \t]*=[ \t]*)(?!"<redacted>")("[^"]*"|'[^']*')/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/[^:/@\s]{1,256}:)(?!<redacted>@)[^@/\s]{1,256}@/gi;

export const PRIVATE_KEY_REDACTED = '[private key redacted]';
export const PKCS12_REDACTED = '[pkcs12 redacted]';
export const REDACTED = '<redacted>';

/** `<redacted>` in place of a value, inside its quotes when it had them. */
function hidden(value: string): string {
  const q = value[0];
  return q === '"' || q === "'" ? `${q}${REDACTED}${q}` : REDACTED;
}

/** The text with every secret replaced by `<redacted>` (keys and PKCS#12 blobs by a marker). Idempotent. */
export function redactSecrets(text: string): string {
  if (text === '') return text;
  return text
    .replace(PRIVATE_KEY_BLOCK, PRIVATE_KEY_REDACTED)
    .replace(PRIVATE_KEY_MARK, PRIVATE_KEY_REDACTED)
    .replace(PKCS12_BLOCK, PKCS12_REDACTED)
    .replace(PKCS12_MARK, PKCS12_REDACTED)
    .replace(PKCS12_BASE64, PKCS12_REDACTED)
    .replace(PKCS12_PASSPHRASE, `$1${REDACTED}`)
    .replace(XML_SECRET, `<$1>${REDACTED}</$1>`)
    .replace(XML_VALUE_ATTR, (_m, head: string, v: string) => `${head}${hidden(v)}`)
    .replace(XML_SECRET_ATTR, (_m, head: string, v: string) => `${head}${hidden(v)}`)
    .replace(SECRET_ASSIGN, (_m, word: string, sep: string, v: string) => `${word}${sep}${hidden(v)}`)
    .replace(KEY_ASSIGN, (_m, word: string, sep: string, v: string) => `${word}${sep}${hidden(v)}`)
    .replace(
      SECRET_AFTER,
      (_m, word: string, sp: string, level: string | undefined, v: string) =>
        `${word}${sp}${level ?? ''}${hidden(v)}`,
    )
    .replace(LEADING_KEY, (_m, head: string, level: string | undefined) => `${head}${level ?? ''}${REDACTED}`)
    .replace(MIDLINE_KEY, (_m, head: string, level: string | undefined) => `${head}${level ?? ''}${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`);
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

export const PASSWORD_HIDDEN = '********';

/** The ways a server can echo a secret back: as typed, URL- or form-encoded, XML- or JSON-escaped. */
function spellings(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const form = new URLSearchParams({ p: secret }).toString().slice(2);
  const xml = secret
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  const forms = [secret, url, url.replace(/%20/g, '+'), form, xml, JSON.stringify(secret).slice(1, -1)];
  // Percent-escapes in lower case too (`%2f`), as some servers print them.
  for (const f of [url, form]) forms.push(f.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * The text with the given secret (the probe's `--password`) hidden in every spelling a headend could echo
 * it in. One of 8 characters or more is hidden wherever it occurs; a shorter one only where it stands
 * alone (not inside a longer word or number), so that hiding `ab` hides the password, not every "tab".
 */
export function hideSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  const alt = spellings(secret)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  const re =
    secret.length >= 8 ? new RegExp(alt, 'g') : new RegExp(`(?<![A-Za-z0-9])(?:${alt})(?![A-Za-z0-9])`, 'g');
  return text.replace(re, PASSWORD_HIDDEN);
}
