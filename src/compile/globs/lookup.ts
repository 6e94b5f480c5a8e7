/**
 * Lowering parsed globs to the table's `GlobIndex` lookups. Most real-world denylist globs are a file name, an
 * extension, a name prefix, a directory name or an anchored path; those become hash lookups the runtime answers
 * without regular expressions. Everything else is the residue: a regex source (./regex.ts).
 */
import type { GlobIndex } from "../../runtime/types.js";
import type { ParsedGlob, Part, Segment } from "./parse.js";
import { globRegexSource } from "./regex.js";

/** Which `GlobIndex` entry a parsed glob becomes. */
export type Lookup =
  | { readonly kind: "exact" | "prefix" | "basename" | "suffix" | "basename_prefix" | "segment"; readonly key: string }
  | { readonly kind: "regex"; readonly source: string };

function literalOf(segment: Segment | undefined): string | null {
  if (segment?.kind !== "parts" || segment.parts.length !== 1) return null;
  const part = segment.parts[0]!;
  return part.kind === "literal" ? part.text : null;
}

function isLiteral(part: Part | undefined): part is Part & { kind: "literal" } {
  return part?.kind === "literal";
}

function rootPrefix(root: NonNullable<ParsedGlob["root"]>): string {
  return root === "/" || root === "//" ? root : `${root}/`;
}

/** The literal path an anchored all-literal segment list spells, or null. */
function anchoredKey(root: NonNullable<ParsedGlob["root"]>, segments: readonly Segment[]): string | null {
  const literals = segments.map(literalOf);
  if (literals.some((l) => l === null)) return null;
  if (literals.length === 0) return root;
  return rootPrefix(root) + literals.join("/");
}

/** The lookup a parsed glob lowers to; falls back to its regex source. */
export function lowerGlob(glob: ParsedGlob): Lookup {
  const { root, segments } = glob;
  const residue: Lookup = { kind: "regex", source: globRegexSource(glob) };
  if (root !== null) {
    const exact = anchoredKey(root, segments);
    if (exact !== null) return { kind: "exact", key: exact };
    const last = segments[segments.length - 1];
    if (last?.kind === "globstar" && segments.length >= 2) {
      const key = anchoredKey(root, segments.slice(0, -1));
      // `/` and `//` as prefixes would need an empty key; the regex says it plainly.
      if (key !== null) return { kind: "prefix", key };
    }
    return residue;
  }
  // Unanchored: segments[0] is the implicit or explicit `**`.
  const [, second, third] = segments;
  if (segments.length === 3 && third?.kind === "globstar") {
    const name = literalOf(second);
    return name === null ? residue : { kind: "segment", key: name };
  }
  if (segments.length !== 2 || second?.kind !== "parts") return residue;
  const parts = second.parts;
  const [a, b] = parts;
  if (parts.length === 1 && isLiteral(a)) return { kind: "basename", key: a.text };
  if (parts.length === 2 && a?.kind === "star" && isLiteral(b)) return { kind: "suffix", key: b.text };
  if (parts.length === 2 && isLiteral(a) && b?.kind === "star") return { kind: "basename_prefix", key: a.text };
  return residue;
}

type Kind = Exclude<keyof GlobIndex, "regex">;
const KINDS: readonly Kind[] = ["exact", "prefix", "basename", "suffix", "basename_prefix", "segment"];

function sortedRecord(map: ReadonlyMap<string, readonly number[]>): Record<string, number[]> {
  return Object.fromEntries([...map.entries()].map(([key, ids]) => [key, [...ids].sort((x, y) => x - y)]));
}

/** Builds a `GlobIndex` from `[lookup, id]` entries; ids are sorted and unique, regexes sorted by source. */
export function buildIndex(entries: readonly (readonly [Lookup, number])[]): GlobIndex {
  // Maps, not objects: a key such as `__proto__` must stay a key.
  const maps = new Map<Kind | "regex", Map<string, number[]>>([...KINDS, "regex" as const].map((k) => [k, new Map()]));
  for (const [lookup, id] of entries) {
    const map = maps.get(lookup.kind)!;
    const key = lookup.kind === "regex" ? lookup.source : lookup.key;
    const ids = map.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    map.set(key, ids);
  }
  const record = (kind: Kind): Record<string, number[]> => sortedRecord(maps.get(kind)!);
  return {
    exact: record("exact"),
    prefix: record("prefix"),
    basename: record("basename"),
    suffix: record("suffix"),
    basename_prefix: record("basename_prefix"),
    segment: record("segment"),
    regex: [...maps.get("regex")!.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([source, ids]) => ({ source, ids: [...ids].sort((x, y) => x - y) })),
  };
}
