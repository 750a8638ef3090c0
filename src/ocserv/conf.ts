// ocserv.conf read back: `key = value` lines with their line numbers (comments and blank lines skipped). Pure.

export interface OcservSetting {
  value: string;
  line: number;
  text: string;
}

export interface OcservConf {
  /** Every setting by key, in file order (keys such as `auth` or `route` repeat). */
  settings: Map<string, OcservSetting[]>;
}

/** Keys only ocserv.conf has; a text with one of them and a few `key = value` lines is an ocserv.conf. */
export const OCSERV_KEYS =
  /^[^\S\r\n]*(?:auth|tcp-port|udp-port|server-cert|server-key|isolate-workers|cisco-svc-client-compat|cisco-client-compat|ipv4-network|max-same-clients|socket-file|run-as-user|device|dtls-legacy)\s*=/m;

export function parseOcservConf(text: string): OcservConf {
  const settings = new Map<string, OcservSetting[]>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').replace(/\r$/, '');
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^([A-Za-z][\w-]*)\s*=\s*(.*)$/.exec(t);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.replace(/\s+#.*$/, '').trim();
    const list = settings.get(key) ?? [];
    list.push({ value, line: i + 1, text: raw });
    settings.set(key, list);
  }
  return { settings };
}

/** The last value of a key (ocserv keeps the last of a repeated scalar key). */
export function ocservSetting(c: OcservConf, key: string): OcservSetting | undefined {
  const list = c.settings.get(key);
  return list?.[list.length - 1];
}

/** `true` / `false` as ocserv reads them (also yes/no, 1/0); undefined when absent or unreadable. */
export function ocservBool(s: OcservSetting | undefined): boolean | undefined {
  if (!s) return undefined;
  const v = s.value.replace(/^"|"$/g, '').toLowerCase();
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  return undefined;
}
