// A Cisco configuration as one generic tree by indentation, with exact 1-based line numbers (ciscoconfparse-style).

export interface ConfigLine {
  /** The command without its indentation or line ending. */
  text: string;
  /** 1-based line number in the source (including any offset of a section in a capture). */
  line: number;
  /** Indentation width (tabs count to the next multiple of 8). */
  indent: number;
  children: ConfigLine[];
}

export interface ConfigTree {
  /** Top-level commands, in order. */
  roots: ConfigLine[];
  /** Number of lines read (blank, comment and header lines included). */
  lineCount: number;
  /** Number of commands (nodes) in the tree. */
  nodeCount: number;
  /** `!` comment lines and `:` header lines, kept for evidence (`: Saved`, `: Hardware: ...`). */
  comments: { line: number; text: string }[];
}

export interface TreeOptions {
  /** Added to every line number: the 0-based position of the first line in the whole file. */
  lineOffset?: number;
}

function indentWidth(raw: string): number {
  let w = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w = (Math.floor(w / 8) + 1) * 8;
    else break;
  }
  return w;
}

/** Splits text into lines on LF, CRLF or lone CR. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/**
 * Builds the tree. Never throws: every non-blank line becomes a node. `exit` closes the current
 * sub-mode (pasted configurations use it instead of indentation); IOS-style delimited banners
 * (`banner motd ^C ... ^C`) become one node with the banner lines as children.
 */
export function parseConfigTree(text: string, opts: TreeOptions = {}): ConfigTree {
  const offset = opts.lineOffset ?? 0;
  const lines = splitLines(text);
  const roots: ConfigLine[] = [];
  const comments: ConfigTree['comments'] = [];
  const stack: ConfigLine[] = [];
  let bannerEnd: string | undefined;
  let banner: ConfigLine | undefined;
  let nodeCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = offset + i + 1;
    const indent = indentWidth(raw);
    const body = raw.trim();
    if (banner && bannerEnd !== undefined) {
      banner.children.push({ text: body, line: lineNo, indent, children: [] });
      nodeCount++;
      if (body.includes(bannerEnd)) {
        banner = undefined;
        bannerEnd = undefined;
      }
      continue;
    }
    if (body === '') continue;
    if (body.startsWith('!') || (indent === 0 && body.startsWith(':'))) {
      comments.push({ line: lineNo, text: body });
      continue;
    }
    if (body === 'exit') {
      // Close the innermost sub-mode that this `exit` can belong to.
      while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
      stack.pop();
      continue;
    }
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const node: ConfigLine = { text: body, line: lineNo, indent, children: [] };
    nodeCount++;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
    const bm = body.startsWith('banner') ? /^banner\s+\S+\s+(\^C|\x03)(.*)$/.exec(body) : null;
    if (bm && !(bm[2] ?? '').includes(bm[1] ?? '')) {
      banner = node;
      bannerEnd = bm[1];
    }
  }
  return { roots, lineCount: lines.length, nodeCount, comments };
}

/** Splits a command into words; a double-quoted string is one word (quotes removed). */
export function words(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) {
        out.push(text.slice(i + 1));
        break;
      }
      out.push(text.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < n && text[j] !== ' ' && text[j] !== '\t') j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

/**
 * Every node of the tree, depth first, in source order. With an explicit stack, not recursion:
 * a configuration with thousands of increasing indent levels is a tree that deep.
 */
export function* walk(nodes: readonly ConfigLine[]): Generator<ConfigLine> {
  const stack: { nodes: readonly ConfigLine[]; next: number }[] = [{ nodes, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top) break;
    const n = top.nodes[top.next++];
    if (!n) {
      stack.pop();
      continue;
    }
    yield n;
    if (n.children.length > 0) stack.push({ nodes: n.children, next: 0 });
  }
}

/** How many nodes the given nodes and all their descendants make (iterative, like `walk`). */
export function countNodes(nodes: readonly ConfigLine[]): number {
  let count = 0;
  const stack: (readonly ConfigLine[])[] = [nodes];
  for (let level = stack.pop(); level; level = stack.pop()) {
    count += level.length;
    for (const n of level) if (n.children.length > 0) stack.push(n.children);
  }
  return count;
}
