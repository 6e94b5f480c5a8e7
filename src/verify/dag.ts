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
import { condTri, runMachine } from "./abstract.js";
import type { Interval, Region } from "./region.js";
import { integerFeatures, intersect, intersectInterval, split } from "./region.js";

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

/** What the rest of the procedure tests: cut points per number, booleans, and the value sets of `in` conditions. */
interface Use {
  /** Numbers the tested value sets (shared by the copies of one policy's uses). */
  readonly ids: { next: number };
  readonly cuts: Map<NumericFeature, Set<number>>;
  readonly bools: Set<string>;
  /** Per enumerated value, the ids of the tested value sets that contain it. */
  readonly kinds: Map<string, string>;
  readonly hints: Map<string, string>;
}

const emptyUse = (ids: { next: number } = { next: 0 }): Use => ({ ids, cuts: new Map(), bools: new Set(), kinds: new Map(), hints: new Map() });

function cloneUse(use: Use): Use {
  return { ids: use.ids, cuts: new Map([...use.cuts].map(([f, s]) => [f, new Set(s)])), bools: new Set(use.bools), kinds: new Map(use.kinds), hints: new Map(use.hints) };
}

function addCut(use: Use, feature: NumericFeature, value: number): void {
  const set = use.cuts.get(feature) ?? new Set<number>();
  set.add(value);
  use.cuts.set(feature, set);
}

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
      addCut(use, cond.feature, cond.value);
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
      addCut(use, "files", 1);
      use.bools.add(`any:${glob}`).add(`all:${glob}`);
      return;
    }
    case "denied":
      addCut(use, "files", 1);
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
    addCut(use, "context", model.context);
    addCut(use, "largest_free_mib", model.vram_mib);
  }
  if (target.fallback) targetUse(policy, target.fallback, use);
}

/** What resolution (every route and trigger target, the guard) and the asserts from `from` on test. */
function tailUses(policy: CheckedPolicy): { escalate: Use[]; resolve: Use; asserts: Use[] } {
  const asserts: Use[] = [];
  let acc = emptyUse();
  levelUse(policy, acc, new Set());
  addCut(acc, "files", 1);
  asserts[policy.asserts.length] = acc;
  for (let i = policy.asserts.length - 1; i >= 0; i -= 1) {
    acc = cloneUse(acc);
    condUse(policy, (policy.asserts[i] as (typeof policy.asserts)[number]).value.cond, acc, new Set());
    asserts[i] = acc;
  }
  const resolve = cloneUse(asserts[0] as Use);
  for (const route of Object.values(policy.routes)) targetUse(policy, route.value.target, resolve);
  for (const trigger of policy.escalate) targetUse(policy, trigger.value.target, resolve);
  for (const c of policy.classes) if (c.max_context !== null) addCut(resolve, "context", c.max_context);
  resolve.bools.add("known");
  policy.denySets.forEach((s) => resolve.bools.add(`deny:${s.name}`));
  const escalate: Use[] = [];
  escalate[policy.escalate.length] = resolve;
  acc = resolve;
  for (let i = policy.escalate.length - 1; i >= 0; i -= 1) {
    acc = cloneUse(acc);
    condUse(policy, (policy.escalate[i] as (typeof policy.escalate)[number]).value.when, acc, new Set());
    escalate[i] = acc;
  }
  return { escalate, resolve, asserts };
}

/** The cell hull of an interval: its bounds moved out to the nearest cut (or the root bound). */
function widen(interval: Interval, cuts: readonly number[], root: Interval, integer: boolean): Interval | null {
  let lo = root.lo;
  let loOpen = root.loOpen;
  let hi = root.hi;
  let hiOpen = root.hiOpen;
  let above = false;
  for (const c of cuts) {
    if (c <= interval.lo) {
      lo = c;
      loOpen = c < interval.lo || interval.loOpen;
    }
    if (c >= interval.hi && !above) {
      above = true;
      hi = c;
      hiOpen = c > interval.hi || interval.hiOpen;
    }
  }
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
  const uses = tailUses(policy);
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
    const later = (mentions.get(key) ?? []).filter((i) => i >= from);
    if (later.length === 0) return false;
    const freed: Region = { ...region, bools: { ...region.bools, [key]: null } };
    const ctx = { level: state.level, cls: state.cls };
    return later.some((i) => typeof condTri(policy, (policy.escalate[i] as (typeof policy.escalate)[number]).value.when, freed, ctx) !== "boolean");
  };
  const sorted = new Map<Use, Map<NumericFeature, number[]>>();
  const enumCache = new Map<string, readonly string[]>();
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
    const classes = [...new Set(values.map((v) => sigs.get(v) ?? ""))].sort();
    const key = `${name}:${classes.join("|")}`;
    let out = enumCache.get(key);
    if (!out) {
      const keep = new Set(classes);
      out = all.filter((v) => keep.has(sigs.get(v) ?? ""));
      enumCache.set(key, out);
    }
    return { values: out, key: classes.join("|") };
  };
  return (region, state) => {
    const { use, name } = useOf(state);
    let cuts = sorted.get(use);
    if (!cuts) {
      cuts = new Map([...use.cuts].map(([f, s]) => [f, [...s].sort((a, b) => a - b)]));
      sorted.set(use, cuts);
    }
    const num = { ...root.num };
    const numKey: string[] = [];
    for (const [feature, points] of cuts) {
      const w = widen(region.num[feature], points, root.num[feature], integerFeatures.has(feature)) ?? region.num[feature];
      num[feature] = w;
      numKey.push(`${feature}${w.loOpen ? "(" : "["}${w.lo},${w.hi}${w.hiOpen ? ")" : "]"}`);
    }
    const kind = enumWiden(region.kind, root.kind, use.kinds, `k${name}`);
    const hint = enumWiden(region.hint, root.hint, use.hints, `h${name}`);
    const bools: Record<string, boolean | null> = {};
    const boolKey: string[] = [];
    for (const [key, value] of Object.entries(region.bools)) {
      const kept = value !== null && use.bools.has(key) && (state.phase !== "escalate" || matters(key, region, state, state.index)) ? value : null;
      bools[key] = kept;
      if (kept !== null) boolKey.push(`${key}=${kept ? 1 : 0}`);
    }
    return { region: { num, kind: kind.values, hint: hint.values, bools }, key: `${name}#${numKey.join(";")}#${kind.key}#${hint.key}#${boolKey.join(";")}` };
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
  const stateKey = (s: MachineState, pointId: number | null): string =>
    JSON.stringify([s.phase, s.index, s.cls, s.trigger, s.outcome, s.asserts, s.level, s.levelIndex, s.levelDone, s.levelRule, s.override?.level ?? null, pointId]);

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
