/**
 * Compiling glob sets: each pattern and except is parsed, brace-expanded and lowered, once per case mode the
 * table needs (`folded` for case-insensitive matching, `exact` for case-sensitive).
 */
import type { Diagnostic, Result, Span } from "../../diagnostics/diagnostic.js";
import type { GlobIndex, GlobMatchers, GlobPatternInfo, GlobSet } from "../../runtime/types.js";
import { buildIndex, lowerGlob, type Lookup } from "./lookup.js";
import { parseGlob } from "./parse.js";

export { globRegexSource } from "./regex.js";
export { lowerGlob, buildIndex, type Lookup } from "./lookup.js";
export { parseGlob, MAX_EXPANSIONS, MAX_GLOBSTARS, MAX_STARS_PER_SEGMENT, type ParsedGlob } from "./parse.js";

/** How paths are matched; see `Table.options.case`. */
export type CaseMode = "insensitive" | "sensitive" | "platform";

/** One pattern of a set to compile, with where it was written. */
export interface GlobSetPattern {
  readonly source: string;
  readonly excepts: readonly string[];
  readonly origin: string;
  readonly rule: string;
  readonly span: Span | null;
}

export interface GlobSetSpec {
  readonly name: string;
  readonly kind: "deny" | "match";
  readonly description: string | null;
  readonly patterns: readonly GlobSetPattern[];
}

/** The lookups of one glob (one per brace expansion), in one case mode. */
export function compileGlob(source: string, fold: boolean, span: Span | null): Result<Lookup[]> {
  const parsed = parseGlob(source, fold, span);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value.map(lowerGlob), diagnostics: [] };
}

/** The diagnostics of a glob, empty when it is valid in both case modes. */
export function checkGlob(source: string, span: Span | null): Diagnostic[] {
  const exact = parseGlob(source, false, span);
  if (!exact.ok) return [...exact.diagnostics];
  const folded = parseGlob(source, true, span);
  return folded.ok ? [] : [...folded.diagnostics];
}

function indexOf(sources: readonly { readonly source: string; readonly id: number }[], fold: boolean): GlobIndex {
  const entries: (readonly [Lookup, number])[] = [];
  for (const { source, id } of sources) {
    const lookups = compileGlob(source, fold, null);
    // INVARIANT: compileGlobSet checked every source with checkGlob before indexing.
    if (lookups.ok) for (const lookup of lookups.value) entries.push([lookup, id]);
  }
  return buildIndex(entries);
}

/** Compiles a named glob set into its table form; fails with located diagnostics on invalid globs. */
export function compileGlobSet(spec: GlobSetSpec, caseMode: CaseMode): Result<GlobSet> {
  const diagnostics: Diagnostic[] = [];
  const excepts: string[] = [];
  const patterns: GlobPatternInfo[] = spec.patterns.map((pattern) => {
    diagnostics.push(...checkGlob(pattern.source, pattern.span));
    const ids = pattern.excepts.map((except) => {
      let id = excepts.indexOf(except);
      if (id === -1) {
        diagnostics.push(...checkGlob(except, pattern.span));
        id = excepts.push(except) - 1;
      }
      return id;
    });
    return { source: pattern.source, origin: pattern.origin, rule: pattern.rule, excepts: [...new Set(ids)].sort((a, b) => a - b) };
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const include = patterns.map((p, id) => ({ source: p.source, id }));
  const exceptSources = excepts.map((source, id) => ({ source, id }));
  const matchers = (fold: boolean): GlobMatchers => ({ include: indexOf(include, fold), except: indexOf(exceptSources, fold) });
  return {
    ok: true,
    value: {
      name: spec.name,
      kind: spec.kind,
      description: spec.description,
      patterns,
      excepts,
      folded: caseMode === "sensitive" ? null : matchers(true),
      exact: caseMode === "insensitive" ? null : matchers(false),
    },
    diagnostics: [],
  };
}
