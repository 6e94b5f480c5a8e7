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

/** Translates a slash-separated glob body (no root): `**` segments match zero or more whole segments. */
function translateSegments(body: string): string {
  const segments = body.split("/");
  let out = "";
  segments.forEach((segment, index) => {
    const hasPrevious = index > 0;
    if (segment === "**") {
      const isLast = index === segments.length - 1;
      if (!hasPrevious) out += isLast ? ".*" : "(?:.*/)?";
      else out += "(?:/.*)?";
      return;
    }
    const previousWasLeadingGlobstar = index === 1 && segments[0] === "**";
    if (hasPrevious && !previousWasLeadingGlobstar) out += "/";
    out += translatePart(segment);
  });
  return out;
}

/** The root a pattern is anchored at, or null when it matches at any depth. */
function patternRoot(pattern: string): { readonly root: string; readonly rest: string } | null {
  if (pattern.startsWith("/")) return { root: "/", rest: pattern.slice(1) };
  if (pattern.startsWith("~/")) return { root: "~/", rest: pattern.slice(2) };
  const drive = /^([A-Za-z]):\//.exec(pattern);
  if (drive) return { root: `${(drive[1] as string).toLowerCase()}:/`, rest: pattern.slice(3) };
  return null;
}

/** The regular expression a glob means, over a normalized path view. `fold` lowercases the pattern. */
export function globToRegExp(glob: string, fold: boolean): RegExp {
  const text = fold ? glob.normalize("NFC").toLowerCase() : glob.normalize("NFC");
  const sources = expandBraces(text).map((alternative) => {
    const rooted = patternRoot(alternative);
    return rooted ? `${rooted.root.split("").map(escapeChar).join("")}${translateSegments(rooted.rest)}` : `(?:.*/)?${translateSegments(alternative)}`;
  });
  return new RegExp(`^(?:${[...new Set(sources)].join("|")})$`, "s");
}
