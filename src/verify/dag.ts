/**
 * The explored input space as a decision diagram instead of a tree. Classification is explored as a tree over
 * the whole region; from there on (escalate, resolve, asserts) the region reaching each rule boundary is
 * *widened* to the dimensions the rest of the procedure still tests (numbers to the cells between the constants
 * it compares with, kinds and hints to the classes of values it cannot tell apart, untested booleans to
 * undecided) and the sub-diagram is explored once per widened region and machine state and shared. A concrete
 * leaf is a path: the intersection of the regions along it, so outcomes stay exact (every part of a widened
 * region decides the same) and the leaves of the old tree are exactly the non-empty paths of the diagram.
 */
import type { AssertCond, CheckedPolicy } from "../check/checked.js";
import type { NumericFeature, TargetRule } from "../runtime/types.js";
import type { Leaf, MachineState } from "./abstract.js";
import type { Guard } from "./abstract.js";
import { condTri, guardIndex, guardsOf, kindsMeet, runMachine } from "./abstract.js";
import type { Interval, Region } from "./region.js";
import { integerFeatures, intersect, intersectInterval, split, valueSet } from "./region.js";

/** A finished part of a node's region and what it decides (the state's `classRule` is that of the first path). */
export interface DagLeaf {
  readonly region: Region;
  readonly state: MachineState;
}

/** A part of a node's region that continues in a shared node. */
export interface DagRef {
  readonly region: Region;
  readonly state: MachineState;
  readonly node: DagNode;
}

export interface DagNode {
  readonly id: number;
  /** Leaves and references in exploration (depth-first) order. */
  readonly items: readonly (DagLeaf | DagRef)[];
}

export interface Dag {
  readonly root: DagNode;
  readonly region: Region;
  readonly nodes: readonly DagNode[];
  /** Distinct leaves explored (the cells of the diagram). */
  readonly cells: number;
  readonly complete: boolean;
}

export const isRef = (item: DagLeaf | DagRef): item is DagRef => "node" in item;

/**
 * Where a comparison cuts a number line: `below` separates `x < value` from `x >= value`, `above` separates
 * `x <= value` from `x > value` (`==` and `!=` cut on both sides). Keeping the side lets `files >= 1` leave 1 and
 * 2 in one cell, where a bare cut point would make 1 a cell of its own.
 */
interface Cut {
  readonly value: number;
  readonly side: "below" | "above";
}

/** What the rest of the procedure tests: cuts per number, booleans, and the value sets of `in` conditions. */
interface Use {
  /** Numbers the tested value sets (shared by the copies of one policy's uses). */
  readonly ids: { next: number };
  /** Per feature, the cuts by `value:side`. */
  readonly cuts: Map<NumericFeature, Map<string, Cut>>;
  readonly bools: Set<string>;
  /** Per enumerated value, the ids of the tested value sets that contain it. */
  readonly kinds: Map<string, string>;
  readonly hints: Map<string, string>;
}

const emptyUse = (ids: { next: number } = { next: 0 }): Use => ({ ids, cuts: new Map(), bools: new Set(), kinds: new Map(), hints: new Map() });

function cloneUse(use: Use): Use {
  return { ids: use.ids, cuts: new Map([...use.cuts].map(([f, c]) => [f, new Map(c)])), bools: new Set(use.bools), kinds: new Map(use.kinds), hints: new Map(use.hints) };
}

/** Adds the cuts and booleans of `from` to `into` (value sets are left alone: they only widen kinds and hints). */
function mergeUse(into: Use, from: Use): void {
  for (const [feature, cuts] of from.cuts) for (const cut of cuts.values()) addCut(into, feature, cut.value, cut.side);
  for (const key of from.bools) into.bools.add(key);
}

function addCut(use: Use, feature: NumericFeature, value: number, side: Cut["side"]): void {
  const cuts = use.cuts.get(feature) ?? new Map<string, Cut>();
  cuts.set(`${value}:${side}`, { value, side });
  use.cuts.set(feature, cuts);
}

const cmpSides: Readonly<Record<string, readonly Cut["side"][]>> = { "<": ["below"], ">=": ["below"], "<=": ["above"], ">": ["above"], "==": ["below", "above"], "!=": ["below", "above"] };

function condUse(policy: CheckedPolicy, cond: AssertCond, use: Use, seen: Set<AssertCond>): void {
  switch (cond.op) {
    case "and":
    case "or":
      cond.args.forEach((arg: AssertCond) => condUse(policy, arg, use, seen));
      return;
    case "not":
      condUse(policy, cond.arg, use, seen);
      return;
    case "implies":
      condUse(policy, cond.left, use, seen);
      condUse(policy, cond.right, use, seen);
      return;
    case "cmp":
      for (const side of cmpSides[cond.cmp] ?? []) addCut(use, cond.feature, cond.value, side);
      if (!integerFeatures.has(cond.feature)) use.bools.add("known");
      return;
    case "in": {
      if (cond.feature === "class") return;
      use.ids.next += 1;
      const id = `${use.ids.next},`;
      const map = cond.feature === "kind" ? use.kinds : use.hints;
      for (const v of cond.values) map.set(v, (map.get(v) ?? "") + id);
      return;
    }
    case "label":
      cond.values.forEach((l) => use.bools.add(`label:${l}`));
      return;
    case "files": {
      const glob = cond.set.startsWith("glob:") ? cond.set.slice("glob:".length) : cond.set;
      addCut(use, "files", 1, "below");
      use.bools.add(`any:${glob}`).add(`all:${glob}`);
      return;
    }
    case "denied":
      addCut(use, "files", 1, "below");
      (cond.set === null ? policy.denySets.map((s) => s.name) : [cond.set]).forEach((s) => use.bools.add(`deny:${s}`));
      return;
    case "vram":
      if (!seen.has(cond)) {
        seen.add(cond);
        levelUse(policy, use, seen);
      }
      return;
    case "flag":
      use.bools.add(`flag:${cond.feature}`);
      if (cond.feature === "low_vram_mode") use.bools.add("known");
      return;
    default:
      return;
  }
}

/** The level is always part of what the rest may read: telemetry, its known-ness and the low-VRAM-mode flag. */
function levelUse(policy: CheckedPolicy, use: Use, seen: Set<AssertCond>): void {
  use.bools.add("known").add("flag:low_vram_mode");
  for (const level of policy.vram.levels) condUse(policy, level.value.when, use, seen);
}

function targetUse(policy: CheckedPolicy, target: TargetRule, use: Use): void {
  if (target.kind === "remote") return;
  for (const name of target.kind === "local" ? target.candidates : target.draft) {
    const model = policy.models[name];
    if (!model) continue;
    addCut(use, "context", model.context, "above");
    addCut(use, "largest_free_mib", model.vram_mib, "below");
  }
  if (target.fallback) targetUse(policy, target.fallback, use);
}

interface TailUses {
  /** Per trigger index, what it and everything after it test. */
  readonly escalate: Use[];
  /** Per trigger index, what the triggers from there on that no `kind` guard limits, resolution and the asserts test. */
  readonly unguarded: Use[];
  /** Per trigger, what its own condition tests. */
  readonly triggers: Use[];
  readonly resolve: Use;
  readonly asserts: Use[];
}

/** What resolution (every route and trigger target, the guard) and the asserts from `from` on test. */
function tailUses(policy: CheckedPolicy, guards: readonly Guard[]): TailUses {
  const asserts: Use[] = [];
  let acc = emptyUse();
  levelUse(policy, acc, new Set());
  addCut(acc, "files", 1, "below");
  asserts[policy.asserts.length] = acc;
  for (let i = policy.asserts.length - 1; i >= 0; i -= 1) {
    acc = cloneUse(acc);
    condUse(policy, (policy.asserts[i] as (typeof policy.asserts)[number]).value.cond, acc, new Set());
    asserts[i] = acc;
  }
  const resolve = cloneUse(asserts[0] as Use);
  for (const route of Object.values(policy.routes)) targetUse(policy, route.value.target, resolve);
  for (const trigger of policy.escalate) targetUse(policy, trigger.value.target, resolve);
  for (const c of policy.classes) if (c.max_context !== null) addCut(resolve, "context", c.max_context, "above");
  resolve.bools.add("known");
  policy.denySets.forEach((s) => resolve.bools.add(`deny:${s.name}`));
  const triggers = policy.escalate.map((trigger) => {
    const use = emptyUse(resolve.ids);
    condUse(policy, trigger.value.when, use, new Set());
    return use;
  });
  const escalate: Use[] = [];
  const unguarded: Use[] = [];
  escalate[policy.escalate.length] = resolve;
  unguarded[policy.escalate.length] = resolve;
  acc = resolve;
  let free = resolve;
  for (let i = policy.escalate.length - 1; i >= 0; i -= 1) {
    acc = cloneUse(acc);
    condUse(policy, (policy.escalate[i] as (typeof policy.escalate)[number]).value.when, acc, new Set());
    escalate[i] = acc;
    if (guards[i]?.kinds === null) {
      free = cloneUse(free);
      mergeUse(free, triggers[i] as Use);
    }
    unguarded[i] = free;
  }
  return { escalate, unguarded, triggers, resolve, asserts };
}

/** The cell hull of an interval: its bounds moved out to the nearest cut (or the root bound). */
function widen(interval: Interval, cuts: readonly Cut[], root: Interval, integer: boolean): Interval | null {
  let lo = root.lo;
  let loOpen = root.loOpen;
  let hi = root.hi;
  let hiOpen = root.hiOpen;
  let above = false;
  for (const c of cuts) {
    // Cuts come in ascending order (below before above at one value): the last cut the interval lies above and
    // the first it lies below bound its cell.
    if (c.side === "below" ? interval.lo >= c.value : interval.lo > c.value || (interval.lo === c.value && interval.loOpen)) {
      lo = c.value;
      loOpen = c.side === "above";
    }
    if (!above && (c.side === "below" ? interval.hi < c.value || (interval.hi === c.value && interval.hiOpen) : interval.hi <= c.value)) {
      above = true;
      hi = c.value;
      hiOpen = c.side === "below";
    }
  }
  // Most hulls are the whole feature or the interval itself: reuse those objects instead of allocating.
  if (lo === root.lo && hi === root.hi && loOpen === root.loOpen && hiOpen === root.hiOpen) return root;
  if (lo === interval.lo && hi === interval.hi && loOpen === interval.loOpen && hiOpen === interval.hiOpen) return interval;
  return intersectInterval({ lo, loOpen, hi, hiOpen }, root, integer);
}

/** An identity number per object, for keys. */
function identities(): (o: object) => number {
  const ids = new WeakMap<object, number>();
  let next = 0;
  return (o) => {
    const hit = ids.get(o);
    if (hit !== undefined) return hit;
    next += 1;
    ids.set(o, next);
    return next;
  };
}

interface Widened {
  readonly region: Region;
  readonly key: string;
}

function widener(policy: CheckedPolicy, root: Region): (region: Region, state: MachineState) => Widened {
  const guards = guardsOf(policy.escalate);
  const uses = tailUses(policy, guards);
  const { byKind } = guardIndex(guards);
  // The triggers that test each boolean; a boolean resolution or the asserts test is always kept.
  const mentions = new Map<string, number[]>();
  policy.escalate.forEach((trigger, index) => {
    const use = emptyUse();
    condUse(policy, trigger.value.when, use, new Set());
    for (const key of use.bools) mentions.set(key, [...(mentions.get(key) ?? []), index]);
  });
  /** A boolean matters from trigger `from` on unless every later trigger naming it is decided without it. */
  const matters = (key: string, region: Region, state: MachineState, from: number): boolean => {
    if (uses.resolve.bools.has(key)) return true;
    const later = mentions.get(key) ?? [];
    if (later.length === 0 || (later[later.length - 1] as number) < from) return false;
    const kinds = valueSet(region.kind);
    const ctx = { level: state.level, cls: state.cls };
    // The boolean is set undecided in place for the evaluations and restored before returning: copying a
    // region's booleans for each question cost more than the rest of widening. Nothing else runs meanwhile, and
    // condTri keeps no reference to the region.
    const bools = region.bools as Record<string, boolean | null>;
    const saved = bools[key];
    bools[key] = null;
    try {
      for (const i of later) {
        // A trigger the region's kinds rule out is decided (false) whatever the boolean.
        if (i < from || !kindsMeet(guards[i] as Guard, kinds)) continue;
        if (typeof condTri(policy, (policy.escalate[i] as (typeof policy.escalate)[number]).value.when, region, ctx) !== "boolean") return true;
      }
      return false;
    } finally {
      if (saved === undefined) delete bools[key];
      else bools[key] = saved;
    }
  };
  const sorted = new Map<Use, Map<NumericFeature, readonly Cut[]>>();
  const sortedCuts = (use: Use): Map<NumericFeature, readonly Cut[]> => {
    let cuts = sorted.get(use);
    if (!cuts) {
      const order = (a: Cut, b: Cut): number => a.value - b.value || (a.side === b.side ? 0 : a.side === "below" ? -1 : 1);
      cuts = new Map([...use.cuts].map(([f, c]) => [f, [...c.values()].sort(order)]));
      sorted.set(use, cuts);
    }
    return cuts;
  };
  // From trigger `index` on, only the triggers a region's kinds may satisfy can still cut it: the others are
  // skipped by their guard. Cached per trigger and class of kinds.
  const relevant = new Map<string, Use>();
  const relevantUse = (index: number, kinds: readonly string[], kindKey: string): Use => {
    const key = `${index}|${kindKey}`;
    let use = relevant.get(key);
    if (!use) {
      const guarded = new Set<number>();
      for (const k of kinds) for (const t of byKind.get(k) ?? []) if (t >= index) guarded.add(t);
      use = uses.unguarded[index] as Use;
      if (guarded.size > 0) {
        use = cloneUse(use);
        for (const t of guarded) mergeUse(use, uses.triggers[t] as Use);
      }
      relevant.set(key, use);
    }
    return use;
  };
  const enumCache = new Map<string, readonly string[]>();
  // Per signature map (one per rule boundary), the values of each class in root order: most widenings are of one class.
  const classLists = new WeakMap<Map<string, string>, Map<string, string[]>>();
  const byClassOf = (all: readonly string[], sigs: Map<string, string>): Map<string, string[]> => {
    let lists = classLists.get(sigs);
    if (!lists) {
      lists = new Map();
      for (const v of all) {
        const sig = sigs.get(v) ?? "";
        const list = lists.get(sig);
        if (list) list.push(v);
        else lists.set(sig, [v]);
      }
      classLists.set(sigs, lists);
    }
    return lists;
  };
  const classKeys = new Map<string, string>();
  // Booleans are named by number in keys: label and glob names made keys hundreds of characters long.
  const boolIds = new Map<string, number>();
  const boolId = (key: string): number => {
    let id = boolIds.get(key);
    if (id === undefined) {
      id = boolIds.size;
      boolIds.set(key, id);
    }
    return id;
  };
  const useOf = (state: MachineState): { use: Use; name: string } =>
    state.phase === "escalate"
      ? { use: uses.escalate[state.index] as Use, name: `e${state.index}` }
      : state.phase === "resolve"
        ? { use: uses.resolve, name: "r" }
        : { use: uses.asserts[state.asserts.length] ?? (uses.asserts[0] as Use), name: `a${state.asserts.length}` };
  // Most regions share their value lists with the region they were split from: widen each list once per use.
  const enumSeen = new WeakMap<readonly string[], Map<string, { values: readonly string[]; key: string }>>();
  const enumWiden = (values: readonly string[], all: readonly string[], sigs: Map<string, string>, name: string): { values: readonly string[]; key: string } => {
    let byName = enumSeen.get(values);
    if (!byName) {
      byName = new Map();
      enumSeen.set(values, byName);
    }
    const seen = byName.get(name);
    if (seen) return seen;
    const widened = enumWidenOnce(values, all, sigs, name);
    byName.set(name, widened);
    return widened;
  };
  const enumWidenOnce = (values: readonly string[], all: readonly string[], sigs: Map<string, string>, name: string): { values: readonly string[]; key: string } => {
    const classes = values.length === 1 ? [sigs.get(values[0] as string) ?? ""] : [...new Set(values.map((v) => sigs.get(v) ?? ""))].sort();
    const joined = classes.join("|");
    const key = `${name}:${joined}`;
    let out = enumCache.get(key);
    if (!out) {
      const only = classes.length === 1 ? byClassOf(all, sigs).get(classes[0] as string) : undefined;
      if (only) out = only;
      else {
        const keep = new Set(classes);
        out = all.filter((v) => keep.has(sigs.get(v) ?? ""));
      }
      enumCache.set(key, out);
    }
    // Class lists of the values no later rule names run to hundreds of characters: keys carry a short number.
    let short = classKeys.get(joined);
    if (short === undefined) {
      short = String(classKeys.size);
      classKeys.set(joined, short);
    }
    return { values: out, key: short };
  };
  return (region, state) => {
    const { use: full, name } = useOf(state);
    const kind = enumWiden(region.kind, root.kind, full.kinds, `k${name}`);
    const hint = enumWiden(region.hint, root.hint, full.hints, `h${name}`);
    const use = state.phase === "escalate" ? relevantUse(state.index, kind.values, kind.key) : full;
    const num = { ...root.num };
    const numKey: string[] = [];
    for (const [feature, cuts] of sortedCuts(use)) {
      const whole = root.num[feature];
      const w = widen(region.num[feature], cuts, whole, integerFeatures.has(feature)) ?? region.num[feature];
      num[feature] = w;
      // Features left whole are most of them: the key names only the narrowed ones.
      if (w.lo !== whole.lo || w.hi !== whole.hi || w.loOpen !== whole.loOpen || w.hiOpen !== whole.hiOpen) numKey.push(`${feature}${w.loOpen ? "(" : "["}${w.lo},${w.hi}${w.hiOpen ? ")" : "]"}`);
    }
    const kept: string[] = [];
    let decided = 0;
    for (const [key, value] of Object.entries(region.bools)) {
      if (value === null) continue;
      decided += 1;
      if (!use.bools.has(key) || (state.phase === "escalate" && !matters(key, region, state, state.index))) continue;
      kept.push(key);
    }
    // Regions decide booleans in path order: the key lists them in one order, so that equal regions meet. When
    // every decided boolean is kept, the region's own object serves.
    kept.sort();
    const bools: Record<string, boolean | null> = kept.length === decided ? region.bools : {};
    const boolKey: string[] = [];
    for (const key of kept) {
      const value = region.bools[key] === true;
      if (bools !== region.bools) bools[key] = value;
      boolKey.push(`${boolId(key)}${value ? "+" : "-"}`);
    }
    return { region: { num, kind: kind.values, hint: hint.values, bools }, key: `${name}#${numKey.join(";")}#${kind.key}#${hint.key}#${boolKey.join(",")}` };
  };
}

const tailPhase = (state: MachineState): boolean => state.phase === "escalate" || state.phase === "resolve" || state.phase === "asserts";

/**
 * Explores a policy into a diagram: the classification tree from `root`, then shared nodes keyed by the
 * widened region and the machine state (without the classification rule, which only the path knows). At most
 * `limit` leaves are explored.
 */
export function exploreDag(policy: CheckedPolicy, root: Region, start: MachineState, limit = Infinity): Dag {
  const widenOf = widener(policy, root);
  const id = identities();
  const memo = new Map<string, DagNode>();
  const points = new Map<string, { point: MachineState; region: Region }>();
  const canonicalPoints = new WeakSet<MachineState>();
  const nodes: DagNode[] = [];
  let cells = 0;
  let complete = true;

  // Level points (where the level was first read) are shared too: equal widened points resume identically.
  const internPoint = (state: MachineState): MachineState => {
    const point = state.levelPoint;
    const region = state.levelRegion;
    if (point === null || region === null || canonicalPoints.has(point) || !tailPhase(point)) return state;
    const w = widenOf(region, point);
    const key = `${stateKey(point, null)}@${w.key}`;
    let hit = points.get(key);
    if (!hit) {
      hit = { point, region: w.region };
      points.set(key, hit);
      canonicalPoints.add(point);
    }
    return { ...state, levelPoint: hit.point, levelRegion: hit.region };
  };
  // Names (classes, levels) are identifiers: `|` cannot occur in them; only the outcome needs quoting.
  const stateKey = (s: MachineState, pointId: number | null): string =>
    `${s.phase}|${s.index}|${s.cls}|${s.trigger}|${s.asserts.join(",")}|${s.level}|${s.levelIndex}|${s.levelDone}|${s.levelRule}|${s.override?.level ?? null}|${pointId}|${s.outcome === null ? "" : JSON.stringify(s.outcome)}`;

  const nodeFor = (region: Region, state: MachineState): DagNode => {
    const s = internPoint(state);
    const w = widenOf(region, s);
    const key = `${stateKey(s, s.levelPoint === null ? null : id(s.levelPoint))}|${w.key}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const node = build(w.region, s);
    memo.set(key, node);
    return node;
  };

  const boundary = (s: MachineState): string => `${s.phase}:${s.index}:${s.asserts.length}`;

  function build(region: Region, state: MachineState): DagNode {
    const items: (DagLeaf | DagRef)[] = [];
    const node: DagNode = { id: nodes.length, items };
    nodes.push(node);
    const here = boundary(state);
    const stack: { region: Region; state: MachineState; first: boolean }[] = [{ region, state, first: true }];
    while (stack.length > 0) {
      if (cells >= limit) {
        complete = false;
        break;
      }
      const item = stack.pop() as { region: Region; state: MachineState; first: boolean };
      if (!item.first && tailPhase(item.state) && boundary(item.state) !== here) {
        items.push({ region: item.region, state: item.state, node: nodeFor(item.region, item.state) });
        continue;
      }
      const step = runMachine(policy, item.region, item.state, true);
      if (step.kind === "leaf") {
        cells += 1;
        items.push({ region: item.region, state: step.state });
        continue;
      }
      const [yes, no] = split(item.region, step.atom);
      if (no) stack.push({ region: no, state: step.state, first: false });
      if (yes) stack.push({ region: yes, state: step.state, first: false });
    }
    return node;
  }

  const top = build(root, start);
  return { root: top, region: root, nodes, cells, complete };
}

/** A concrete leaf of the diagram: the path's region and state, and the diagram leaf it ends in. */
export interface PathLeaf extends Leaf {
  readonly leaf: DagLeaf;
}

/** Walks the diagram: paths, their regions (memoized, so equal paths give the same region object) and leaves. */
export interface DagWalker {
  /**
   * Visits the non-empty paths whose diagram leaf satisfies `pred`, in depth-first order, until `visit` returns
   * true; nodes without such a leaf are skipped (memoized under `name`). `path` filters on the state where the
   * path left the classification tree.
   */
  where(name: string, pred: (leaf: DagLeaf) => boolean, visit: (leaf: PathLeaf) => boolean | void, path?: (state: MachineState) => boolean): void;
  /**
   * One path per distinct decision path: every node is entered on the first non-empty path that reaches it and
   * its own leaves are visited there; and one leaf per classification path (the first under each of its
   * references).
   */
  cover(visit: (leaf: PathLeaf) => void): void;
  readonly dag: Dag;
}

export function dagWalker(dag: Dag): DagWalker {
  const has = new Map<string, Map<DagNode, boolean>>();
  const paths = new WeakMap<Region, Map<DagLeaf | DagRef, Region | null>>();
  const along = (actual: Region, item: DagLeaf | DagRef): Region | null => {
    let byItem = paths.get(actual);
    if (!byItem) {
      byItem = new Map();
      paths.set(actual, byItem);
    }
    if (byItem.has(item)) return byItem.get(item) ?? null;
    const out = actual === dag.region ? item.region : intersect(actual, item.region);
    byItem.set(item, out);
    return out;
  };
  const contains = (name: string, pred: (leaf: DagLeaf) => boolean, node: DagNode): boolean => {
    let memo = has.get(name);
    if (!memo) {
      memo = new Map();
      has.set(name, memo);
    }
    const hit = memo.get(node);
    if (hit !== undefined) return hit;
    memo.set(node, false);
    const value = node.items.some((item) => (isRef(item) ? contains(name, pred, item.node) : pred(item)));
    memo.set(node, value);
    return value;
  };
  const where: DagWalker["where"] = (name, pred, visit, path) => {
    const walk = (node: DagNode, actual: Region, outer: MachineState | null): boolean => {
      for (const item of node.items) {
        if (isRef(item)) {
          if (outer === null && path && !path(item.state)) continue;
          if (!contains(name, pred, item.node)) continue;
          const region = along(actual, item);
          if (region && walk(item.node, region, outer ?? item.state)) return true;
          continue;
        }
        if (!pred(item)) continue;
        if (outer === null && path && !path(item.state)) continue;
        const region = along(actual, item);
        if (!region) continue;
        const state = outer === null || outer.classRule === item.state.classRule ? item.state : { ...item.state, classRule: outer.classRule };
        if (visit({ region, state, leaf: item })) return true;
      }
      return false;
    };
    walk(dag.root, dag.region, null);
  };
  const cover: DagWalker["cover"] = (visit) => {
    const seen = new Set<DagNode>();
    const walk = (node: DagNode, actual: Region, outer: MachineState | null): void => {
      for (const item of node.items) {
        const region = isRef(item) && seen.has(item.node) ? null : along(actual, item);
        if (!region) continue;
        if (isRef(item)) {
          seen.add(item.node);
          walk(item.node, region, outer ?? item.state);
        } else visit({ region, state: outer === null ? item.state : { ...item.state, classRule: outer.classRule }, leaf: item });
      }
    };
    walk(dag.root, dag.region, null);
    // The first non-empty path under a reference, whether or not its node was entered before.
    const first = (node: DagNode, actual: Region, outer: MachineState): boolean =>
      node.items.some((item) => {
        const region = along(actual, item);
        if (!region) return false;
        if (isRef(item)) return first(item.node, region, outer);
        visit({ region, state: { ...item.state, classRule: outer.classRule }, leaf: item });
        return true;
      });
    for (const item of dag.root.items) {
      const region = isRef(item) ? along(dag.region, item) : null;
      if (isRef(item) && region) first(item.node, region, item.state);
    }
  };
  return { where, cover, dag };
}
