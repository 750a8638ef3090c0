// Bounds on deployment YAML read before the YAML library sees it: nesting depth, found by a linear scan.

/** Deeper than any deployment file (about 6 levels); far below where the YAML parser's recursion overflows. */
export const MAX_YAML_DEPTH = 64;

/**
 * The largest deployment file read (about 8,000 phones): the YAML library takes about a second per megabyte,
 * so a bigger file is refused before it is parsed.
 */
export const MAX_YAML_BYTES = 1024 * 1024;

/**
 * Entries (lines with content, and items after a comma) in the largest deployment file read: about 8,000
 * phones of six lines. The YAML library's time follows its nodes, not its bytes (300 KB of `a0:` lines
 * took 1.2 s, a second per 250 KB), so this bound, counted before parsing, is what caps its time.
 */
export const MAX_YAML_ENTRIES = 50_000;

/** Unknown keys named one by one in a map; the rest are counted in one problem. */
export const MAX_UNKNOWN_KEYS = 20;

/** Alias expansions allowed when a document becomes data (the YAML library's own default, made explicit). */
export const MAX_YAML_ALIASES = 100;

export interface DepthExcess {
  /** 1-based line and column of the first point deeper than the limit. */
  line: number;
  column: number;
  depth: number;
}

const isBlank = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t';

/**
 * Where the text nests deeper than `limit`, or undefined. Counts, per line, the block levels by
 * indentation, compact levels on the line (`- - x`, `a: b: c`) and open flow collections (`[`, `{`,
 * carried across lines), outside quoted scalars, comments and block scalars. It over-approximates
 * YAML's own nesting a little, which is harmless at this limit; it never recurses and looks at each
 * character once, so it is safe on any input.
 */
export function yamlDepthExcess(text: string, limit = MAX_YAML_DEPTH): DepthExcess | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let blockScalarIndent: number | undefined;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    lineNo++;
    let indent = 0;
    while (line[indent] === ' ') indent++;
    const blank = indent === line.length || line[indent] === '#';
    if (blockScalarIndent !== undefined) {
      if (blank || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (blank && quote === undefined) continue;
    if (quote === undefined && flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
    }
    let compact = 0;
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (quote !== undefined) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = undefined;
        }
        continue;
      }
      if (c === '#' && isBlank(line[i - 1])) break;
      if ((c === '"' || c === "'") && (i === indent || /[\s[{,:-]/.test(line[i - 1] ?? ''))) quote = c;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if (c === ':' && isBlank(line[i + 1])) compact++;
      else if (c === '-' && (i === indent || isBlank(line[i - 1])) && isBlank(line[i + 1])) compact++;
      const depth = indents.length + compact + flow;
      if (depth > limit) return { line: lineNo, column: i + 1, depth };
    }
    // A block scalar (`key: |`): its lines are text, whatever they hold.
    if (
      quote === undefined &&
      flow === 0 &&
      /(?:^|[\s:-])[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(line.slice(indent))
    )
      blockScalarIndent = indent;
  }
  return undefined;
}

/**
 * Where the text holds more than `limit` entries (lines with content, commas), or undefined: one pass
 * over the text, no parsing. It over-counts a little (a comma in a value), which is harmless at this limit.
 */
export function yamlEntriesExcess(
  text: string,
  limit = MAX_YAML_ENTRIES,
): { line: number; column: number } | undefined {
  let entries = 0;
  let line = 1;
  let lineStart = 0;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      content = false;
    } else if (c === 44) {
      entries++;
    } else if (!content && c !== 32 && c !== 9 && c !== 13) {
      content = true;
      entries++;
    } else continue;
    if (entries > limit) return { line, column: i - lineStart + 1 };
  }
  return undefined;
}
