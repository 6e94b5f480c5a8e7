/**
 * Regions of the abstract input space: a box over every feature the policy can observe. Numeric features are
 * intervals, enumerated features are sets of the values the policy names plus `other`, and every boolean
 * (label, flag, telemetry known, "some file is denied by D", "some/every file matches g") is true, false or
 * undecided. Regions split lazily, on the atom an undecided condition tests.
 */
import type { NumericFeature } from "../runtime/types.js";

/** Stands for every value of an enumerated feature that the policy does not name (never a real name: NUL). */
export const OTHER = "\u0000other";

/** An interval of the reals; integer features keep integer, closed bounds. */
export interface Interval {
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
}

export const integerFeatures: ReadonlySet<NumericFeature> = new Set(["context", "files", "tool_failures", "runtime_errors"]);
export const vramFeatures: readonly NumericFeature[] = ["total_mib", "free_mib", "free_pct", "largest_free_mib", "fragmentation_pct"];

export interface Region {
  readonly num: Readonly<Record<NumericFeature, Interval>>;
  readonly kind: readonly string[];
  readonly hint: readonly string[];
  /**
   * Decided booleans by key: `label:<x>`, `flag:schema_mismatch`, `flag:low_vram_mode`, `known`, `deny:<set>`,
   * `any:<glob>`, `all:<glob>`. A key that is absent (or null) is undecided: regions are created by the hundred
   * thousand and most of a policy's booleans are undecided in most of them, so only decided ones are stored.
   */
  readonly bools: Readonly<Record<string, boolean | null>>;
}

/** A split: numeric `x < value` (or `<=` when `inclusive`), membership of an enumerated feature, or a boolean. */
export type Atom =
  | { readonly dim: "num"; readonly feature: NumericFeature; readonly value: number; readonly inclusive: boolean }
  | { readonly dim: "enum"; readonly feature: "kind" | "hint"; readonly values: readonly string[] }
  | { readonly dim: "bool"; readonly key: string };

/** Three-valued truth: a boolean, or the atom to split on to decide it. */
export type Tri = boolean | Atom;

const full = (lo: number, hi: number, hiOpen = false): Interval => ({ lo, loOpen: false, hi, hiOpen });

const boolRank: Readonly<Record<string, number>> = { known: 0, flag: 1, label: 2, deny: 3, any: 4, all: 4 };

/**
 * The decided booleans of a region in one order whatever order they were decided in (telemetry, flags, labels,
 * deny sets, then globs, each glob's `any` before its `all`, by name within each), so that what is built from
 * them (witnesses, descriptions) does not depend on the path that decided them.
 */
export function decidedBools(region: Region): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (const [key, value] of Object.entries(region.bools)) if (value !== null) out.push([key, value]);
  const split = (key: string): [number, string, number] => {
    const colon = key.indexOf(":");
    const prefix = colon < 0 ? key : key.slice(0, colon);
    return [boolRank[prefix] ?? 5, colon < 0 ? "" : key.slice(colon + 1), prefix === "all" ? 1 : 0];
  };
  return out.sort(([a], [b]) => {
    const [ra, na, qa] = split(a);
    const [rb, nb, qb] = split(b);
    return ra - rb || (na < nb ? -1 : na > nb ? 1 : qa - qb);
  });
}

/** The region of every valid input of a policy that names these values (every boolean undecided). */
export function rootRegion(kinds: readonly string[], hints: readonly string[]): Region {
  return {
    num: {
      context: full(0, Infinity),
      files: full(0, Infinity),
      tool_failures: full(0, Infinity),
      runtime_errors: full(0, Infinity),
      total_mib: { lo: 0, loOpen: true, hi: Infinity, hiOpen: false },
      free_mib: full(0, Infinity),
      free_pct: full(0, 100),
      largest_free_mib: full(0, Infinity),
      fragmentation_pct: full(0, 100, true),
    },
    kind: [...kinds, OTHER],
    hint: [...hints, OTHER],
    bools: {},
  };
}

/** True when `x < value` (or `<=`) holds for every x in the interval; false when for none; null when undecided. */
export function below(interval: Interval, value: number, inclusive: boolean): boolean | null {
  const allBelow = inclusive ? interval.hi <= value : interval.hi < value || (interval.hi === value && interval.hiOpen);
  if (allBelow) return true;
  const noneBelow = inclusive ? interval.lo > value || (interval.lo === value && interval.loOpen) : interval.lo >= value;
  return noneBelow ? false : null;
}

function normalizeInteger(interval: Interval): Interval {
  const lo = interval.loOpen ? Math.floor(interval.lo) + 1 : Math.ceil(interval.lo);
  const hi = interval.hi === Infinity ? Infinity : interval.hiOpen ? Math.ceil(interval.hi) - 1 : Math.floor(interval.hi);
  return { lo, loOpen: false, hi, hiOpen: false };
}

function isEmpty(interval: Interval): boolean {
  return interval.lo > interval.hi || (interval.lo === interval.hi && (interval.loOpen || interval.hiOpen));
}

function splitInterval(interval: Interval, value: number, inclusive: boolean, integer: boolean): readonly [Interval | null, Interval | null] {
  const lowOpen = interval.hi < value ? interval.hiOpen : interval.hi === value ? interval.hiOpen || !inclusive : !inclusive;
  const highOpen = interval.lo > value ? interval.loOpen : interval.lo === value ? interval.loOpen || inclusive : inclusive;
  const low: Interval = { lo: interval.lo, loOpen: interval.loOpen, hi: Math.min(interval.hi, value), hiOpen: lowOpen };
  const high: Interval = { lo: Math.max(interval.lo, value), loOpen: highOpen, hi: interval.hi, hiOpen: interval.hiOpen };
  const fix = (i: Interval): Interval | null => {
    const n = integer ? normalizeInteger(i) : i;
    return isEmpty(n) ? null : n;
  };
  return [fix(low), fix(high)];
}

/** Sets a boolean, with the implications between "every file matches g" and "some file matches g" (files ≥ 1). */
function setBool(region: Region, key: string, value: boolean): Region {
  const bools: Record<string, boolean | null> = { ...region.bools, [key]: value };
  if (key.startsWith("all:") && value) bools[`any:${key.slice(4)}`] = true;
  if (key.startsWith("any:") && !value) bools[`all:${key.slice(4)}`] = false;
  return { ...region, bools };
}

/**
 * The values of a list inside and outside an atom's value list, computed once per pair of lists: the diagram
 * splits the same (widened) kind list on the same condition in many nodes, and one array per result lets the
 * caches keyed by value lists (bitsets, widenings, rule lists) be shared, and the memory (long value lists were a
 * third of the diagram's).
 */
const partitions = new WeakMap<readonly string[], WeakMap<readonly string[], readonly [readonly string[], readonly string[]]>>();

function partition(current: readonly string[], values: readonly string[]): readonly [readonly string[], readonly string[]] {
  let byValues = partitions.get(current);
  if (!byValues) {
    byValues = new WeakMap();
    partitions.set(current, byValues);
  }
  let parts = byValues.get(values);
  if (!parts) {
    parts = [current.filter((v) => values.includes(v)), current.filter((v) => !values.includes(v))];
    byValues.set(values, parts);
  }
  return parts;
}

/** Splits a region on an atom: the part where it holds, then the part where it does not (null when empty). */
export function split(region: Region, atom: Atom): readonly [Region | null, Region | null] {
  switch (atom.dim) {
    case "num": {
      const [low, high] = splitInterval(region.num[atom.feature], atom.value, atom.inclusive, integerFeatures.has(atom.feature));
      const at = (i: Interval | null): Region | null => (i === null ? null : { ...region, num: { ...region.num, [atom.feature]: i } });
      return [at(low), at(high)];
    }
    case "enum": {
      const [inside, outside] = partition(region[atom.feature], atom.values);
      const at = (values: readonly string[]): Region | null => (values.length === 0 ? null : { ...region, [atom.feature]: values });
      return [at(inside), at(outside)];
    }
    case "bool": {
      const bad = (key: string, value: boolean): boolean => {
        if (key.startsWith("all:") && value) return region.bools[`any:${key.slice(4)}`] === false;
        if (key.startsWith("any:") && !value) return region.bools[`all:${key.slice(4)}`] === true;
        return false;
      };
      return [bad(atom.key, true) ? null : setBool(region, atom.key, true), bad(atom.key, false) ? null : setBool(region, atom.key, false)];
    }
  }
}

/** The interval of points in both, normalized for integer features; null when empty. */
export function intersectInterval(a: Interval, b: Interval, integer: boolean): Interval | null {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  const loOpen = (a.lo === lo && a.loOpen) || (b.lo === lo && b.loOpen);
  const hiOpen = (a.hi === hi && a.hiOpen) || (b.hi === hi && b.hiOpen);
  const out = integer ? normalizeInteger({ lo, loOpen, hi, hiOpen }) : { lo, loOpen, hi, hiOpen };
  return isEmpty(out) ? null : out;
}

/** Membership in a list of enumerated values. */
export interface ValueSet {
  has(value: string): boolean;
}

/**
 * Every enumerated value ever tested gets a small number, so that a value list's membership is a bitset: a
 * policy with hundreds of kinds has tens of thousands of distinct kind lists, and a hash set per list took
 * more memory than the rest of the diagram. The numbering only grows with the distinct names of the policies
 * verified in one process.
 */
const valueIds = new Map<string, number>();

function valueId(value: string): number {
  let id = valueIds.get(value);
  if (id === undefined) {
    id = valueIds.size;
    valueIds.set(value, id);
  }
  return id;
}

class BitSet implements ValueSet {
  constructor(private readonly words: Uint32Array) {}

  has(value: string): boolean {
    const id = valueIds.get(value);
    if (id === undefined) return false;
    const word = this.words[id >>> 5];
    return word !== undefined && (word & (1 << (id & 31))) !== 0;
  }
}

const valueSets = new WeakMap<readonly string[], ValueSet>();

/** The values as a set, cached per array: widened regions carry long value lists that many conditions test. */
export function valueSet(values: readonly string[]): ValueSet {
  let set = valueSets.get(values);
  if (!set) {
    const ids = values.map(valueId);
    const words = new Uint32Array((Math.max(-1, ...ids) >>> 5) + 1);
    for (const id of ids) words[id >>> 5] = (words[id >>> 5] as number) | (1 << (id & 31));
    set = new BitSet(words);
    valueSets.set(values, set);
  }
  return set;
}

function common(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a === b) return a;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const other = valueSet(large);
  const out = small.filter((v) => other.has(v));
  return out.length === small.length ? small : out;
}

/** The region of inputs in both regions, or null when they are disjoint. */
export function intersect(a: Region, b: Region): Region | null {
  // Paths intersect far more often than they narrow anything: parts of `a` that `b` leaves alone are reused, not
  // copied (regions are immutable), which keeps the walks over the diagram from allocating per step.
  const num: Partial<Record<NumericFeature, Interval>> = {};
  let numSame = true;
  for (const feature of Object.keys(a.num) as NumericFeature[]) {
    const mine = a.num[feature];
    const theirs = b.num[feature];
    const inside = theirs.lo < mine.lo || (theirs.lo === mine.lo && (!theirs.loOpen || mine.loOpen));
    const under = theirs.hi > mine.hi || (theirs.hi === mine.hi && (!theirs.hiOpen || mine.hiOpen));
    const both = inside && under ? mine : intersectInterval(mine, theirs, integerFeatures.has(feature));
    if (both === null) return null;
    if (both !== mine) numSame = false;
    num[feature] = both;
  }
  const kind = common(a.kind, b.kind);
  const hint = common(a.hint, b.hint);
  if (kind.length === 0 || hint.length === 0) return null;
  let bools: Record<string, boolean | null> | null = null;
  for (const [key, value] of Object.entries(b.bools)) {
    if (value === null) continue;
    const mine = (bools ?? a.bools)[key];
    if (mine === value) continue;
    if (mine !== null && mine !== undefined) return null;
    bools ??= { ...a.bools };
    bools[key] = value;
  }
  if (numSame && bools === null && kind === a.kind && hint === a.hint) return a;
  return { num: numSame ? a.num : (num as Record<NumericFeature, Interval>), kind, hint, bools: bools ?? a.bools };
}
