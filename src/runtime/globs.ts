/**
 * Glob-set membership over the compiled `GlobIndex` lookups (see its doc comment in types.ts). Each index becomes,
 * once per table, three character tries: `anchored` (exact and prefix keys, and residue regexes under the literal
 * every match starts with) walked from the start of a view, `floating` (segment, basename and basename-prefix keys,
 * and residues that may start at any segment) walked from each segment start, and `suffix` (reversed suffix keys)
 * walked back from the end to the basename. A walk stops at the first character no key continues with, usually
 * at its first step, on a bit test, so a view that matches nothing costs a few bit tests per segment, no slicing.
 */
import type { GlobIndex, GlobSet } from "./types.js";

type Ids = readonly number[];

/**
 * What reaching a key at `j` means: the view must end there (exact, basename: a basename key has no `/`, so a walk
 * reaching the end started at the basename), or a segment must; or a regex decides; or no `/` may follow (basename
 * prefix); or nothing more (suffix, whose walk never leaves the basename).
 */
const END = 0;
const DIR = 1;
const RE = 2;
const BPRE = 3;
const ANY = 4;

interface Hit {
  readonly k: number;
  readonly ids: Ids;
  readonly re: RegExp | null;
}

interface Node {
  /** Children by char code (a Map: `__proto__` is no problem and codes need no strings). */
  readonly m: Map<number, Node>;
  readonly h: Hit[];
  /** Bit `c & 31` set for every child `c` (all for a root with hits): most walks end on this test, without a lookup. */
  f: number;
}

export interface CompiledIndex {
  readonly anchored: Node;
  readonly floating: Node;
  readonly suffix: Node;
}

export interface CompiledSet {
  readonly name: string;
  readonly set: GlobSet;
  readonly include: CompiledIndex;
  readonly except: CompiledIndex;
}

/** How the compiler spells the implicit `**​/` of an unanchored glob. */
const ANY_DIRS = "^(?:[\\s\\S]*/)?";

const node = (): Node => ({ m: new Map(), h: [], f: 0 });

function insert(root: Node, key: string, hit: Hit, reverse: boolean): void {
  let n = root;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(reverse ? key.length - 1 - i : i);
    let next = n.m.get(c);
    if (next === undefined) n.m.set(c, (next = node()));
    n.f |= 1 << (c & 31);
    n = next;
  }
  n.h.push(hit);
  // A root with a key of its own has every walk pass a key: let its bits say any start may (see `plain`).
  if (n === root) n.f = -1;
}

function regex(source: string): RegExp {
  // Anchored here so a source means the same whether or not its author anchored it (Python `re.fullmatch`).
  const anchored = `^(?:${source})$`;
  try {
    return new RegExp(anchored, "u");
  } catch {
    return new RegExp(anchored);
  }
}

/**
 * The literal every match of a regex source starts with: the text after `^` up to the first construct that is
 * not a plain character ("" for an unanchored source or one with `|` anywhere, to stay simple and sound). A
 * residue sits in its trie under this literal, so only views that start with it (or, after `**​/`, have a
 * segment that does) test the regex.
 */
export function lead(src: string): string {
  if (src[0] !== "^" || src.includes("|")) return "";
  let lit = "";
  for (let i = 1; i < src.length; i++) {
    let c = src[i] ?? "";
    if (c === "\\") {
      // An escaped punctuation character is itself; `\xHH` and classes like `\d` end the literal.
      c = src[++i] ?? "";
      if (!/[^\w]/.test(c)) break;
    } else if ("([.$^*+?{})]".includes(c)) break;
    const q = src[i + 1] ?? "";
    if ("*?{".includes(q)) break;
    lit += c;
    if (q === "+") break;
  }
  return lit;
}

/** Compiles one `GlobIndex`; throws a SyntaxError on a regex JavaScript cannot parse (a malformed table). */
export function compileIndex(index: GlobIndex): CompiledIndex {
  const ix: CompiledIndex = { anchored: node(), floating: node(), suffix: node() };
  const put = (root: Node, keys: Readonly<Record<string, Ids>>, k: number): void => {
    for (const key of Object.keys(keys)) insert(root, key, { k, ids: keys[key] ?? [], re: null }, root === ix.suffix);
  };
  put(ix.anchored, index.exact, END);
  put(ix.anchored, index.prefix, DIR);
  put(ix.floating, index.segment, DIR);
  put(ix.floating, index.basename, END);
  put(ix.floating, index.basename_prefix, BPRE);
  put(ix.suffix, index.suffix, ANY);
  for (const r of index.regex) {
    // After `**​/` the rest starts at some segment: a floating key.
    const inner = r.source.startsWith(ANY_DIRS);
    insert(inner ? ix.floating : ix.anchored, lead(inner ? "^" + r.source.slice(ANY_DIRS.length) : r.source), { k: RE, ids: r.ids, re: regex(r.source) }, false);
  }
  return ix;
}

/**
 * Walks trie `n` along `v` from segment start `s` to the end (or, `back`, from `s` back to the basename). With
 * `out`, appends the ids of every key passed that matches and returns nothing useful; without, returns at the
 * first key passed, or when keys continue past where the walk stops: whether the view might match.
 */
function walk(n: Node, v: string, s: number, out: number[] | null, back: boolean): boolean {
  for (let j = s; ; j += back ? -1 : 1) {
    if (n.h.length > 0) {
      if (out === null) return true;
      for (const h of n.h) {
        const hit = h.k === END ? j === v.length : h.k === DIR ? j > s && (j === v.length || v.charCodeAt(j) === 47) : h.k === RE ? h.re?.test(v) : h.k === ANY || v.indexOf("/", j) < 0;
        if (hit === true) for (const id of h.ids) out.push(id);
      }
    }
    // NaN past either end of `v`.
    const c = v.charCodeAt(back ? j - 1 : j);
    if (c !== c || (back && c === 47)) return n.m.size > 0;
    const next = (n.f >>> (c & 31)) & 1 ? n.m.get(c) : undefined;
    if (next === undefined) return false;
    n = next;
  }
}

/**
 * What of a view `lookup` reads, as bits: keys anchored at its start, suffix keys, and keys starting at its
 * segments. HEAD, for the directory a view starts with: the keys that start in it (and whether any might continue
 * past it); TAIL, for what follows such a head that matched and continued nothing.
 */
export const SUFFIX = 2;
export const HEAD = 5;
export const TAIL = 6;

/**
 * Appends to `out` the ids of every entry of `ix` that matches `view`; with `out` null, only tells whether some
 * entry might (see `walk`). `part` (see HEAD) says which keys.
 */
export function lookup(ix: CompiledIndex, view: string, out: number[] | null, part = 7): boolean {
  let any = (part & 1) > 0 && walk(ix.anchored, view, 0, out, false);
  if (part & SUFFIX) any = walk(ix.suffix, view, view.length, out, true) || any;
  const fl = ix.floating;
  for (let s = 0; part & 4 && s >= 0 && !(any && out === null); s = view.indexOf("/", s) + 1 || -1) {
    // The first step's bit test, before the call: most segments start no key.
    if ((fl.f >>> (view.charCodeAt(s) & 31)) & 1) any = walk(fl, view, s, out, false) || any;
  }
  return any;
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
