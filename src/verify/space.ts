/**
 * The abstract input space of one policy: the values and booleans its conditions name, the root region, the
 * explored leaves, and a cache of witnesses per region.
 */
import type { AssertCond, CheckedPolicy } from "../check/checked.js";
import type { Cond, Input } from "../runtime/types.js";
import type { Leaf } from "./abstract.js";
import { explore, initialState } from "./abstract.js";
import type { Region } from "./region.js";
import { rootRegion } from "./region.js";
import type { DagWalker, PathLeaf } from "./dag.js";
import { dagWalker, exploreDag } from "./dag.js";
import type { NamedValues } from "./witness.js";
import { witness } from "./witness.js";

function walk(cond: AssertCond, visit: (cond: Cond) => void): void {
  switch (cond.op) {
    case "and":
    case "or":
      cond.args.forEach((arg) => walk(arg, visit));
      return;
    case "not":
      walk(cond.arg, visit);
      return;
    case "implies":
      walk(cond.left, visit);
      walk(cond.right, visit);
      return;
    case "location":
    case "target":
    case "mode":
      return;
    default:
      visit(cond);
  }
}

/** Every condition of the policy: VRAM levels, classification rules, escalate triggers and asserts. */
export function allConditions(policy: CheckedPolicy): AssertCond[] {
  return [
    ...policy.vram.levels.map((r) => r.value.when),
    ...policy.classify.map((r) => r.value.when),
    ...policy.escalate.map((r) => r.value.when),
    ...policy.asserts.map((r) => r.value.cond),
  ];
}

export interface Names extends NamedValues {
  readonly labels: readonly string[];
}

/** The kinds, hints and labels the policy's conditions name, sorted. */
export function namedValues(policy: CheckedPolicy): Names {
  const kinds = new Set<string>();
  const hints = new Set<string>();
  const labels = new Set<string>();
  for (const cond of allConditions(policy)) {
    walk(cond, (c) => {
      if (c.op === "in" && c.feature === "kind") c.values.forEach((v) => kinds.add(v));
      if (c.op === "in" && c.feature === "hint") c.values.forEach((v) => hints.add(v));
      if (c.op === "label") c.values.forEach((v) => labels.add(v));
    });
  }
  return { kinds: [...kinds].sort(), hints: [...hints].sort(), labels: [...labels].sort() };
}

export interface Space {
  readonly policy: CheckedPolicy;
  readonly names: Names;
  readonly root: Region;
  /** The explored space as a shared decision diagram, and walks over its paths. */
  readonly walker: DagWalker;
  /** Distinct leaves of the diagram. */
  readonly cells: number;
  /**
   * Every concrete leaf (every non-empty path of the diagram), in depth-first order. Materialized on first use:
   * it can be far larger than the diagram, so the checks walk the diagram instead.
   */
  readonly leaves: readonly Leaf[];
  /** The paths of `walker.cover`, once: one per distinct decision path, in path order. */
  readonly covered: readonly PathLeaf[];
  /** False when exploration stopped at the cell budget: the diagram then covers only part of the space. */
  readonly complete: boolean;
  /** The root explored for the VRAM level alone: one leaf per region of telemetry with a level. */
  readonly levelLeaves: readonly Leaf[];
  /** A concrete input inside the region, or null when none is found; cached per region object. */
  witnessOf(region: Region): Input | null;
}

/** Builds the root region of a policy and explores it to leaves (decision and asserts decided on each). */
export function buildSpace(policy: CheckedPolicy, maxCells = Infinity): Space {
  const names = namedValues(policy);
  const root = rootRegion(names.kinds, names.hints);
  const dag = exploreDag(policy, root, initialState(), maxCells);
  const walker = dagWalker(dag);
  let leaves: Leaf[] | null = null;
  const allLeaves = (): Leaf[] => {
    if (leaves === null) {
      const out: Leaf[] = [];
      walker.where("all", () => true, ({ region, state }) => {
        out.push({ region, state });
      });
      leaves = out;
    }
    return leaves;
  };
  let covered: PathLeaf[] | null = null;
  const coveredLeaves = (): PathLeaf[] => {
    if (covered === null) {
      const out: PathLeaf[] = [];
      walker.cover((leaf) => {
        out.push(leaf);
      });
      covered = out;
    }
    return covered;
  };
  const levelLeaves = explore(policy, root, initialState("levels"), false).leaves;
  const cache = new Map<Region, Input | null>();
  const witnessOf = (region: Region): Input | null => {
    const hit = cache.get(region);
    if (hit !== undefined) return hit;
    const found = witness(policy, region, names);
    cache.set(region, found);
    return found;
  };
  return {
    policy,
    names,
    root,
    walker,
    cells: dag.cells,
    get leaves() {
      return allLeaves();
    },
    get covered() {
      return coveredLeaves();
    },
    complete: dag.complete,
    levelLeaves,
    witnessOf,
  };
}
