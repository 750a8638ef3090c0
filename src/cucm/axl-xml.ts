// A small XML reader for AXL answers, in one pass with an explicit stack (no recursion, linear in the text).
// It gives the object shape the AXL walk reads, the one fast-xml-parser gave with attributes as `@_name`,
// namespace prefixes and xmlns attributes removed, values as strings: an element with neither attributes
// nor children is its trimmed text; otherwise an object of children by name (an array when repeated),
// `@_` attributes and `#text`. The general parser spent most of an AXL read (16,000 gateways: 0.5-0.7 s
// of CPU); this one reads only what AXL answers hold: elements, attributes, text, CDATA, the five XML
// entities; comments, processing instructions and DOCTYPE are skipped, never expanded. Lenient as the
// general one was: a closing tag closes the elements it names, a stray one is ignored, the end closes all.

/** The text cannot be read as XML (an unterminated tag, a name that would pollute Object.prototype). */
export class AxlXmlError extends Error {
  override readonly name = 'AxlXmlError';
}

interface Open {
  name: string;
  obj: Record<string, unknown>;
  text: string;
  /** Children or attributes: the element becomes an object, not its text. */
  structured: boolean;
}

const ENTITY = /&(lt|gt|amp|quot|apos);/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string): string =>
  s.includes('&') ? s.replace(ENTITY, (_m, e: string) => ENTITIES[e] ?? '') : s;

/** The name without its namespace prefix (`ns:getVpnGatewayResponse` → `getVpnGatewayResponse`). */
function localName(name: string): string {
  if (name === '__proto__') throw new AxlXmlError('element or attribute named __proto__');
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function put(parent: Open, name: string, value: unknown): void {
  parent.structured = true;
  const prev = Object.hasOwn(parent.obj, name) ? parent.obj[name] : undefined;
  if (prev === undefined) parent.obj[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else parent.obj[name] = [prev, value];
}

/** Where each open element name is on the stack (deepest last): a closing tag finds its element at once. */
type OpenAt = Map<string, number[]>;

function open(stack: Open[], at: OpenAt, e: Open): void {
  const list = at.get(e.name);
  if (list) list.push(stack.length);
  else at.set(e.name, [stack.length]);
  stack.push(e);
}

function close(stack: Open[], at: OpenAt): void {
  const e = stack.pop();
  const parent = stack[stack.length - 1];
  if (!e || !parent) return;
  at.get(e.name)?.pop();
  const text = e.text.trim();
  if (!e.structured) put(parent, e.name, text);
  else {
    if (text !== '') e.obj['#text'] = text;
    put(parent, e.name, e.obj);
  }
}

const isNameEnd = (c: string | undefined): boolean =>
  c === undefined || c === '>' || c === '/' || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** The document as objects; throws AxlXmlError when it cannot be read. */
export function readAxlXml(text: string): Record<string, unknown> {
  const root: Open = { name: '', obj: {}, text: '', structured: true };
  const stack: Open[] = [root];
  const openAt: OpenAt = new Map();
  const top = () => stack[stack.length - 1] as Open;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      top().text += decode(text.slice(i));
      break;
    }
    if (lt > i) top().text += decode(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      top().text += text.slice(lt + 9, end < 0 ? n : end);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      // DOCTYPE (an internal subset in brackets, whose entities are never expanded) or another declaration.
      const bracket = text.indexOf('[', lt);
      const gt = text.indexOf('>', lt);
      const end = bracket >= 0 && bracket < gt ? text.indexOf(']>', bracket) : gt;
      if (end < 0) throw new AxlXmlError(`unterminated declaration at offset ${lt}`);
      i = end + (text[end] === ']' ? 2 : 1);
      continue;
    }
    if (text[lt + 1] === '/') {
      const gt = text.indexOf('>', lt);
      if (gt < 0) throw new AxlXmlError(`unterminated closing tag at offset ${lt}`);
      const name = localName(text.slice(lt + 2, gt).trim());
      // The deepest open element of that name (a search down the stack would be quadratic when tags
      // do not pair up).
      const list = openAt.get(name);
      const at = list && list.length > 0 ? list[list.length - 1]! : 0;
      if (at > 0) while (stack.length > at) close(stack, openAt);
      i = gt + 1;
      continue;
    }
    // An opening tag: its name, then attributes (quoted values may hold `>`), then `>` or `/>`.
    let j = lt + 1;
    while (!isNameEnd(text[j])) j++;
    const e: Open = { name: localName(text.slice(lt + 1, j)), obj: {}, text: '', structured: false };
    let selfClosing = false;
    for (;;) {
      while (j < n && /\s/.test(text[j] as string)) j++;
      if (j >= n) throw new AxlXmlError(`unterminated tag at offset ${lt}`);
      const c = text[j];
      if (c === '>') break;
      if (c === '/' && text[j + 1] === '>') {
        selfClosing = true;
        j++;
        break;
      }
      let k = j;
      while (k < n && text[k] !== '=' && text[k] !== '>' && !/\s/.test(text[k] as string) && text[k] !== '/')
        k++;
      const attr = text.slice(j, k);
      if (k === j) {
        j++;
        continue;
      }
      while (k < n && /\s/.test(text[k] as string)) k++;
      if (text[k] !== '=') {
        // A name without a value: ignored (as booleans were).
        j = k;
        continue;
      }
      k++;
      while (k < n && /\s/.test(text[k] as string)) k++;
      const q = text[k];
      let value: string;
      if (q === '"' || q === "'") {
        const end = text.indexOf(q, k + 1);
        if (end < 0) throw new AxlXmlError(`unterminated attribute value at offset ${k}`);
        value = text.slice(k + 1, end);
        j = end + 1;
      } else {
        let end = k;
        while (end < n && text[end] !== '>' && !/\s/.test(text[end] as string)) end++;
        value = text.slice(k, end);
        j = end;
      }
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue;
      e.obj[`@_${localName(attr)}`] = decode(value);
      e.structured = true;
    }
    i = j + 1;
    open(stack, openAt, e);
    if (selfClosing) close(stack, openAt);
  }
  while (stack.length > 1) close(stack, openAt);
  return root.obj;
}
