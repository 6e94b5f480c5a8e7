/**
 * Direct glob → regular-expression translation. Its output is the portable subset documented in docs/globs.md:
 * anchored `^…$`, literals with syntax characters escaped, `[^/]`, simple classes with punctuation as `\xHH`,
 * `[\s\S]` for "anything" (`.` would skip newlines), non-capturing groups, and no quantified group that
 * contains an unbounded quantifier other than the optional "any segments" group of a `**` segment. The same source means the
 * same in JavaScript (with or without the `u` flag) and Python `re` when matched against the whole path view.
 */
import type { ClassItem, ParsedGlob, Part, Segment } from "./parse.js";

const SYNTAX = new Set(["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|"]);

function escapeLiteral(text: string): string {
  let out = "";
  for (const c of text) out += SYNTAX.has(c) ? `\\${c}` : c;
  return out;
}

/** A character inside a class: ASCII punctuation as `\xHH` so no engine sees `-`, `^`, `[`, `&&` or `~~` specially. */
function classChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (code < 0x80 && !/[A-Za-z0-9]/.test(c)) return `\\x${code.toString(16).padStart(2, "0")}`;
  return c;
}

function classItem(item: ClassItem): string {
  return item.kind === "char" ? classChar(item.char) : `${classChar(item.from)}-${classChar(item.to)}`;
}

function partSource(part: Part): string {
  switch (part.kind) {
    case "literal":
      return escapeLiteral(part.text);
    case "star":
      return "[^/]*";
    case "quest":
      return "[^/]";
    case "class":
      return `[${part.negated ? "^/" : ""}${part.items.map(classItem).join("")}]`;
  }
}

function segmentSource(segment: Segment): string {
  return segment.kind === "globstar" ? "[\\s\\S]*" : segment.parts.map(partSource).join("");
}

const ROOT_TEXT: Record<string, string> = { "/": "/", "~": "~", "//": "//" };

/** The regular-expression source of one parsed glob, matching whole normalized path views. */
export function globRegexSource(glob: ParsedGlob): string {
  const { root, segments } = glob;
  const rootText = root === null ? "" : (ROOT_TEXT[root] ?? root);
  // `/` and `//` end in their separator; `~` and drives need one before the first segment.
  const rootNeedsSlash = root === "~" || (root !== null && root.endsWith(":"));
  if (segments.length === 0) return `^${escapeLiteral(rootText)}$`;
  if (segments.length === 1 && segments[0]!.kind === "globstar") {
    // `~/**` matches `~` itself; `/**` matches every absolute path; an unanchored `**` matches everything.
    return rootNeedsSlash ? `^${escapeLiteral(rootText)}(?:/[\\s\\S]*)?$` : `^${escapeLiteral(rootText)}[\\s\\S]*$`;
  }
  let out = escapeLiteral(rootText);
  segments.forEach((segment, i) => {
    const first = i === 0;
    const last = i === segments.length - 1;
    if (segment.kind === "globstar") {
      if (first) out += `${rootNeedsSlash ? "/" : ""}(?:[\\s\\S]*/)?`;
      else if (last) out += "(?:/[\\s\\S]*)?";
      else out += "/(?:[\\s\\S]*/)?";
      return;
    }
    const previous = segments[i - 1];
    const separator = first ? (rootNeedsSlash ? "/" : "") : previous?.kind === "globstar" ? "" : "/";
    out += separator + segmentSource(segment);
  });
  return `^${out}$`;
}
