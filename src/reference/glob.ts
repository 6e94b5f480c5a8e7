/**
 * routec globs (docs/semantics.md, "Paths and deny sets") translated directly to a JavaScript `RegExp` over one
 * normalized path view. This is the specification's reading of a glob: the compiler's `GlobIndex` must agree with
 * it, so it shares no code with `src/compile/globs`.
 */

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates one character class starting at `pattern[start] === "["`; returns the regex text and the index after `]`. */
function translateClass(pattern: string, start: number): { readonly text: string; readonly next: number } | null {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === "!" || pattern[i] === "^") {
    negate = true;
    i += 1;
  }
  let body = "";
  let first = true;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === "]" && !first) {
      // A class never matches the separator, negated or not.
      return { text: negate ? `[^/${body}]` : `[${body}]`, next: i + 1 };
    }
    if (ch === "-" && !first && pattern[i + 1] !== "]") body += "-";
    else body += ch === "\\" || ch === "]" || ch === "[" || ch === "^" ? `\\${ch}` : ch;
    first = false;
    i += 1;
  }
  return null;
}

/** Expands `{a,b}` alternatives (nested too) into brace-free globs, so a root or `/` inside braces is honoured. */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf("{");
  if (open < 0) return [glob];
  let depth = 0;
  for (let i = open; i < glob.length; i += 1) {
    if (glob[i] === "{") depth += 1;
    if (glob[i] === "}") depth -= 1;
    if (depth !== 0) continue;
    const alternatives: string[] = [];
    let current = "";
    let inner = 0;
    for (const ch of glob.slice(open + 1, i)) {
      if (ch === "{") inner += 1;
      if (ch === "}") inner -= 1;
      if (ch === "," && inner === 0) {
        alternatives.push(current);
        current = "";
      } else current += ch;
    }
    alternatives.push(current);
    const head = glob.slice(0, open);
    const tail = glob.slice(i + 1);
    return alternatives.flatMap((alternative) => expandBraces(head + alternative + tail));
  }
  // An unbalanced brace is a literal character.
  return [glob];
}

/** Translates glob text that is not a whole `**` segment: `*`, `?`, classes, braces, literals. */
function translatePart(part: string): string {
  let out = "";
  let i = 0;
  while (i < part.length) {
    const ch = part[i] as string;
    if (ch === "*") {
      while (part[i] === "*") i += 1;
      out += "[^/]*";
      continue;
    }
    if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const cls = translateClass(part, i);
      if (cls) {
        out += cls.text;
        i = cls.next;
        continue;
      }
      out += "\\[";
    } else out += escapeChar(ch);
    i += 1;
  }
  return out;
}

/** A brace-free pattern split into its root (`/`, `//`, `~`, a drive `c:`, or null: any depth) and segments. */
interface PatternParts {
  readonly root: string | null;
  readonly segments: readonly string[];
}

/**
 * Reads a brace-free pattern the way routec spells globs: `\` separates segments like `/`, a drive letter is
 * lowercased, empty and `.` segments vanish, repeated `**` collapse, and a trailing `/` means `/**`.
 */
function patternParts(pattern: string): PatternParts {
  let text = pattern.replace(/\\/g, "/");
  let root: string | null = null;
  const drive = /^([A-Za-z]):(?:\/|$)/.exec(text);
  if (text.startsWith("//")) root = "//";
  else if (text.startsWith("/")) root = "/";
  else if (text === "~" || text.startsWith("~/")) root = "~";
  else if (drive) root = `${(drive[1] as string).toLowerCase()}:`;
  text = text.slice(root === null ? 0 : root.length);
  const pieces = text.split("/");
  const trailingSlash = pieces.length > 1 && pieces[pieces.length - 1] === "" && pattern.length > 1;
  const segments: string[] = root === null ? ["**"] : [];
  for (const piece of pieces) {
    if (piece === "" || piece === ".") continue;
    if (piece === "**" && segments[segments.length - 1] === "**") continue;
    segments.push(piece);
  }
  if (trailingSlash && segments[segments.length - 1] !== "**") segments.push("**");
  return { root, segments };
}

/** The regular-expression source of one brace-free pattern. `**` as a whole segment spans zero or more segments. */
function patternSource(pattern: string): string {
  const { root, segments } = patternParts(pattern);
  // `~` and a drive are followed by a separator; `/` and `//` end in one.
  const needSlash = root === "~" || (root !== null && root.endsWith(":"));
  let out = root === null ? "" : root.split("").map(escapeChar).join("");
  if (segments.length === 0) return out + (needSlash ? "(?:/.*)?" : ".*");
  segments.forEach((segment, index) => {
    const first = index === 0;
    const last = index === segments.length - 1;
    if (segment === "**") {
      if (first && last) out += needSlash ? "(?:/.*)?" : ".*";
      else if (first) out += `${needSlash ? "/" : ""}(?:.*/)?`;
      else if (last) out += "(?:/.*)?";
      else out += "/(?:.*/)?";
      return;
    }
    if (first) out += needSlash ? "/" : "";
    else if (segments[index - 1] !== "**") out += "/";
    out += translatePart(segment);
  });
  return out;
}

/** The regular expression a glob means, over a normalized path view. `fold` lowercases the pattern. */
export function globToRegExp(glob: string, fold: boolean): RegExp {
  const text = fold ? glob.normalize("NFC").toLowerCase() : glob.normalize("NFC");
  const sources = [...new Set(expandBraces(text).map(patternSource))];
  return new RegExp(`^(?:${sources.join("|")})$`, "s");
}
