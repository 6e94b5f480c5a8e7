/**
 * Parsing routec globs (docs/globs.md) into anchored segment lists. Braces are expanded here, at compile time, so
 * every later step sees brace-free patterns.
 */
import type { Diagnostic, Result, Span } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/registry.js";

/** At most this many patterns come out of one glob's braces. */
export const MAX_EXPANSIONS = 64;
/** At most this many `*` per segment: more backtrack polynomially with a large exponent. */
export const MAX_STARS_PER_SEGMENT = 4;
/** At most this many `**` segments per glob, counting the implicit one of unanchored globs. */
export const MAX_GLOBSTARS = 4;

export type ClassItem = { readonly kind: "char"; readonly char: string } | { readonly kind: "range"; readonly from: string; readonly to: string };

/** One piece of a segment. */
export type Part =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "star" }
  | { readonly kind: "quest" }
  | { readonly kind: "class"; readonly negated: boolean; readonly items: readonly ClassItem[] };

export type Segment = { readonly kind: "globstar" } | { readonly kind: "parts"; readonly parts: readonly Part[] };

/**
 * A brace-free glob. `root` is where an anchored glob starts (`/`, `~`, a drive such as `c:`, or `//` for UNC);
 * null for an unanchored glob, whose segments then always start with a globstar (the implicit `**​/`).
 */
export interface ParsedGlob {
  readonly root: "/" | "~" | "//" | `${string}:` | null;
  readonly segments: readonly Segment[];
}

type Parsed<T> = { ok: true; value: T } | { ok: false; diagnostic: Diagnostic };

function fail<T>(code: string, span: Span | null, message: string, help?: string): Parsed<T> {
  return { ok: false, diagnostic: diagnostic(code, span, message, help === undefined ? {} : { help }) };
}

/** Index of the `]` that closes the class opening at `start`, or -1. A `]` right after `[` or `[!` is literal. */
function classEnd(text: string, start: number): number {
  let i = start + 1;
  if (text[i] === "!" || text[i] === "^") i++;
  if (text[i] === "]") i++;
  for (; i < text.length; i++) if (text[i] === "]") return i;
  return -1;
}

/** Expands `{a,b}` alternatives (nested allowed), skipping over character classes. */
export function expandBraces(source: string, span: Span | null): Parsed<string[]> {
  // Find the first top-level `{` and its matching `}`, splitting on top-level commas in between.
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "[") {
      const end = classEnd(source, i);
      if (end !== -1) i = end;
      continue;
    }
    if (c === "{") {
      if (depth === 0) open = i;
      depth++;
    } else if (c === "}") {
      if (depth === 0) return fail("R0402", span, `glob \`${source}\` has a \`}\` without its \`{\``);
      depth--;
      if (depth === 0) {
        const alternatives: string[] = [];
        let from = open + 1;
        for (const comma of [...commas, i]) {
          alternatives.push(source.slice(from, comma));
          from = comma + 1;
        }
        const head = source.slice(0, open);
        const tail = source.slice(i + 1);
        const out: string[] = [];
        for (const alternative of alternatives) {
          const expanded = expandBraces(head + alternative + tail, span);
          if (!expanded.ok) return expanded;
          for (const pattern of expanded.value) {
            if (!out.includes(pattern)) out.push(pattern);
            if (out.length > MAX_EXPANSIONS) {
              return fail("R0404", span, `glob \`${source}\` expands to more than ${MAX_EXPANSIONS} patterns`);
            }
          }
        }
        return { ok: true, value: out };
      }
    } else if (c === "," && depth === 1) {
      commas.push(i);
    }
  }
  if (depth > 0) return fail("R0402", span, `glob \`${source}\` has a \`{\` without its \`}\``);
  return { ok: true, value: [source] };
}

function parseClass(text: string, start: number, end: number, source: string, span: Span | null): Parsed<Part> {
  let i = start + 1;
  const negated = text[i] === "!" || text[i] === "^";
  if (negated) i++;
  const items: ClassItem[] = [];
  const chars = Array.from(text.slice(i, end));
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    if (c === "/") return fail("R0403", span, `character class in glob \`${source}\` contains \`/\``, "a class matches one character of a segment; `/` separates segments");
    const next = chars[k + 1];
    const to = chars[k + 2];
    if (next === "-" && to !== undefined) {
      if (to === "/") return fail("R0403", span, `character class in glob \`${source}\` contains \`/\``);
      if (to.codePointAt(0)! < c.codePointAt(0)!) return fail("R0403", span, `character class in glob \`${source}\` has the reversed range \`${c}-${to}\``);
      items.push({ kind: "range", from: c, to });
      k += 2;
    } else {
      items.push({ kind: "char", char: c });
    }
  }
  if (items.length === 0) return fail("R0403", span, `character class in glob \`${source}\` is empty`);
  return { ok: true, value: { kind: "class", negated, items } };
}

function parseSegment(text: string, source: string, span: Span | null): Parsed<Segment> {
  if (text === "**") return { ok: true, value: { kind: "globstar" } };
  const parts: Part[] = [];
  let literal = "";
  const flush = (): void => {
    if (literal !== "") parts.push({ kind: "literal", text: literal });
    literal = "";
  };
  let stars = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "*") {
      flush();
      // `**` inside a segment means the same as `*`: it cannot cross `/` there.
      while (text[i + 1] === "*") i++;
      parts.push({ kind: "star" });
      stars++;
    } else if (c === "?") {
      flush();
      parts.push({ kind: "quest" });
    } else if (c === "[") {
      const end = classEnd(text, i);
      if (end === -1) return fail("R0403", span, `character class in glob \`${source}\` has no closing \`]\``, "write a literal `[` as `[[]`");
      flush();
      const part = parseClass(text, i, end, source, span);
      if (!part.ok) return part;
      parts.push(part.value);
      i = end;
    } else {
      literal += c;
    }
  }
  flush();
  if (stars > MAX_STARS_PER_SEGMENT) {
    return fail("R0405", span, `glob \`${source}\` has ${stars} \`*\` in one segment, more than ${MAX_STARS_PER_SEGMENT}`);
  }
  return { ok: true, value: { kind: "parts", parts } };
}

/**
 * Parses one brace-free pattern. `\` separates segments like `/` (Windows spelling), a drive letter is
 * lowercased as paths' are, empty and `.` segments vanish, and a trailing `/` means `/**`.
 */
export function parseExpanded(expanded: string, source: string, span: Span | null): Parsed<ParsedGlob> {
  let text = expanded.replace(/\\/g, "/");
  let root: ParsedGlob["root"] = null;
  const drive = /^([A-Za-z]):(?:\/|$)/.exec(text);
  if (text.startsWith("//")) {
    root = "//";
    text = text.slice(2);
  } else if (text.startsWith("/")) {
    root = "/";
    text = text.slice(1);
  } else if (text === "~" || text.startsWith("~/")) {
    root = "~";
    text = text.slice(1);
  } else if (drive) {
    root = `${drive[1]!.toLowerCase()}:`;
    text = text.slice(2);
  }
  const raw = text.split("/");
  const trailingSlash = raw.length > 1 && raw[raw.length - 1] === "" && expanded.length > 1;
  const segments: Segment[] = root === null ? [{ kind: "globstar" }] : [];
  for (const piece of raw) {
    if (piece === "" || piece === ".") continue;
    if (piece === "..") return fail("R0406", span, `glob \`${source}\` contains a \`..\` segment`, "paths are normalized before matching, so `..` never appears in them");
    const segment = parseSegment(piece, source, span);
    if (!segment.ok) return segment;
    if (segment.value.kind === "globstar" && segments[segments.length - 1]?.kind === "globstar") continue;
    segments.push(segment.value);
  }
  if (trailingSlash && segments[segments.length - 1]?.kind !== "globstar") segments.push({ kind: "globstar" });
  const globstars = segments.filter((s) => s.kind === "globstar").length;
  if (globstars > MAX_GLOBSTARS) {
    return fail("R0405", span, `glob \`${source}\` has ${globstars} \`**\` segments, more than ${MAX_GLOBSTARS}`);
  }
  return { ok: true, value: { root, segments } };
}

/**
 * Parses a glob as written into its brace expansions, NFC-normalized and, when `fold` is set, lowercased (the
 * folded matcher compares lowercased paths).
 */
export function parseGlob(source: string, fold: boolean, span: Span | null): Result<ParsedGlob[]> {
  const normalized = fold ? source.normalize("NFC").toLowerCase() : source.normalize("NFC");
  if (normalized.trim() === "") return { ok: false, diagnostics: [diagnostic("R0401", span, "glob is empty")] };
  const expanded = expandBraces(normalized, span);
  if (!expanded.ok) return { ok: false, diagnostics: [expanded.diagnostic] };
  const out: ParsedGlob[] = [];
  for (const pattern of expanded.value) {
    if (pattern === "") return { ok: false, diagnostics: [diagnostic("R0401", span, `glob \`${source}\` has an empty alternative that matches nothing`)] };
    const parsed = parseExpanded(pattern, source, span);
    if (!parsed.ok) return { ok: false, diagnostics: [parsed.diagnostic] };
    out.push(parsed.value);
  }
  return { ok: true, value: out, diagnostics: [] };
}
