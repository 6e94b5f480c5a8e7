/**
 * Test-only matchers for glob conformance: a reference matcher (the direct glob → regex translation) and a
 * lookup matcher that answers from a `GlobIndex` exactly as its doc comment in src/runtime/types.ts says, the
 * way the runtime does.
 */
import { buildIndex, compileGlob, globRegexSource, parseGlob } from "../../src/compile/globs/index.js";
import type { GlobIndex } from "../../src/runtime/types.js";

export type CaseName = "insensitive" | "sensitive";

/** The path view a runner matches: NFC, and lowercased when folding. */
export function viewOf(path: string, caseName: CaseName): string {
  const nfc = path.normalize("NFC");
  return caseName === "insensitive" ? nfc.toLowerCase() : nfc;
}

function has(record: Readonly<Record<string, readonly number[]>>, key: string): readonly number[] {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key]! : [];
}

/** The ids of `index` that match the path view `view`. */
export function matchIndex(index: GlobIndex, view: string): Set<number> {
  const ids = new Set<number>();
  const add = (list: readonly number[]): void => list.forEach((id) => ids.add(id));
  const segments = view.split("/");
  const last = segments[segments.length - 1] ?? "";
  add(has(index.exact, view));
  for (const [key, list] of Object.entries(index.prefix)) if (view === key || view.startsWith(`${key}/`)) add(list);
  add(has(index.basename, last));
  for (const [key, list] of Object.entries(index.suffix)) if (last.endsWith(key)) add(list);
  for (const [key, list] of Object.entries(index.basename_prefix)) if (last.startsWith(key)) add(list);
  for (const segment of new Set(segments)) add(has(index.segment, segment));
  for (const { source, ids: list } of index.regex) if (new RegExp(source, "u").test(view)) add(list);
  return ids;
}

/** Whether `pattern` matches `path` by the direct regex translation of every brace expansion. */
export function referenceMatch(pattern: string, path: string, caseName: CaseName): boolean {
  const parsed = parseGlob(pattern, caseName === "insensitive", null);
  if (!parsed.ok) throw new Error(`invalid glob ${pattern}`);
  const view = viewOf(path, caseName);
  return parsed.value.some((glob) => new RegExp(globRegexSource(glob), "u").test(view));
}

/** Whether `pattern` matches `path` through its lowered lookups. */
export function lookupMatch(pattern: string, path: string, caseName: CaseName): boolean {
  const lookups = compileGlob(pattern, caseName === "insensitive", null);
  if (!lookups.ok) throw new Error(`invalid glob ${pattern}`);
  const index = buildIndex(lookups.value.map((lookup) => [lookup, 0] as const));
  return matchIndex(index, viewOf(path, caseName)).has(0);
}
