/**
 * `verifyPolicy`: proves the properties of docs/semantics.md ("Verification") over every leaf of the explored
 * input space, and reports each refutation with a concrete input that the reference interpreter and the runtime
 * reproduce. Deterministic: leaves are visited in a fixed order, random inputs are seeded.
 */
import type { AssertCond, CheckedPolicy, CheckedRule } from "../check/checked.js";
import type { Diagnostic, RelatedLocation } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import { assertHolds, levelRank, referenceEvaluate } from "../reference/evaluate.js";
import type { Decision, Input, Table, VerificationCheck, VerificationSummary } from "../runtime/types.js";
import type { Leaf, MachineState } from "./abstract.js";
import type { Guard } from "./abstract.js";
import { condTri, explore, guardsOf, initialState, levelMonotoneByShape, mayHold } from "./abstract.js";
import type { Region } from "./region.js";
import { intersect, split, valueSet, vramFeatures } from "./region.js";
import type { Space } from "./space.js";
import { allConditions, buildSpace } from "./space.js";
import type { DagLeaf, PathLeaf } from "./dag.js";
import { isRef } from "./dag.js";
import { validateTranslation } from "./translation.js";

/** A refuted property with the input that shows it, and what the reference interpreter decides for it. */
export interface Counterexample {
  /** The check it refutes, as named in the summary (`totality`, `assert:<name>`, …). */
  readonly check: string;
  readonly code: string;
  /** The rule the diagnostic is located at, or null. */
  readonly rule: string | null;
  readonly input: Input;
  readonly decision: Decision;
  /** VRAM monotonicity only: the same task under more VRAM pressure, and its (local) decision. */
  readonly pressured: { readonly input: Input; readonly decision: Decision } | null;
}

export interface VerifyOptions {
  /** Seeded random inputs for translation validation, beyond one per leaf (default 200). */
  readonly randomInputs?: number;
  readonly seed?: number;
  /** The most cells to explore before giving up with R0309 (default 250,000, a few minutes of work). */
  readonly maxCells?: number;
  /** Beyond this many distinct paths, translation validation takes one input per distinct decision (default 4,096). */
  readonly maxRepresentatives?: number;
}

export interface Verification {
  readonly summary: VerificationSummary;
  readonly diagnostics: Diagnostic[];
  readonly counterexamples: Counterexample[];
}

interface Finding {
  readonly check: VerificationCheck;
  readonly diagnostics: readonly Diagnostic[];
  readonly counterexamples: readonly Counterexample[];
}

function ruleIndex(policy: CheckedPolicy): Map<string, CheckedRule<unknown>> {
  const rules: CheckedRule<unknown>[] = [...policy.vram.levels, ...policy.classify, ...policy.escalate, ...Object.values(policy.routes), policy.onError, ...policy.asserts];
  return new Map(rules.map((r) => [r.id, r]));
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function describe(decision: Decision): string {
  const where = decision.target === "remote" ? `remote \`${decision.remote ?? ""}\`` : decision.mode === "synthesis" ? `local draft \`${decision.model}\`` : `local \`${decision.model}\``;
  const rule = [...decision.reasons].reverse().find((r) => r.rule !== null && r.code !== "denied")?.rule;
  return `decision: ${where}${decision.class === null ? "" : `, class \`${decision.class}\``}${rule ? ` (by \`${rule}\`)` : ""}`;
}

function witnessNotes(input: Input, decision: Decision): string[] {
  return [`witness: ${json(input)}`, describe(decision)];
}

function check(name: string, status: VerificationCheck["status"], detail: string | null): VerificationCheck {
  return { name, status, detail };
}

function noWitnessDetail(count: number): string | null {
  return count === 0 ? null : `${count} region(s) with no constructible input skipped`;
}

type Found = { leaf: Leaf; input: Input } | { leaf: null; skipped: number };

/** The first leaf matching `pred` that has a witness, with the count of matching leaves that had none. */
function firstWitnessed(space: Space, leaves: readonly Leaf[], pred: (leaf: Leaf) => boolean): Found {
  let skipped = 0;
  for (const leaf of leaves) {
    if (!pred(leaf)) continue;
    const input = space.witnessOf(leaf.region);
    if (input) return { leaf, input };
    skipped += 1;
  }
  return { leaf: null, skipped };
}

/** `firstWitnessed` over the paths of the diagram whose leaf satisfies `pred` (memoized under `name`). */
function firstWitnessedWhere(space: Space, name: string, pred: (leaf: DagLeaf) => boolean, path?: (state: MachineState) => boolean, coveredFirst = true): Found {
  // One path per distinct decision path usually has a witness already; every path is walked only when not.
  for (const leaf of coveredFirst ? space.covered : []) {
    if (!pred(leaf.leaf) || (path && !path(leaf.state))) continue;
    const input = space.witnessOf(leaf.region);
    if (input) return { leaf, input };
  }
  let skipped = 0;
  let found: Found | null = null;
  space.walker.where(
    name,
    pred,
    (leaf) => {
      const input = space.witnessOf(leaf.region);
      if (input) found = { leaf, input };
      else skipped += 1;
      return input !== null;
    },
    path,
  );
  return found ?? { leaf: null, skipped };
}

function totality(space: Space): Finding {
  const { policy } = space;
  const found = firstWitnessedWhere(space, "unclassified", (leaf) => leaf.state.cls === null);
  if (found.leaf === null) return { check: check("totality", "proved", noWitnessDetail(found.skipped)), diagnostics: [], counterexamples: [] };
  const decision = referenceEvaluate(policy, found.input);
  const last = policy.classify[policy.classify.length - 1];
  const classes = policy.classes.map((c) => c.name);
  const d = diagnostic("R0301", last?.span ?? null, "some tasks match no classification rule", {
    notes: witnessNotes(found.input, decision),
    help: `end the \`classify\` block with \`otherwise -> ${classes[classes.length - 1] ?? "<class>"}\``,
  });
  return { check: check("totality", "refuted", "a task matches no classification rule"), diagnostics: [d], counterexamples: [{ check: "totality", code: "R0301", rule: last?.id ?? null, input: found.input, decision, pressured: null }] };
}

/** Sub-regions of `region` where the condition of the rule holds, split as far as needed to decide it. */
function regionsWhere(holds: (region: Region) => ReturnType<typeof condTri>, region: Region): Region[] {
  const out: Region[] = [];
  const stack = [region];
  while (stack.length > 0) {
    const current = stack.pop() as Region;
    const value = holds(current);
    if (value === true) out.push(current);
    else if (value !== false) {
      const [yes, no] = split(current, value);
      if (no) stack.push(no);
      if (yes) stack.push(yes);
    }
  }
  return out;
}

type RuleKind = "level" | "classify" | "escalate";

/** Per key, the first covered path with a witness (paths whose key is null are left out). */
function firstCovered<K>(space: Space, key: (leaf: PathLeaf) => K | null): Map<K, Found> {
  const out = new Map<K, Found>();
  for (const leaf of space.covered) {
    const k = key(leaf);
    if (k === null || out.has(k)) continue;
    const input = space.witnessOf(leaf.region);
    if (input) out.set(k, { leaf, input });
  }
  return out;
}

/** Leaves by a key, in leaf order; leaves whose key is null are left out. */
function groupBy<K>(leaves: readonly Leaf[], key: (leaf: Leaf) => K | null): Map<K, Leaf[]> {
  const out = new Map<K, Leaf[]>();
  for (const leaf of leaves) {
    const k = key(leaf);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(leaf);
    else out.set(k, [leaf]);
  }
  return out;
}

function firedIndex(kind: RuleKind, leaf: Leaf): number | null {
  return kind === "level" ? leaf.state.levelRule : kind === "classify" ? leaf.state.classRule : leaf.state.trigger;
}

const firedCache = new WeakMap<Space, Map<RuleKind, [number, Leaf[]][]>>();

/** The leaves of the covering paths (the level leaves for levels) by the rule that fired, in rule order. */
function firedGroups(space: Space, kind: RuleKind): readonly [number, Leaf[]][] {
  const byKind = firedCache.get(space) ?? new Map<RuleKind, [number, Leaf[]][]>();
  firedCache.set(space, byKind);
  let groups = byKind.get(kind);
  if (!groups) {
    const leaves: readonly Leaf[] = kind === "level" ? space.levelLeaves : space.covered;
    groups = [...groupBy(leaves, (leaf) => firedIndex(kind, leaf))].sort(([a], [b]) => a - b);
    byKind.set(kind, groups);
  }
  return groups;
}

/** The earlier rules that take every input an unreachable rule would match (empty: its condition never holds). */
function shadowers(space: Space, kind: RuleKind, index: number): number[] {
  const { policy } = space;
  const rules = kind === "level" ? policy.vram.levels : kind === "classify" ? policy.classify : policy.escalate;
  const rule = rules[index];
  if (!rule) return [];
  const found: number[] = [];
  const guard = kind === "level" ? null : (guardsOf(rules) as readonly Guard[])[index];
  // An earlier rule with the same condition takes every input this one would match: no input reaching a rule
  // after it can match either, so only the rules up to it are searched.
  const text = json(rule.value.when);
  const twin = rules.findIndex((other, i) => i < index && json(other.value.when) === text);
  const last = twin < 0 ? index - 1 : twin;
  // One path per distinct decision path (the diagram's paths can be far more numerous), grouped by the rule that
  // fired: a rule is named as soon as one of its paths has an input the unreachable rule would match.
  for (const [fired, leaves] of firedGroups(space, kind)) {
    if (fired > last) break;
    const takes = leaves.some((leaf) => {
      if (guard && !mayHold(guard, leaf.region, valueSet(leaf.region.kind))) return false;
      const ctx = { level: kind === "level" ? null : leaf.state.level, cls: kind === "escalate" ? leaf.state.cls : null };
      return regionsWhere((r) => condTri(policy, rule.value.when, r, ctx), leaf.region).some((part) => space.witnessOf(part) !== null);
    });
    if (takes) found.push(fired);
  }
  return found;
}

function reachability(space: Space): Finding {
  const { policy } = space;
  const diagnostics: Diagnostic[] = [];
  const groups: { kind: RuleKind; rules: readonly CheckedRule<unknown>[]; noun: (id: string) => string }[] = [
    { kind: "level", rules: policy.vram.levels, noun: (id) => `VRAM level \`${id.replace(/^vram:/, "")}\` is never reached` },
    { kind: "classify", rules: policy.classify, noun: (id) => `classification rule \`${id}\` never fires` },
    { kind: "escalate", rules: policy.escalate, noun: (id) => `escalate trigger \`${id}\` never fires` },
  ];
  const byLevel = groupBy(space.levelLeaves, (leaf) => leaf.state.levelRule);
  const byClassRule = firstCovered(space, (leaf) => leaf.state.classRule);
  const byTrigger = firstCovered(space, (leaf) => leaf.state.trigger);
  // Triggers no diagram leaf fires are unreachable without walking any path.
  const fires = new Set<number | null>(space.walker.dag.nodes.flatMap((node) => node.items.flatMap((item) => (isRef(item) ? [] : [item.state.trigger]))));
  for (const group of groups) {
    group.rules.forEach((rule, index) => {
      const reached =
        group.kind === "level"
          ? firstWitnessed(space, byLevel.get(index) ?? [], () => true)
          : group.kind === "classify"
            ? byClassRule.get(index) ?? firstWitnessedWhere(space, "all", () => true, (state) => state.classRule === index, false)
            : byTrigger.get(index) ?? (fires.has(index) ? firstWitnessedWhere(space, `trigger:${index}`, (leaf) => leaf.state.trigger === index, undefined, false) : { leaf: null, skipped: 0 });
      if (reached.leaf !== null) return;
      const covering = shadowers(space, group.kind, index).map((i) => group.rules[i] as CheckedRule<unknown>);
      const names = covering.map((r) => `\`${r.id}\``).join(" and ");
      const why = covering.length === 0 ? "its condition never holds for a valid input" : `${names} ${covering.length === 1 ? "matches" : "match"} every input it would match`;
      const related: RelatedLocation[] = covering.map((r) => ({ span: r.span, message: `\`${r.id}\` takes these inputs first` }));
      diagnostics.push(
        diagnostic("R0302", rule.span, `${group.noun(rule.id)}: ${why}`, {
          related,
          help: covering.length === 0 ? "delete the rule or correct its condition" : "move this rule above the rule that covers it, or delete it",
        }),
      );
    });
  }
  for (const [cls, route] of Object.entries(policy.routes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const used = firstWitnessedWhere(space, `route:${route.id}`, (leaf) => leaf.state.trigger === null && leaf.state.outcome?.rule === route.id);
    if (used.leaf !== null) continue;
    const assigned = firstWitnessedWhere(space, `class:${cls}`, (leaf) => leaf.state.cls === cls);
    const why = assigned.leaf === null ? `no classification rule assigns \`${cls}\`` : `escalate triggers take every task of class \`${cls}\``;
    diagnostics.push(diagnostic("R0302", route.span, `route for class \`${cls}\` is never used: ${why}`, { help: "remove the route, or assign its class in `classify`" }));
  }
  const detail = diagnostics.length === 0 ? null : `${diagnostics.length} rule(s) never take effect`;
  return { check: check("reachability", diagnostics.length === 0 ? "proved" : "warning", detail), diagnostics, counterexamples: [] };
}

/** One diagnostic per rule: the first leaf (in exploration order) with a witness where `pred` holds for it. */
function perRule(
  space: Space,
  spans: Map<string, CheckedRule<unknown>>,
  name: string,
  code: string,
  pred: (leaf: DagLeaf) => boolean,
  describeIt: (rule: string, input: Input, decision: Decision) => { message: string; help: string },
  confirm: (decision: Decision) => boolean,
): Finding {
  const { policy } = space;
  const diagnostics: Diagnostic[] = [];
  const counterexamples: Counterexample[] = [];
  const done = new Set<string>();
  let skipped = 0;
  space.walker.where(`check:${name}`, (leaf) => (leaf.state.outcome?.rule ?? null) !== null && pred(leaf), (leaf) => {
    const rule = leaf.state.outcome?.rule ?? null;
    if (rule === null || done.has(rule)) return;
    const input = space.witnessOf(leaf.region);
    if (!input) {
      skipped += 1;
      return;
    }
    const decision = referenceEvaluate(policy, input);
    if (!confirm(decision)) {
      skipped += 1;
      return;
    }
    done.add(rule);
    const text = describeIt(rule, input, decision);
    diagnostics.push(diagnostic(code, spans.get(rule)?.span ?? null, text.message, { notes: witnessNotes(input, decision), help: text.help }));
    counterexamples.push({ check: name, code, rule, input, decision, pressured: null });
  });
  const status = diagnostics.length === 0 ? "proved" : "refuted";
  return { check: check(name, status, diagnostics.length === 0 ? noWitnessDetail(skipped) : `${diagnostics.length} rule(s) refute it`), diagnostics, counterexamples };
}

function capability(space: Space, spans: Map<string, CheckedRule<unknown>>): Finding {
  return perRule(
    space,
    spans,
    "capability",
    "R0303",
    (leaf) => leaf.state.outcome?.unservable === true,
    (rule) => ({ message: `every candidate of \`${rule}\` can be skipped and it has no fallback`, help: "add a fallback: `else claude`" }),
    (decision) => decision.reasons.some((r) => r.code === "on-error"),
  );
}

function deniedLocal(space: Space, spans: Map<string, CheckedRule<unknown>>): Finding {
  return perRule(
    space,
    spans,
    "denied-path-local",
    "R0304",
    (leaf) => leaf.state.outcome?.guard === true,
    (rule) => ({ message: `\`${rule}\` can send a task that touches a denied path to a local model`, help: "make `denied path -> claude \"sensitive path\"` the first escalate trigger" }),
    (decision) => decision.reasons.some((r) => r.code === "guard"),
  );
}

function onErrorRemote(space: Space): Finding {
  const rule = space.policy.onError;
  if (rule.value.target.kind === "remote") return { check: check("on-error-remote", "proved", null), diagnostics: [], counterexamples: [] };
  const d = diagnostic("R0305", rule.span, "`on error` must be a remote", { help: "faults fail closed: `on error -> claude`" });
  return { check: check("on-error-remote", "refuted", "`on error` names local candidates"), diagnostics: [d], counterexamples: [] };
}

/** The levels a condition's `vram X` tests name. */
function vramLevelsNamed(cond: AssertCond): string[] {
  switch (cond.op) {
    case "and":
    case "or":
      return cond.args.flatMap(vramLevelsNamed);
    case "not":
      return vramLevelsNamed(cond.arg);
    case "implies":
      return [...vramLevelsNamed(cond.left), ...vramLevelsNamed(cond.right)];
    case "vram":
      return [cond.level];
    default:
      return [];
  }
}

/** The leaf's region with its VRAM telemetry free again, except the largest free block (the footprints test it). */
function telemetryFreed(region: Region, root: Region): Region {
  const num = { ...region.num };
  for (const feature of vramFeatures) if (feature !== "largest_free_mib") num[feature] = root.num[feature];
  return { ...region, num, bools: { ...region.bools, known: true } };
}

/** An input in the region (telemetry freed) whose VRAM level is `level`, or null when none is found. */
function atLevel(space: Space, region: Region, level: string): Input | null {
  const freed = telemetryFreed(region, space.root);
  for (const leaf of explore(space.policy, freed, initialState("levels"), false).leaves) {
    if (leaf.state.level !== level) continue;
    const input = space.witnessOf(leaf.region);
    if (input) return input;
  }
  return null;
}

/**
 * Monotonicity: for every leaf that goes remote with known telemetry and whose decision read the VRAM level, split
 * it into its exact levels and resume the machine where the level was first read with each more severe level
 * instead, on the same region (same task, same largest free block, same low-VRAM mode). A local outcome there,
 * with inputs realizing both levels, refutes it.
 */
function vramMonotonic(space: Space, spans: Map<string, CheckedRule<unknown>>): Finding {
  const { policy } = space;
  if (levelMonotoneByShape(policy)) return { check: check("vram-monotonic", "proved", "by the rules' shape: only remote triggers read the level, and only positively"), diagnostics: [], counterexamples: [] };
  const diagnostics: Diagnostic[] = [];
  const counterexamples: Counterexample[] = [];
  const reported = new Set<string>();
  const severities = [...policy.vram.levels.map((l) => l.value.name), "ok"];
  // The local outcomes of resuming at a level point with a given level, explored once per point and level.
  // A given level is read only through `vram X` conditions, so levels on the same side of every `X` the policy
  // names resume identically (the leaves' outcomes and regions are the same; the level itself is taken from the
  // caller): one run per class of levels.
  const named = [...new Set(allConditions(policy).flatMap(vramLevelsNamed))];
  const levelClass = (level: string): string => named.map((x) => (levelRank(policy, level) <= levelRank(policy, x) ? 1 : 0)).join("");
  const resumed = new Map<MachineState, Map<string, Leaf[]>>();
  const localAt = (point: MachineState, region: Region, level: string): Leaf[] => {
    const byLevel = resumed.get(point) ?? new Map<string, Leaf[]>();
    resumed.set(point, byLevel);
    const hit = byLevel.get(levelClass(level));
    if (hit) return hit;
    const start: MachineState = { ...point, override: { level } };
    const local = explore(policy, region, start, false).leaves.filter((other) => other.state.outcome?.target === "local");
    byLevel.set(levelClass(level), local);
    return local;
  };
  // The exact levels of a region depend only on its telemetry part, which many leaves share.
  const levelCache = new Map<string, readonly Leaf[]>();
  const exactLevels = (region: Region): Leaf[] => {
    const key = JSON.stringify([vramFeatures.map((f) => region.num[f]), region.bools["known"], region.bools["flag:low_vram_mode"]]);
    let parts = levelCache.get(key);
    if (!parts) {
      parts = explore(policy, region, initialState("levels"), false).leaves;
      levelCache.set(key, parts);
    }
    return parts.map((part) => ({
      state: part.state,
      region: { ...region, num: { ...region.num, ...Object.fromEntries(vramFeatures.map((f) => [f, part.region.num[f]])) }, bools: { ...region.bools, "flag:low_vram_mode": part.region.bools["flag:low_vram_mode"] ?? null } },
    }));
  };
  // Candidates per diagram leaf, on its (widened) region; a path then needs only its own part of each.
  const candidates = new Map<DagLeaf, { both: Region; worse: string; rule: string }[]>();
  for (const node of space.walker.dag.nodes) {
    for (const leaf of node.items) {
      if (isRef(leaf)) continue;
      const { outcome, levelPoint, levelRegion } = leaf.state;
      if (leaf.region.bools["known"] !== true || outcome?.target !== "remote" || levelPoint === null || levelRegion === null) continue;
      const found: { both: Region; worse: string; rule: string }[] = [];
      // The decision read the level without computing it; split the leaf into its exact levels first.
      for (const at of exactLevels(leaf.region)) {
        const rank = levelRank(policy, at.state.level ?? "ok");
        for (const worse of severities.slice(0, rank)) {
          for (const other of localAt(levelPoint, levelRegion, worse)) {
            // The same task, telemetry and largest free block as `at`, where the resumed run went local.
            const both = intersect(at.region, other.region);
            if (both) found.push({ both, worse, rule: other.state.outcome?.rule ?? "" });
          }
        }
      }
      if (found.length > 0) candidates.set(leaf, found);
    }
  }
  if (candidates.size > 0) {
    space.walker.where("monotonic", (leaf) => candidates.has(leaf), (leaf) => {
      for (const { both: part, worse, rule } of candidates.get(leaf.leaf) ?? []) {
          if (reported.has(rule)) continue;
          const both = intersect(part, leaf.region);
          const before = both ? space.witnessOf(both) : null;
          const after = both && before ? atLevel(space, both, worse) : null;
          if (!before || !after) continue;
          const first = referenceEvaluate(policy, before);
          const second = referenceEvaluate(policy, after);
          if (first.target !== "remote" || second.target !== "local") continue;
          reported.add(rule);
          diagnostics.push(
            diagnostic("R0306", spans.get(rule)?.span ?? null, `more VRAM pressure moves a task from remote to local through \`${rule}\``, {
              notes: [`at VRAM level \`${first.vram_level ?? ""}\`: ${json(before)}`, describe(first), `at VRAM level \`${second.vram_level ?? ""}\`: ${json(after)}`, describe(second)],
              help: "escalate on `vram <level>` (more pressure goes remote), not on its negation",
            }),
          );
          counterexamples.push({ check: "vram-monotonic", code: "R0306", rule, input: before, decision: first, pressured: { input: after, decision: second } });
      }
    });
  }
  return { check: check("vram-monotonic", diagnostics.length === 0 ? "proved" : "refuted", null), diagnostics, counterexamples };
}

function asserts(space: Space): Finding[] {
  const { policy } = space;
  return policy.asserts.map((rule, index) => {
    const name = `assert:${rule.value.name}`;
    let skipped = 0;
    let refuted: Finding | null = null;
    space.walker.where(`assert:${index}`, (leaf) => leaf.state.asserts[index] === false, (leaf) => {
      const input = space.witnessOf(leaf.region);
      const decision = input ? referenceEvaluate(policy, input) : null;
      if (!input || !decision || assertHolds(policy, rule.value.cond, input, decision)) {
        skipped += 1;
        return false;
      }
      const d = diagnostic("R0307", rule.span, `assert \`${rule.value.name}\` does not hold`, {
        notes: witnessNotes(input, decision),
        help: "change the rules so the decision satisfies the assert, or correct the assert",
      });
      refuted = { check: check(name, "refuted", null), diagnostics: [d], counterexamples: [{ check: name, code: "R0307", rule: rule.id, input, decision, pressured: null }] };
      return true;
    });
    return refuted ?? { check: check(name, "proved", noWitnessDetail(skipped)), diagnostics: [], counterexamples: [] };
  });
}

/** The verdict when the input space has more cells than the budget: nothing is proved, and no table is written. */
function gaveUp(space: Space): Verification {
  const { policy } = space;
  const cells = space.cells;
  const first = policy.classify[0] ?? null;
  const d = diagnostic("R0309", first?.span ?? null, `the input space has more than ${cells} cells, so the policy could not be verified`, {
    help: "split the policy, or order classification rules by `kind` first and keep triggers that test independent features (labels, thresholds) few",
  });
  return { summary: { cells, checks: [check("budget", "refuted", `stopped after ${cells} cells`)] }, diagnostics: [d], counterexamples: [] };
}

/**
 * Representative inputs: one witness per distinct path of the diagram (each leaf of each shared node on the first
 * path that reaches it, and one per classification path), deduplicated, in path order. Beyond `limit` paths, a
 * path is taken only when it is the first to fire its classification rule or the first with its trigger, outcome
 * and assert values: the runtime evaluates classification and the rest separately, so every rule and every
 * outcome is still exercised, without the product of the two (846 inputs instead of 6,362 on the
 * 1,000-rule bench).
 */
export function representatives(space: Space, limit = Infinity): Input[] {
  const seen = new Set<string>();
  const classRules = new Set<number | null>();
  const decisions = new Set<string>();
  const out: Input[] = [];
  const many = space.covered.length > limit;
  for (const leaf of space.covered) {
    const { classRule, trigger, outcome, asserts: results } = leaf.state;
    const decision = many ? json([trigger, outcome, results]) : null;
    if (decision !== null && decisions.has(decision) && classRules.has(classRule)) continue;
    const input = space.witnessOf(leaf.region);
    if (!input) continue;
    if (decision !== null) {
      decisions.add(decision);
      classRules.add(classRule);
    }
    const key = json(input);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(input);
  }
  return out;
}

/**
 * Verifies a checked policy over its whole abstract input space and, when `table` is given, validates the
 * translation: the runtime on the table must agree with the reference interpreter. Any error diagnostic means the
 * table must not be written.
 */
export function verifyPolicy(policy: CheckedPolicy, table: Table | null, options: VerifyOptions = {}): Verification {
  const space = buildSpace(policy, options.maxCells ?? 250_000);
  if (!space.complete) return gaveUp(space);
  const spans = ruleIndex(policy);
  const findings: Finding[] = [totality(space), reachability(space), capability(space, spans), deniedLocal(space, spans), onErrorRemote(space), vramMonotonic(space, spans), ...asserts(space)];
  if (table !== null) findings.push(validateTranslation(policy, table, representatives(space, options.maxRepresentatives ?? 4096), space.names, options.randomInputs ?? 200, options.seed ?? 1));
  return {
    summary: { cells: space.cells, checks: findings.map((f) => f.check) },
    diagnostics: findings.flatMap((f) => f.diagnostics),
    counterexamples: findings.flatMap((f) => f.counterexamples),
  };
}

export type { Finding };
