// Removes passwords, keys and other secrets from any text that may reach an output (evidence, messages, hints).

const PRIVATE_KEY_BLOCK =
  /-----BEGIN ([A-Z0-9 ]*?)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
const PRIVATE_KEY_MARK = /-----(?:BEGIN|END) [A-Z0-9 ]*PRIVATE KEY-----/g;
// A secret follows these words in ASA/IOS commands (`enable password X encrypted`, `username u password p`,
// `ikev1 pre-shared-key K`, `key K` under aaa-server, `ntp authentication-key 1 md5 K`, `snmp-server community C`).
const SECRET_AFTER =
  /\b(password|passwd|pwd|secret|pre-shared-key|authentication-key\s+\d+\s+md5|key-string|community|ldap-login-password|shared-secret|passphrase|ikev2 (?:local|remote)-authentication pre-shared-key)(\s+)(?:\d\s+)?(?!<redacted>)("[^"]*"|\S+)/gi;
const LEADING_KEY = /^(\s*(?:server-)?key\s+)(?!<redacted>)(\S+)/gim;
const XML_SECRET = /<((?:\w+:)?\w*(?:[Pp]assword|[Pp]asswd|[Ss]ecret|[Pp]swd)\w*)>[^<]*<\/\1>/g;
const FORM_SECRET = /\b(password|passwd|pwd)=([^&\s]+)/gi;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi;

/** The text with every secret replaced by `<redacted>`. Idempotent. */
export function redactSecrets(text: string): string {
  if (text === '') return text;
  return text
    .replace(PRIVATE_KEY_BLOCK, '[private key redacted]')
    .replace(PRIVATE_KEY_MARK, '[private key redacted]')
    .replace(SECRET_AFTER, (_m, word: string, sp: string) => `${word}${sp}<redacted>`)
    .replace(LEADING_KEY, '$1<redacted>')
    .replace(XML_SECRET, '<$1><redacted></$1>')
    .replace(FORM_SECRET, '$1=<redacted>')
    .replace(URL_USERINFO, '$1<redacted>@');
}
