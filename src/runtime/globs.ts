/**
 * Glob-set membership over the compiled `GlobIndex` lookups (see its doc comment in types.ts). The index is turned
 * into Maps once per table (object keys like `__proto__` would be unsafe) together with the key lengths each map
 * holds, so a lookup only slices the view where a key of that length could match.
 */
import type { GlobIndex, GlobSet } from "./types.js";

type Ids = readonly number[];

interface LenMap {
  readonly map: Map<string, Ids>;
  /** Distinct key lengths, ascending. */
  readonly lens: readonly number[];
}

export interface CompiledIndex {
  readonly exact: LenMap;
  readonly prefix: LenMap;
  readonly basename: LenMap;
  readonly suffix: LenMap;
  readonly bprefix: LenMap;
  readonly segment: LenMap;
  readonly regex: readonly { readonly re: RegExp; readonly ids: Ids }[];
}

export interface CompiledSet {
  readonly name: string;
  readonly set: GlobSet;
  readonly include: CompiledIndex;
  readonly except: CompiledIndex;
}

function lenMap(record: Readonly<Record<string, Ids>>): LenMap {
  const map = new Map<string, Ids>();
  const lens = new Set<number>();
  for (const key of Object.keys(record)) {
    const ids = record[key];
    if (ids === undefined) continue;
    map.set(key, ids);
    lens.add(key.length);
  }
  return { map, lens: [...lens].sort((a, b) => a - b) };
}

function regex(source: string): RegExp {
  // Anchored here so a source means the same whether or not its author anchored it (Python `re.fullmatch`).
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch {
    return new RegExp(`^(?:${source})$`);
  }
}

/** Compiles one `GlobIndex`; throws a SyntaxError on a regex JavaScript cannot parse (a malformed table). */
export function compileIndex(index: GlobIndex): CompiledIndex {
  return {
    exact: lenMap(index.exact),
    prefix: lenMap(index.prefix),
    basename: lenMap(index.basename),
    suffix: lenMap(index.suffix),
    bprefix: lenMap(index.basename_prefix),
    segment: lenMap(index.segment),
    regex: index.regex.map((r) => ({ re: regex(r.source), ids: r.ids })),
  };
}

function addAll(out: number[], ids: Ids | undefined): void {
  if (ids !== undefined) for (let i = 0; i < ids.length; i++) out.push(ids[i] ?? -1);
}

function hasLen(m: LenMap, n: number): boolean {
  return m.lens.includes(n);
}

/** Appends to `out` the ids of every entry of `ix` that matches `view`. */
export function lookup(ix: CompiledIndex, view: string, out: number[]): void {
  const n = view.length;
  if (hasLen(ix.exact, n)) addAll(out, ix.exact.map.get(view));
  for (const len of ix.prefix.lens) {
    if (len > n) break;
    if (len === n || view.charCodeAt(len) === 47) addAll(out, ix.prefix.map.get(len === n ? view : view.slice(0, len)));
  }
  const slash = view.lastIndexOf("/");
  const base = slash < 0 ? view : view.slice(slash + 1);
  const bl = base.length;
  if (hasLen(ix.basename, bl)) addAll(out, ix.basename.map.get(base));
  for (const len of ix.suffix.lens) {
    if (len > bl) break;
    addAll(out, ix.suffix.map.get(base.slice(bl - len)));
  }
  for (const len of ix.bprefix.lens) {
    if (len > bl) break;
    addAll(out, ix.bprefix.map.get(base.slice(0, len)));
  }
  if (ix.segment.lens.length > 0) {
    let start = 0;
    while (start <= n) {
      let end = view.indexOf("/", start);
      if (end < 0) end = n;
      if (end > start && hasLen(ix.segment, end - start)) addAll(out, ix.segment.map.get(view.slice(start, end)));
      start = end + 1;
    }
  }
  for (const r of ix.regex) if (r.re.test(view)) addAll(out, r.ids);
}

/**
 * The lowest index of a pattern of `cs` that matches one of `views` (per view: its include matches and none
 * of its own excepts matches that view), or -1.
 */
export function matchViews(cs: CompiledSet, views: readonly string[], inc: number[], exc: number[]): number {
  let best = -1;
  for (const view of views) {
    inc.length = 0;
    lookup(cs.include, view, inc);
    if (inc.length === 0) continue;
    let excLoaded = false;
    for (const id of inc) {
      if (best >= 0 && id >= best) continue;
      const excepts = cs.set.patterns[id]?.excepts;
      if (excepts === undefined) continue;
      if (excepts.length > 0) {
        if (!excLoaded) {
          exc.length = 0;
          lookup(cs.except, view, exc);
          excLoaded = true;
        }
        if (excepts.some((e) => exc.includes(e))) continue;
      }
      best = id;
    }
  }
  return best;
}
