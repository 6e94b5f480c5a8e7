/**
 * Glob-set membership over the compiled `GlobIndex` lookups (see its doc comment in types.ts). The index is turned
 * into Maps once per table (object keys like `__proto__` would be unsafe) together with the key lengths each map
 * holds, so a lookup only slices the view where a key of that length could match.
 */
import type { GlobIndex, GlobSet } from "./types.js";

type Ids = readonly number[];

interface LenMap<T = Ids> {
  readonly map: Map<string, T>;
  /** Distinct key lengths, ascending. */
  readonly lens: readonly number[];
}

/** A regex with a literal every match contains: at the start when `start`, else anywhere ("" when unknown). */
interface Residue {
  readonly re: RegExp;
  readonly lit: string;
  readonly start: boolean;
  readonly ids: Ids;
}

export interface CompiledIndex {
  readonly exact: LenMap;
  readonly prefix: LenMap;
  readonly basename: LenMap;
  readonly suffix: LenMap;
  readonly bprefix: LenMap;
  readonly segment: LenMap;
  /** Residues whose literal starts every match, keyed by that literal up to its second `/`. */
  readonly anchored: LenMap<readonly Residue[]>;
  readonly floating: readonly Residue[];
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

/** The index after the group, class or escape that starts at `i`. */
function skip(src: string, i: number): number {
  const c = src[i];
  if (c === "\\") return i + 2;
  if (c === "[") {
    i++;
    while (i < src.length && src[i] !== "]") i += src[i] === "\\" ? 2 : 1;
    return i + 1;
  }
  let depth = 0;
  for (; i < src.length; i++) {
    if (src[i] === "\\" || src[i] === "[") i = skip(src, i) - 1;
    else if (src[i] === "(") depth++;
    else if (src[i] === ")" && --depth === 0) return i + 1;
  }
  return i;
}

/**
 * The longest literal run outside groups, classes and quantifiers of a regex source: a cheap `startsWith` or
 * `includes` test that skips most residue regexes. A top-level `|` means no literal is required.
 */
export function hint(src: string): { lit: string; start: boolean } {
  let best = "";
  let bestAt = -1;
  let run = "";
  let at = 0;
  let i = src[0] === "^" ? 1 : 0;
  const first = i;
  const end = (): void => {
    if (run.length > best.length) {
      best = run;
      bestAt = at;
    }
    run = "";
  };
  while (i < src.length) {
    const c = src[i] ?? "";
    let lit: string | null = null;
    let next = i + 1;
    if (c === "|") return { lit: "", start: false };
    if (c === "\\") {
      const e = src[i + 1] ?? "";
      next = i + 2;
      if (e === "x") {
        lit = String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
        next = i + 4;
      } else if (/[^\w]/.test(e)) lit = e;
    } else if (c === "(" || c === "[") next = skip(src, i);
    else if (!".$^*+?{}".includes(c)) lit = c;
    const q = src[next] ?? "";
    if (lit !== null && !"*?{".includes(q)) {
      if (run === "") at = i;
      run += lit;
      if (q === "+") end();
    } else end();
    if ("*+?".includes(q)) next++;
    else if (q === "{") next = src.indexOf("}", next) + 1 || src.length;
    i = next;
  }
  end();
  return { lit: best, start: bestAt === first };
}

function residues(all: Residue[]): { anchored: LenMap<readonly Residue[]>; floating: Residue[] } {
  const map = new Map<string, Residue[]>();
  const floating: Residue[] = [];
  for (const r of all) {
    if (!r.start || r.lit === "") {
      floating.push(r);
      continue;
    }
    const cut = r.lit.indexOf("/", r.lit.indexOf("/") + 1) + 1 || r.lit.length;
    const key = r.lit.slice(0, cut);
    map.set(key, [...(map.get(key) ?? []), r]);
  }
  return { anchored: { map, lens: [...new Set([...map.keys()].map((k) => k.length))].sort((a, b) => a - b) }, floating };
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
    ...residues(index.regex.map((r) => ({ re: regex(r.source), ...hint(r.source), ids: r.ids }))),
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
  for (const len of ix.anchored.lens) {
    if (len > n) break;
    for (const r of ix.anchored.map.get(view.slice(0, len)) ?? []) if (view.startsWith(r.lit) && r.re.test(view)) addAll(out, r.ids);
  }
  for (const r of ix.floating) if (view.includes(r.lit) && r.re.test(view)) addAll(out, r.ids);
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
