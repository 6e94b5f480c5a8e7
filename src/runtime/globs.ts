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
  /** `has[n]` is 1 when some key has length n. */
  readonly has: Uint8Array;
  /** Filters on the first and last character of keys (code & 127; false positives only). */
  readonly heads: Uint8Array;
  readonly tails: Uint8Array;
  /** The same filter on the third character (`~/x…`, `/et…`), index 128 set when some key is shorter. */
  readonly thirds: Uint8Array;
}

/** A regex and a literal every match starts with, or (`inner`) contains; "" when unknown. */
interface Residue {
  readonly re: RegExp;
  readonly lit: string;
  readonly inner: boolean;
  readonly ids: Ids;
}

/** How the compiler spells the implicit `**​/` of an unanchored glob. */
const ANY_DIRS = "^(?:[\\s\\S]*/)?";

function residue(source: string, ids: Ids): Residue {
  const inner = source.startsWith(ANY_DIRS);
  return { re: regex(source), lit: lead(inner ? "^" + source.slice(ANY_DIRS.length) : source), inner, ids };
}

export interface CompiledIndex {
  readonly exact: LenMap;
  readonly prefix: LenMap;
  readonly basename: LenMap;
  readonly suffix: LenMap;
  readonly bprefix: LenMap;
  readonly segment: LenMap;
  /** Residues whose literal starts every match and has two `/`, keyed by the literal up to the second. */
  readonly anchored: Map<string, readonly Residue[]>;
  /** `LenMap.thirds` for the anchored keys. */
  readonly athirds: Uint8Array;
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
  const lens: number[] = [];
  const heads = new Uint8Array(128);
  const tails = new Uint8Array(128);
  const thirds = new Uint8Array(129);
  for (const key of Object.keys(record)) {
    const ids = record[key];
    if (ids === undefined) continue;
    map.set(key, ids);
    if (!lens.includes(key.length)) lens.push(key.length);
    heads[key.charCodeAt(0) & 127] = 1;
    tails[key.charCodeAt(key.length - 1) & 127] = 1;
    thirds[key.length < 3 ? 128 : key.charCodeAt(2) & 127] = 1;
  }
  lens.sort((a, b) => a - b);
  const has = new Uint8Array((lens.at(-1) ?? 0) + 1);
  for (const n of lens) has[n] = 1;
  return { map, lens, has, heads, tails, thirds };
}

function regex(source: string): RegExp {
  // Anchored here so a source means the same whether or not its author anchored it (Python `re.fullmatch`).
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch {
    return new RegExp(`^(?:${source})$`);
  }
}

/**
 * The literal every match of a regex source starts with: the text after `^` up to the first construct that is
 * not a plain character ("" for an unanchored source or one with `|` anywhere, to stay simple and sound). It
 * lets a lookup skip most residue regexes with a `startsWith`.
 */
export function lead(src: string): string {
  if (src[0] !== "^" || src.includes("|")) return "";
  let lit = "";
  for (let i = 1; i < src.length; i++) {
    let c = src[i] ?? "";
    if (c === "\\") {
      const e = src[i + 1] ?? "";
      if (e === "x") {
        c = String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
        i += 3;
      } else if (/[^\w]/.test(e)) {
        c = e;
        i++;
      } else break;
    } else if ("([.$^*+?{})]".includes(c)) break;
    const q = src[i + 1] ?? "";
    if ("*?{".includes(q)) break;
    lit += c;
    if (q === "+") break;
  }
  return lit;
}

/** The text of `s` up to and including its second `/`, or "" when it has fewer. */
function twoSlashes(s: string): string {
  return s.slice(0, s.indexOf("/", s.indexOf("/") + 1) + 1);
}

function residues(all: Residue[]): { anchored: Map<string, Residue[]>; athirds: Uint8Array; floating: Residue[] } {
  const anchored = new Map<string, Residue[]>();
  const athirds = new Uint8Array(129);
  const floating: Residue[] = [];
  for (const r of all) {
    const key = r.inner ? "" : twoSlashes(r.lit);
    if (key === "") floating.push(r);
    else {
      anchored.set(key, [...(anchored.get(key) ?? []), r]);
      athirds[key.length < 3 ? 128 : key.charCodeAt(2) & 127] = 1;
    }
  }
  return { anchored, athirds, floating };
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
    ...residues(index.regex.map((r) => residue(r.source, r.ids))),
  };
}

function addAll(out: number[], ids: Ids | undefined): void {
  if (ids !== undefined) for (let i = 0; i < ids.length; i++) out.push(ids[i] ?? -1);
}

const hasLen = (m: LenMap, n: number): boolean => m.has[n] === 1;

/** Appends to `out` the ids of every entry of `ix` that matches `view`. */
export function lookup(ix: CompiledIndex, view: string, out: number[]): void {
  const n = view.length;
  if (hasLen(ix.exact, n)) addAll(out, ix.exact.map.get(view));
  const third = view.charCodeAt(2) & 127;
  if (ix.prefix.thirds[128] === 1 || ix.prefix.thirds[third] === 1) {
    if (hasLen(ix.prefix, n)) addAll(out, ix.prefix.map.get(view));
    for (let i = view.indexOf("/", 1); i > 0; i = view.indexOf("/", i + 1)) if (hasLen(ix.prefix, i)) addAll(out, ix.prefix.map.get(view.slice(0, i)));
  }
  const slash = view.lastIndexOf("/");
  const base = slash < 0 ? view : view.slice(slash + 1);
  const bl = base.length;
  if (hasLen(ix.basename, bl)) addAll(out, ix.basename.map.get(base));
  if (ix.suffix.tails[base.charCodeAt(bl - 1) & 127] === 1) {
    for (const len of ix.suffix.lens) {
      if (len > bl) break;
      addAll(out, ix.suffix.map.get(base.slice(bl - len)));
    }
  }
  if (ix.bprefix.heads[base.charCodeAt(0) & 127] === 1) {
    for (const len of ix.bprefix.lens) {
      if (len > bl) break;
      addAll(out, ix.bprefix.map.get(base.slice(0, len)));
    }
  }
  if (ix.segment.lens.length > 0) {
    for (let start = 0, end = 0; start <= n; start = end + 1) {
      end = view.indexOf("/", start);
      if (end < 0) end = n;
      if (end > start && hasLen(ix.segment, end - start)) addAll(out, ix.segment.map.get(view.slice(start, end)));
    }
  }
  if (ix.athirds[128] === 1 || ix.athirds[third] === 1) {
    const key = twoSlashes(view);
    for (const r of (key !== "" && ix.anchored.get(key)) || []) if (view.startsWith(r.lit) && r.re.test(view)) addAll(out, r.ids);
  }
  for (const r of ix.floating) if ((r.inner ? view.includes(r.lit) : view.startsWith(r.lit)) && r.re.test(view)) addAll(out, r.ids);
}

// Scratch for `matchViews` (not reentrant; the runtime is synchronous).
const INC: number[] = [];
const EXC: number[] = [];

/**
 * The lowest index of a pattern of `cs` that matches one of `views` (per view: its include matches and none
 * of its own excepts matches that view), or -1.
 */
export function matchViews(cs: CompiledSet, views: readonly string[]): number {
  let best = -1;
  for (const view of views) {
    // Most views match nothing: the scratch arrays are truncated only when a view left something in them
    // (here, not after use, so a fault midway cannot leak ids into the next call).
    if (INC.length > 0) INC.length = 0;
    if (EXC.length > 0) EXC.length = 0;
    lookup(cs.include, view, INC);
    if (INC.length === 0) continue;
    let loaded = false;
    for (const id of INC) {
      const excepts = cs.set.patterns[id]?.excepts;
      if (excepts === undefined || (best >= 0 && id >= best)) continue;
      if (excepts.length > 0) {
        if (!loaded) lookup(cs.except, view, EXC);
        loaded = true;
        if (excepts.some((x) => EXC.includes(x))) continue;
      }
      best = id;
    }
  }
  return best;
}
