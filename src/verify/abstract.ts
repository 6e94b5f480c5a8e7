/**
 * The decision procedure of docs/semantics.md run over a region instead of an input, in three-valued logic.
 * When a condition is undecided over the region, the machine stops and names the atom to split on; the explorer
 * splits the region and resumes both halves from the same state, so rules already passed are never re-tested
 * (each root-to-leaf path costs O(rules + depth)).
 */
import type { AssertCond, CheckedPolicy } from "../check/checked.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type { Cond, NumericFeature, TargetRule } from "../runtime/types.js";
import { levelRank, matchSetGlob, unavailableRemote } from "../reference/evaluate.js";
import type { Atom, Interval, Region, Tri, ValueSet } from "./region.js";
import { below, integerFeatures, split, valueSet } from "./region.js";

/** What a region decides, abstractly: enough of a `Decision` for every property. */
export interface AbstractOutcome {
  readonly target: "local" | "remote";
  readonly mode: "direct" | "synthesis";
  readonly model: string;
  readonly remote: string | null;
  readonly runtime: string | null;
  /** The trigger or route whose target was resolved; null when the task was not classified. */
  readonly rule: string | null;
  /** Before the guard: the target the rule resolved to was local while a file is denied. */
  readonly guard: boolean;
  /** Every candidate of `rule` was skipped and there was no fallback. */
  readonly unservable: boolean;
}

/** The evaluation state carried from a region to its halves. */
export interface MachineState {
  /** `levels` computes only the VRAM level (level reachability); the others are the decision procedure. */
  readonly phase: "levels" | "classify" | "escalate" | "resolve" | "asserts";
  readonly index: number;
  /** When set, the VRAM level is given (the monotonicity check), not computed from telemetry. */
  readonly override: { readonly level: string } | null;
  /**
   * The decision procedure never computes the VRAM level: `vram X` is decided as "one of the levels up to X
   * holds" (`atLeastTri`), so telemetry splits only as far as the conditions need. The `levels` phase computes
   * it exactly (level reachability, monotonicity witnesses): `levelIndex` is the progress through the level rules
   * and `levelDone` means only the low-VRAM-mode floor remains. `levelPoint` is the state at which a condition
   * first read the level (the monotonicity check resumes from there with a given level), and `level` is set only
   * by the `levels` phase or from `override`.
   */
  readonly level: string | null;
  readonly levelIndex: number;
  readonly levelDone: boolean;
  readonly levelRule: number | null;
  readonly levelPoint: MachineState | null;
  /** The region at `levelPoint`: the leaves below it are parts of it. */
  readonly levelRegion: Region | null;
  readonly classRule: number | null;
  readonly cls: string | null;
  readonly trigger: number | null;
  readonly outcome: AbstractOutcome | null;
  readonly asserts: readonly boolean[];
}

export const initialState = (phase: MachineState["phase"] = "classify"): MachineState => ({
  phase,
  index: 0,
  override: null,
  level: null,
  levelIndex: 0,
  levelDone: false,
  levelRule: null,
  levelPoint: null,
  levelRegion: null,
  classRule: null,
  cls: null,
  trigger: null,
  outcome: null,
  asserts: [],
});

interface Ctx {
  readonly level: string | null;
  readonly cls: string | null;
}

function not(value: Tri): Tri {
  return typeof value === "boolean" ? !value : value;
}

function boolAtom(region: Region, key: string): Tri {
  const value = region.bools[key];
  return value === undefined || value === null ? { dim: "bool", key } : value;
}

function numAtom(feature: NumericFeature, interval: Interval, value: number, inclusive: boolean): Tri {
  const result = below(interval, value, inclusive);
  return result === null ? { dim: "num", feature, value, inclusive } : result;
}

function compareTri(feature: NumericFeature, interval: Interval, cmp: "<" | "<=" | ">" | ">=" | "==" | "!=", value: number): Tri {
  switch (cmp) {
    case "<":
      return numAtom(feature, interval, value, false);
    case "<=":
      return numAtom(feature, interval, value, true);
    case ">":
      return not(numAtom(feature, interval, value, true));
    case ">=":
      return not(numAtom(feature, interval, value, false));
    case "==": {
      if (integerFeatures.has(feature) && !Number.isInteger(value)) return false;
      const lt = below(interval, value, false);
      const le = below(interval, value, true);
      if (lt === true || le === false) return false;
      if (lt === false && le === true) return true;
      return lt === null ? { dim: "num", feature, value, inclusive: false } : { dim: "num", feature, value, inclusive: true };
    }
    case "!=":
      return not(compareTri(feature, interval, "==", value));
    default:
      return assertNever(cmp, "comparison");
  }
}

const isVramFeature = (feature: NumericFeature): boolean => !integerFeatures.has(feature);

/** Tests "some file exists" first, so that file quantifiers and deny sets are exact when there are no files. */
function withFiles(region: Region, none: boolean, some: () => Tri): Tri {
  const files = region.num.files;
  if (files.hi === 0) return none;
  if (files.lo >= 1) return some();
  return { dim: "num", feature: "files", value: 1, inclusive: false };
}

/**
 * Which undecided atom to split on first: enumerated features, then booleans, then numbers. A split on `kind`
 * leaves one small region and one where every later rule naming other kinds is decided, so the regions that
 * continue down a first-match chain grow linearly with the rules instead of doubling at each one.
 */
const splitPriority: Readonly<Record<Atom["dim"], number>> = { enum: 0, bool: 1, num: 2 };

function preferred(current: Atom | null, next: Atom): Atom {
  return current === null || splitPriority[next.dim] < splitPriority[current.dim] ? next : current;
}

/**
 * `and` (`absorbing` false) or `or` (`absorbing` true) of parts evaluated in order, stopping at the absorbing
 * value (the rest cannot change it); otherwise the preferred undecided atom, or the neutral value.
 */
function combine<T>(parts: readonly T[], value: (part: T) => Tri, absorbing: boolean): Tri {
  let pending: Atom | null = null;
  for (const part of parts) {
    const v = value(part);
    if (v === absorbing) return absorbing;
    if (typeof v !== "boolean") pending = preferred(pending, v);
  }
  return pending ?? !absorbing;
}

const itself = (value: Tri): Tri => value;
const anyOf = (values: readonly Tri[]): Tri => combine(values, itself, true);
const allOf = (values: readonly Tri[]): Tri => combine(values, itself, false);

const distinctCache = new WeakMap<readonly string[], boolean>();

/** True when a condition's value list names no value twice (then counting its members in a region is exact). */
function distinct(values: readonly string[]): boolean {
  let hit = distinctCache.get(values);
  if (hit === undefined) {
    hit = new Set(values).size === values.length;
    distinctCache.set(values, hit);
  }
  return hit;
}

const labelKeyCache = new WeakMap<readonly string[], readonly string[]>();

function labelKeys(labels: readonly string[]): readonly string[] {
  let keys = labelKeyCache.get(labels);
  if (!keys) {
    keys = labels.map((label) => `label:${label}`);
    labelKeyCache.set(labels, keys);
  }
  return keys;
}

/** Evaluates a condition over a region in three-valued logic. */
export function condTri(policy: CheckedPolicy, cond: Cond, region: Region, ctx: Ctx): Tri {
  switch (cond.op) {
    case "true":
      return true;
    case "false":
      return false;
    case "and":
    case "or":
      return combine(cond.args, (arg) => condTri(policy, arg, region, ctx), cond.op === "or");
    case "not":
      return not(condTri(policy, cond.arg, region, ctx));
    case "cmp": {
      if (isVramFeature(cond.feature)) {
        const known = boolAtom(region, "known");
        if (known !== true) return known;
      }
      return compareTri(cond.feature, region.num[cond.feature], cond.cmp, cond.value);
    }
    case "in": {
      if (cond.feature === "class") return ctx.cls !== null && cond.values.includes(ctx.cls);
      const current = region[cond.feature];
      const present = valueSet(current);
      const inside = distinct(cond.values) ? cond.values.filter((v) => present.has(v)).length : current.filter((v) => cond.values.includes(v)).length;
      if (inside === current.length) return true;
      if (inside === 0) return false;
      return { dim: "enum", feature: cond.feature, values: cond.values };
    }
    case "label":
      return anyOf(labelKeys(cond.values).map((key) => boolAtom(region, key)));
    case "files": {
      const glob = matchSetGlob(cond.set);
      return withFiles(region, cond.quantifier === "all", () => boolAtom(region, `${cond.quantifier}:${glob}`));
    }
    case "denied": {
      const sets = cond.set === null ? policy.denySets.map((s) => s.name) : [cond.set];
      return withFiles(region, false, () => anyOf(sets.map((name) => boolAtom(region, `deny:${name}`))));
    }
    case "vram":
      return ctx.level !== null ? levelRank(policy, ctx.level) <= levelRank(policy, cond.level) : atLeastTri(policy, cond.level, region);
    case "flag": {
      if (cond.feature === "schema_mismatch") return boolAtom(region, "flag:schema_mismatch");
      const known = boolAtom(region, "known");
      return known === true ? boolAtom(region, "flag:low_vram_mode") : known;
    }
    default:
      return assertNever(cond, "condition");
  }
}

/**
 * `vram X` without computing the level: levels are first-match, so the level is `X` or more severe exactly when
 * one of the levels up to `X` holds (known telemetry) or `unknown as` is (unknown), or the low-VRAM-mode floor
 * is and the input says so. Only the levels up to `X` are tested, so `vram critical` splits telemetry on
 * `critical`'s condition alone.
 */
function atLeastTri(policy: CheckedPolicy, level: string, region: Region): Tri {
  const rank = levelRank(policy, level);
  const floor = policy.vram.low_vram_mode;
  const raised = floor !== null && levelRank(policy, floor) <= rank ? boolAtom(region, "flag:low_vram_mode") : false;
  const known = boolAtom(region, "known");
  if (known === false) return anyOf([levelRank(policy, policy.vram.unknown) <= rank, raised]);
  if (known !== true) return known;
  const ctx: Ctx = { level: null, cls: null };
  const levels = policy.vram.levels.slice(0, rank + 1).map((l) => condTri(policy, l.value.when, region, ctx));
  return anyOf([rank >= policy.vram.levels.length, ...levels, raised]);
}

/** Whether a local model can serve the task over the region (docs/semantics.md, "cannot serve"). */
function canServe(policy: CheckedPolicy, modelName: string, cls: string | null, region: Region): Tri {
  const model = policy.models[modelName];
  const runtime = model ? policy.runtimes[model.runtime] : undefined;
  const info = policy.classes.find((c) => c.name === cls);
  if (!model || !runtime || !runtime.enabled) return false;
  if (info && !info.local_allowed) return false;
  if (info && info.tools_required && !model.tools) return false;
  const fitsVram = (): Tri => {
    const known = boolAtom(region, "known");
    if (known !== true) return known === false ? true : known;
    return not(numAtom("largest_free_mib", region.num.largest_free_mib, model.vram_mib, false));
  };
  return allOf([
    numAtom("context", region.num.context, model.context, true),
    info && info.max_context !== null ? numAtom("context", region.num.context, info.max_context, true) : true,
    fitsVram(),
  ]);
}

type Resolution =
  | { readonly kind: "split"; readonly atom: Atom }
  | { readonly kind: "none" }
  | { readonly kind: "ok"; readonly value: Pick<AbstractOutcome, "target" | "mode" | "model" | "remote" | "runtime"> };

function resolveTri(policy: CheckedPolicy, target: TargetRule, cls: string | null, region: Region): Resolution {
  switch (target.kind) {
    case "remote":
      return { kind: "ok", value: { target: "remote", mode: "direct", model: policy.remotes[target.remote]?.model ?? target.remote, remote: target.remote, runtime: null } };
    case "local":
    case "synthesis": {
      const names = target.kind === "local" ? target.candidates : target.draft;
      for (const name of names) {
        const serves = canServe(policy, name, cls, region);
        if (serves === false) continue;
        if (serves !== true) return { kind: "split", atom: serves };
        const runtime = policy.models[name]?.runtime ?? null;
        return { kind: "ok", value: { target: "local", mode: target.kind === "local" ? "direct" : "synthesis", model: name, remote: null, runtime } };
      }
      return target.fallback === null ? { kind: "none" } : resolveTri(policy, target.fallback, cls, region);
    }
    default:
      return assertNever(target, "target");
  }
}

function firstRemote(target: TargetRule): string | null {
  if (target.kind === "remote") return target.remote;
  return target.fallback === null ? null : firstRemote(target.fallback);
}

/** The `on error` decision: the first remote of its chain, as the reference interpreter takes it. */
function onErrorOutcome(policy: CheckedPolicy): Pick<AbstractOutcome, "target" | "mode" | "model" | "remote" | "runtime"> {
  const name = firstRemote(policy.onError.value.target);
  const remote = name === null ? undefined : policy.remotes[name];
  if (name === null || !remote) return { target: "remote", mode: "direct", model: unavailableRemote, remote: unavailableRemote, runtime: null };
  return { target: "remote", mode: "direct", model: remote.model, remote: name, runtime: null };
}

/** Evaluates an assert over a region whose decision is known. */
export function assertTri(policy: CheckedPolicy, cond: AssertCond, region: Region, ctx: Ctx, outcome: AbstractOutcome): Tri {
  switch (cond.op) {
    case "and":
    case "or":
      return combine(cond.args, (arg) => assertTri(policy, arg, region, ctx, outcome), cond.op === "or");
    case "not":
      return not(assertTri(policy, cond.arg, region, ctx, outcome));
    case "implies":
      return anyOf([not(assertTri(policy, cond.left, region, ctx, outcome)), assertTri(policy, cond.right, region, ctx, outcome)]);
    case "location":
      return outcome.target === cond.location;
    case "target":
      return outcome.target === "remote" ? outcome.remote === cond.name : outcome.model === cond.name;
    case "mode":
      return outcome.mode === cond.mode;
    default:
      return condTri(policy, cond, region, ctx);
  }
}


function ctxOf(state: MachineState): Ctx {
  return { level: state.level, cls: state.cls };
}

const vramUse = new WeakMap<object, boolean>();

/** True when a condition tests the VRAM level (`vram low`), so the level must be known to decide it. */
function usesLevel(cond: AssertCond): boolean {
  const hit = vramUse.get(cond);
  if (hit !== undefined) return hit;
  let value: boolean;
  switch (cond.op) {
    case "vram":
      value = true;
      break;
    case "and":
    case "or":
      value = cond.args.some(usesLevel);
      break;
    case "not":
      value = usesLevel(cond.arg);
      break;
    case "implies":
      value = usesLevel(cond.left) || usesLevel(cond.right);
      break;
    default:
      value = false;
  }
  vramUse.set(cond, value);
  return value;
}

/** True when every `vram X` in the condition is under an even number of negations (more pressure can only make it true). */
function levelPositive(cond: Cond, positive: boolean): boolean {
  switch (cond.op) {
    case "and":
    case "or":
      return cond.args.every((arg) => levelPositive(arg, positive));
    case "not":
      return levelPositive(cond.arg, !positive);
    case "vram":
      return positive;
    default:
      return true;
  }
}

const monotoneShape = new WeakMap<CheckedPolicy, boolean>();

/**
 * VRAM monotonicity from the rules' shape alone: when no classification rule reads the level and every trigger
 * that does reads it only positively and escalates to a remote, more pressure can only make a remote trigger fire
 * earlier; every other condition, the class and the resolution (the largest free block is held) stay the same,
 * so a remote decision stays remote. Only policies without this shape need the level points below and the
 * resumed runs of the monotonicity check, which keep the diagram's nodes apart per point.
 */
export function levelMonotoneByShape(policy: CheckedPolicy): boolean {
  let hit = monotoneShape.get(policy);
  if (hit === undefined) {
    hit =
      policy.classify.every((rule) => !usesLevel(rule.value.when)) &&
      policy.escalate.every((rule) => !usesLevel(rule.value.when) || (rule.value.target.kind === "remote" && levelPositive(rule.value.when, true)));
    monotoneShape.set(policy, hit);
  }
  return hit;
}

type LevelStep = { readonly kind: "ok"; readonly state: MachineState } | { readonly kind: "split"; readonly atom: Atom; readonly state: MachineState };

/** Computes the VRAM level over the region (docs/semantics.md step 3), or names the atom to split on first. */
function levelStep(policy: CheckedPolicy, region: Region, start: MachineState): LevelStep {
  if (start.level !== null) return { kind: "ok", state: start };
  let s: MachineState = start.levelPoint === null ? { ...start, levelPoint: start } : start;
  if (s.override) return { kind: "ok", state: { ...s, level: s.override.level } };
  const known = boolAtom(region, "known");
  if (known !== true && known !== false) return { kind: "split", atom: known, state: s };
  if (!s.levelDone) {
    const levels = policy.vram.levels;
    let fired: number | null = null;
    for (let i = s.levelIndex; known && i < levels.length; i += 1) {
      const value = condTri(policy, (levels[i] as (typeof levels)[number]).value.when, region, ctxOf(s));
      if (value === true) {
        fired = i;
        break;
      }
      if (value !== false) return { kind: "split", atom: value, state: { ...s, levelIndex: i } };
    }
    s = { ...s, levelDone: true, levelRule: fired };
  }
  const base = !known ? policy.vram.unknown : s.levelRule === null ? "ok" : (policy.vram.levels[s.levelRule] as (typeof policy.vram.levels)[number]).value.name;
  const floor = policy.vram.low_vram_mode;
  if (floor === null) return { kind: "ok", state: { ...s, level: base } };
  const flag = boolAtom(region, "flag:low_vram_mode");
  if (flag !== true && flag !== false) return { kind: "split", atom: flag, state: s };
  return { kind: "ok", state: { ...s, level: flag && levelRank(policy, floor) < levelRank(policy, base) ? floor : base } };
}

/**
 * A cheap necessary condition of a rule: the kinds it can hold for (null: any) and booleans that must not be
 * false. Most regions reaching a rule of a long first-match chain are decided false by it on `kind` or a label
 * alone; the guard skips those rules without evaluating them (it never skips a rule that could hold or split).
 */
export interface Guard {
  readonly kinds: readonly string[] | null;
  readonly bools: readonly string[];
}

function guardOf(cond: Cond): Guard {
  switch (cond.op) {
    case "in":
      return { kinds: cond.feature === "kind" ? cond.values : null, bools: [] };
    case "label":
      return { kinds: null, bools: cond.values.length === 1 ? [`label:${cond.values[0] as string}`] : [] };
    case "and": {
      const parts = cond.args.map(guardOf);
      const kinds = parts.map((p) => p.kinds).filter((k): k is readonly string[] => k !== null);
      const narrowest = kinds.reduce<readonly string[] | null>((best, k) => (best === null || k.length < best.length ? k : best), null);
      return { kinds: narrowest, bools: parts.flatMap((p) => p.bools) };
    }
    case "or": {
      const parts = cond.args.map(guardOf);
      const all = parts.every((p) => p.kinds !== null);
      return { kinds: all ? [...new Set(parts.flatMap((p) => p.kinds ?? []))] : null, bools: [] };
    }
    default:
      return { kinds: null, bools: [] };
  }
}

const guardCache = new WeakMap<readonly { readonly value: { readonly when: Cond } }[], readonly Guard[]>();

export function guardsOf(rules: readonly { readonly value: { readonly when: Cond } }[]): readonly Guard[] {
  let guards = guardCache.get(rules);
  if (!guards) {
    guards = rules.map((rule) => guardOf(rule.value.when));
    guardCache.set(rules, guards);
  }
  return guards;
}

/** A chain's rules indexed by their kind guards. */
export interface GuardIndex {
  /** The rules without a kind guard, in order. */
  readonly unguarded: readonly number[];
  /** Per kind, the rules whose guard names it, in order. */
  readonly byKind: ReadonlyMap<string, readonly number[]>;
  /** Per kind list, the rules it may satisfy (see `applicable`). */
  readonly byKinds: WeakMap<readonly string[], readonly number[]>;
}

const guardIndexes = new WeakMap<readonly Guard[], GuardIndex>();

/** The index of a chain's guards, built once per chain. */
export function guardIndex(guards: readonly Guard[]): GuardIndex {
  let table = guardIndexes.get(guards);
  if (!table) {
    const byKind = new Map<string, number[]>();
    guards.forEach((guard, index) => guard.kinds?.forEach((k) => byKind.set(k, [...(byKind.get(k) ?? []), index])));
    table = { unguarded: guards.flatMap((guard, index) => (guard.kinds === null ? [index] : [])), byKind, byKinds: new WeakMap() };
    guardIndexes.set(guards, table);
  }
  return table;
}

/** The rules a region with these kinds may satisfy, by their kind guards, in order; cached per kind list. */
function applicable(guards: readonly Guard[], kinds: readonly string[]): readonly number[] {
  const table = guardIndex(guards);
  let out = table.byKinds.get(kinds);
  if (!out) {
    // A few kinds (the common case after classification): merge their lists; many: scan the guards once.
    if (kinds.length <= 8) {
      const { byKind } = table;
      out = [...new Set([...table.unguarded, ...kinds.flatMap((k) => byKind.get(k) ?? [])])].sort((a, b) => a - b);
    } else {
      const present = valueSet(kinds);
      out = guards.flatMap((guard, index) => (kindsMeet(guard, present) ? [index] : []));
    }
    table.byKinds.set(kinds, out);
  }
  return out;
}

/** The position of the first index at or after `from` in an ascending list. */
function firstAtOrAfter(indices: readonly number[], from: number): number {
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((indices[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function noneFalse(keys: readonly string[], region: Region): boolean {
  for (const key of keys) if (region.bools[key] === false) return false;
  return true;
}

/** False when the guard names kinds and none of them is among these. */
export function kindsMeet(guard: Guard, kinds: ValueSet): boolean {
  return guard.kinds === null || guard.kinds.some((k) => kinds.has(k));
}

/** False when the guard shows the rule cannot hold anywhere in the region. */
export function mayHold(guard: Guard, region: Region, kinds: ValueSet): boolean {
  return kindsMeet(guard, kinds) && noneFalse(guard.bools, region);
}

/** The machine's answer for a region: a finished leaf state, or the atom to split on and the state to resume from. */
export type Step = { readonly kind: "leaf"; readonly state: MachineState } | { readonly kind: "split"; readonly atom: Atom; readonly state: MachineState };

/** Runs the decision procedure (and the asserts) over a region from a state until it finishes or must split. */
export function runMachine(policy: CheckedPolicy, region: Region, start: MachineState, withAsserts: boolean): Step {
  let s = start;
  const points = !levelMonotoneByShape(policy);
  let ctx: Ctx = ctxOf(s);
  /** Prepares the state for a condition (`s` afterwards), computing the VRAM level first when it needs it. */
  const enter = (cond: AssertCond): Ctx => {
    if (points && s.levelPoint === null && usesLevel(cond)) s = { ...s, levelPoint: s, levelRegion: region };
    if (s.override !== null && s.level === null && usesLevel(cond)) s = { ...s, level: s.override.level };
    if (ctx.level !== s.level || ctx.cls !== s.cls) ctx = ctxOf(s);
    return ctx;
  };
  /**
   * The first rule of a first-match chain from `from` on that holds over the region, or the split that decides
   * the first undecided one. Only the rules the region's kinds may satisfy are visited, except while level
   * points are kept: a point is the first rule that reads the level, even one the guard rules out.
   */
  const firstMatch = (rules: readonly { readonly value: { readonly when: Cond } }[], from: number): { kind: "fired"; index: number } | { kind: "none" } | Step => {
    const guards = guardsOf(rules);
    const order = points ? null : applicable(guards, region.kind);
    const kinds = points ? valueSet(region.kind) : null;
    for (let at = order ? firstAtOrAfter(order, from) : from; at < (order ? order.length : rules.length); at += 1) {
      const i = order ? (order[at] as number) : at;
      const rule = rules[i] as (typeof rules)[number];
      const guard = guards[i] as Guard;
      if (!(kinds ? mayHold(guard, region, kinds) : noneFalse(guard.bools, region))) {
        if (points && s.levelPoint === null && usesLevel(rule.value.when)) s = { ...s, index: i, levelPoint: { ...s, index: i }, levelRegion: region };
        continue;
      }
      const value = condTri(policy, rule.value.when, region, enter(rule.value.when));
      if (value === true) return { kind: "fired", index: i };
      if (value !== false) return { kind: "split", atom: value, state: { ...s, index: i } };
    }
    return { kind: "none" };
  };
  for (;;) {
    switch (s.phase) {
      case "levels": {
        const level = levelStep(policy, region, s);
        if (level.kind === "split") return { kind: "split", atom: level.atom, state: level.state };
        return { kind: "leaf", state: level.state };
      }
      case "classify": {
        const rules = policy.classify;
        let next: MachineState | null = null;
        const found = firstMatch(rules, s.index);
        if (found.kind === "split") return found;
        if (found.kind === "fired") next = { ...s, phase: "escalate", index: 0, classRule: found.index, cls: (rules[found.index] as (typeof rules)[number]).value.class };
        s = next ?? { ...s, phase: "asserts", index: 0, outcome: { ...onErrorOutcome(policy), rule: null, guard: false, unservable: false } };
        break;
      }
      case "escalate": {
        const found = firstMatch(policy.escalate, s.index);
        if (found.kind === "split") return found;
        s = { ...s, phase: "resolve", index: 0, trigger: found.kind === "fired" ? found.index : null };
        break;
      }
      case "resolve": {
        const trigger = s.trigger === null ? null : policy.escalate[s.trigger];
        const route = s.cls === null ? undefined : policy.routes[s.cls];
        const chosen = trigger ? { id: trigger.id, target: trigger.value.target } : route ? { id: route.id, target: route.value.target } : null;
        const resolved: Resolution = chosen ? resolveTri(policy, chosen.target, s.cls, region) : { kind: "none" };
        if (resolved.kind === "split") return { kind: "split", atom: resolved.atom, state: s };
        let outcome: AbstractOutcome | null = null;
        if (resolved.kind === "ok") {
          const denied = resolved.value.target === "local" ? condTri(policy, { op: "denied", set: null }, region, ctxOf(s)) : false;
          if (denied !== true && denied !== false) return { kind: "split", atom: denied, state: s };
          const { target, mode, model, remote, runtime } = resolved.value;
          if (!denied) outcome = { target, mode, model, remote, runtime, rule: chosen?.id ?? null, guard: false, unservable: false };
        }
        outcome ??= { ...onErrorOutcome(policy), rule: chosen?.id ?? null, guard: resolved.kind === "ok", unservable: resolved.kind === "none" && chosen !== null };
        s = { ...s, phase: "asserts", index: 0, outcome };
        break;
      }
      case "asserts": {
        const asserts = withAsserts ? policy.asserts : [];
        const results = [...s.asserts];
        for (let i = results.length; i < asserts.length; i += 1) {
          const cond = (asserts[i] as (typeof asserts)[number]).value.cond;
          const value = assertTri(policy, cond, region, enter(cond), s.outcome as AbstractOutcome);
          if (value !== true && value !== false) return { kind: "split", atom: value, state: { ...s, asserts: results } };
          results.push(value);
        }
        return { kind: "leaf", state: { ...s, asserts: results } };
      }
      default:
        return assertNever(s.phase, "phase");
    }
  }
}

/** A finished region and what it decides. */
export interface Leaf {
  readonly region: Region;
  readonly state: MachineState;
}

/** Splits a region until the machine finishes on every part; leaves come in a deterministic depth-first order. */
export function explore(policy: CheckedPolicy, root: Region, start: MachineState, withAsserts: boolean, limit = Infinity): { readonly leaves: Leaf[]; readonly complete: boolean } {
  const leaves: Leaf[] = [];
  const stack: { region: Region; state: MachineState }[] = [{ region: root, state: start }];
  while (stack.length > 0) {
    if (leaves.length >= limit) return { leaves, complete: false };
    const item = stack.pop() as { region: Region; state: MachineState };
    const step = runMachine(policy, item.region, item.state, withAsserts);
    if (step.kind === "leaf") {
      leaves.push({ region: item.region, state: step.state });
      continue;
    }
    const [yes, no] = split(item.region, step.atom);
    if (no) stack.push({ region: no, state: step.state });
    if (yes) stack.push({ region: yes, state: step.state });
  }
  return { leaves, complete: true };
}
