/**
 * The semantic difference of two policies: the regions of the input space whose decision changed, each with a
 * concrete witness input confirmed through the runtime on both tables.
 *
 * Both policies are explored over one joint partition with the verifier's machinery: the root region names
 * every kind, hint, label, deny set and match glob of either policy; the old policy is explored to leaves,
 * and each leaf is explored again by the new policy, so every final region has one decision under each.
 * Regions whose decisions differ are grouped by the change (before → after), and each group gets one witness.
 *
 * A decision is compared on what an operator sees: target, mode, model, class, and how it was reached (routed,
 * escalated with its reason text, or `on error`). Rule ids are positional (`escalate#2`), so they are reported
 * but not compared: reordering rules whose conditions do not overlap, or renaming a deny set, is no change.
 */
import type { CheckedPolicy } from "../check/checked.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import { evaluate } from "../runtime/index.js";
import type { Cond, Decision, Input, NumericFeature, SourceLocation, Table } from "../runtime/types.js";
import type { Interval, Leaf, Region } from "../verify/index.js";
import { decidedBools, explore, initialState, namedValues, OTHER, rootRegion, witness } from "../verify/index.js";

/** What a decision looks like to an operator; the fields a semantic diff compares. */
export interface Outcome {
  readonly target: "local" | "remote";
  readonly mode: "direct" | "synthesis";
  readonly model: string;
  readonly class: string | null;
  /** `routed`, `escalated: <reason>`, or `on error`. */
  readonly via: string;
}

export interface Change {
  readonly before: Outcome;
  readonly after: Outcome;
  /** The rule whose target each side took (escalate trigger, route, `on_error`), by id. */
  readonly beforeRule: string | null;
  readonly afterRule: string | null;
  /** Where those rules are written, from each table's source map. */
  readonly beforeSource: SourceLocation | null;
  readonly afterSource: SourceLocation | null;
  /** How many cells of the joint partition make this change. */
  readonly cells: number;
  /** The constraints of the witnessed cell, readable (`tool_failures = 2`, `kind in [edit]`). */
  readonly region: readonly string[];
  /** A valid input in the region (`routec.input/1`), or an invalid one for a change of the `on error` decision. */
  readonly witness: unknown;
  readonly decisions: { readonly before: Decision; readonly after: Decision };
}

export interface SemanticDiff {
  readonly changes: readonly Change[];
  /** Cells of the joint partition. */
  readonly cells: number;
  /** Changed cells for which no concrete input was found (possibly infeasible regions); not reported as changes. */
  readonly unwitnessed: number;
  /** False when the cell budget ran out: changes beyond it are not reported. */
  readonly complete: boolean;
}

export interface DiffSide {
  readonly checked: CheckedPolicy;
  readonly table: Table;
}

function renameCond(cond: Cond, rename: (set: string) => string): Cond {
  switch (cond.op) {
    case "and":
    case "or":
      return { op: cond.op, args: cond.args.map((a) => renameCond(a, rename)) };
    case "not":
      return { op: "not", arg: renameCond(cond.arg, rename) };
    case "denied":
      return cond.set === null ? cond : { op: "denied", set: rename(cond.set) };
    default:
      return cond;
  }
}

/** The policy with its deny sets renamed, so two policies' sets of one name stay apart. */
function renamed(policy: CheckedPolicy, rename: (set: string) => string): CheckedPolicy {
  const when = (cond: Cond): Cond => renameCond(cond, rename);
  return {
    ...policy,
    denySets: policy.denySets.map((s) => ({ ...s, name: rename(s.name) })),
    vram: { ...policy.vram, levels: policy.vram.levels.map((l) => ({ ...l, value: { ...l.value, when: when(l.value.when) } })) },
    classify: policy.classify.map((r) => ({ ...r, value: { ...r.value, when: when(r.value.when) } })),
    escalate: policy.escalate.map((r) => ({ ...r, value: { ...r.value, when: when(r.value.when) } })),
    asserts: [],
  };
}

/** What a deny set denies: its distinct patterns with their excepts, under a case mode. */
function denies(policy: CheckedPolicy, set: CheckedPolicy["denySets"][number]): string {
  const patterns = [...new Set(set.patterns.map((p) => JSON.stringify([p.source, [...p.excepts].sort()])))].sort();
  return JSON.stringify([policy.options.case, patterns]);
}

function abstractOutcome(policy: CheckedPolicy, leaf: Leaf): { outcome: Outcome; rule: string | null } {
  const { state } = leaf;
  const o = state.outcome;
  if (o === null) return { outcome: { target: "remote", mode: "direct", model: "", class: state.cls, via: "on error" }, rule: null };
  const trigger = state.trigger === null ? null : policy.escalate[state.trigger];
  const onError = o.guard || o.unservable || state.cls === null;
  const via = onError ? "on error" : trigger ? `escalated: ${trigger.value.reason}` : "routed";
  return { outcome: { target: o.target, mode: o.mode, model: o.model, class: state.cls, via }, rule: onError ? policy.onError.id : o.rule };
}

/** The outcome of a concrete decision, comparable with an abstract one. */
export function outcomeOf(decision: Decision): Outcome {
  const escalated = decision.reasons.find((r) => r.code === "escalated");
  const onError = decision.reasons.some((r) => r.code === "on-error" || r.code === "guard");
  const via = onError ? "on error" : escalated ? `escalated: ${escalated.message}` : "routed";
  return { target: decision.target, mode: decision.mode, model: decision.model, class: decision.class, via };
}

export function outcomeKey(o: Outcome): string {
  return JSON.stringify([o.target, o.mode, o.model, o.class, o.via]);
}

/** An interval as text, leaving out the bounds it shares with the root's. */
function interval(feature: NumericFeature, i: Interval, root: Interval): string {
  if (i.lo === i.hi) return `${feature} = ${i.lo}`;
  const low = i.lo === root.lo && i.loOpen === root.loOpen ? null : `${feature} ${i.loOpen ? ">" : "≥"} ${i.lo}`;
  const high = i.hi === root.hi && i.hiOpen === root.hiOpen ? null : `${feature} ${i.hiOpen ? "<" : "≤"} ${i.hi}`;
  if (low !== null && high !== null && !i.loOpen && !i.hiOpen) return `${i.lo} ≤ ${feature} ≤ ${i.hi}`;
  return [low, high].filter((x) => x !== null).join(" and ");
}

const integerFeatures: readonly NumericFeature[] = ["context", "files", "tool_failures", "runtime_errors"];

/**
 * The constraints of a region that narrow the root, readable. Deny sets are named with the side they come from
 * (`secrets (old)`), except those in `shared`, which deny the same on both sides.
 */
export function describeRegion(region: Region, root: Region, shared: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const feature of Object.keys(region.num) as NumericFeature[]) {
    const a = region.num[feature];
    const b = root.num[feature];
    if (a.lo === b.lo && a.hi === b.hi && a.loOpen === b.loOpen && a.hiOpen === b.hiOpen) continue;
    const integer = integerFeatures.includes(feature);
    if (!integer && region.bools["known"] === false) continue;
    out.push(`${interval(feature, a, b)}${!integer && (region.bools["known"] ?? null) === null ? " (when telemetry is known)" : ""}`);
  }
  for (const feature of ["kind", "hint"] as const) {
    const values = region[feature];
    if (values.length === root[feature].length) continue;
    const named = values.filter((v) => v !== OTHER);
    if (named.length === 0) out.push(`${feature} not in [${root[feature].filter((v) => v !== OTHER).join(", ")}]`);
    else out.push(`${feature} in [${named.join(", ")}${values.includes(OTHER) ? ", or another" : ""}]`);
  }
  for (const [key, value] of decidedBools(region)) {
    const [kind, ...rest] = key.split(":");
    const name = rest.join(":");
    switch (kind) {
      case "known":
        out.push(value ? "VRAM telemetry known" : "VRAM telemetry unknown");
        break;
      case "flag":
        out.push(value ? name : `not ${name}`);
        break;
      case "label":
        out.push(value ? `label ${name}` : `no label ${name}`);
        break;
      case "deny":
        out.push(`${value ? "some file" : "no file"} denied by ${name.replace(/^(old|new):/, "")}${shared.has(name) ? "" : ` (${name.startsWith("old:") ? "old" : "new"})`}`);
        break;
      case "any":
        out.push(`${value ? "some" : "no"} file matches \`${name}\``);
        break;
      case "all":
        // "no file matches g" already says that not every file does.
        if (value || region.bools[`any:${name}`] !== false) out.push(`${value ? "every" : "not every"} file matches \`${name}\``);
        break;
      default:
        out.push(`${key} ${String(value)}`);
    }
  }
  return out;
}

/**
 * The smallest box holding every region: the constraints all cells of a change share. VRAM features are
 * bounded over the cells with telemetry only, since they mean nothing where it is unknown.
 */
export function hull(regions: readonly Region[]): Region {
  const box = boxOf(regions);
  const known = regions.filter((r) => r.bools["known"] !== false);
  if (known.length === 0 || known.length === regions.length) return box;
  const knownBox = boxOf(known);
  const num = { ...box.num };
  for (const f of vramFeatures) num[f] = knownBox.num[f];
  return { ...box, num };
}

const vramFeatures: readonly NumericFeature[] = ["total_mib", "free_mib", "free_pct", "largest_free_mib", "fragmentation_pct"];

function boxOf(regions: readonly Region[]): Region {
  const [first, ...rest] = regions;
  if (first === undefined) throw new InternalError("hull of no regions");
  return rest.reduce<Region>((acc, r) => {
    const num = { ...acc.num };
    for (const f of Object.keys(num) as NumericFeature[]) {
      const x = acc.num[f];
      const y = r.num[f];
      const lo = x.lo < y.lo || (x.lo === y.lo && !x.loOpen) ? { lo: x.lo, loOpen: x.loOpen } : { lo: y.lo, loOpen: y.loOpen };
      const hi = x.hi > y.hi || (x.hi === y.hi && !x.hiOpen) ? { hi: x.hi, hiOpen: x.hiOpen } : { hi: y.hi, hiOpen: y.hiOpen };
      num[f] = { ...lo, ...hi };
    }
    const bools: Record<string, boolean | null> = {};
    for (const [k, v] of Object.entries(acc.bools)) if (v !== null && v === r.bools[k]) bools[k] = v;
    const union = (x: readonly string[], y: readonly string[]): string[] => [...new Set([...x, ...y])];
    return { num, kind: union(acc.kind, r.kind), hint: union(acc.hint, r.hint), bools };
  }, first);
}

function firstRemote(policy: CheckedPolicy): string {
  let t = policy.onError.value.target;
  while (t.kind !== "remote" && t.fallback !== null) t = t.fallback;
  return t.kind === "remote" ? t.remote : "";
}

/** An input every runtime rejects (no `task`): the witness of a changed `on error` decision. */
export const invalidWitness = { schema: "routec.input/1", files: [], context_tokens: 0, tool_failures: 0, schema_mismatch: false, vram: null };

export interface DiffOptions {
  /** Cells tried per change before giving up on a witness (default 40). */
  readonly witnessAttempts?: number;
  /** The most cells of the joint partition to explore (default 250,000, the verifier's budget). */
  readonly maxCells?: number;
}

/** The semantic difference of `before` and `after`: each change of decision with a confirmed witness. */
export function semanticDiff(before: DiffSide, after: DiffSide, options: DiffOptions = {}): SemanticDiff {
  // A new set that denies exactly what an old one does shares its boolean: renaming a set is no change, and the
  // joint partition does not explore impossible cells where one denies a file and the other does not.
  const same = new Map<string, string>();
  for (const s of after.checked.denySets) {
    const twin = before.checked.denySets.find((o) => denies(before.checked, o) === denies(after.checked, s));
    if (twin) same.set(s.name, `old:${twin.name}`);
  }
  const a = renamed(before.checked, (name) => `old:${name}`);
  const b = renamed(after.checked, (name) => same.get(name) ?? `new:${name}`);
  const newSets = b.denySets.filter((s) => s.name.startsWith("new:"));
  const union: CheckedPolicy = { ...a, denySets: [...a.denySets, ...newSets], matchGlobs: [...new Set([...a.matchGlobs, ...b.matchGlobs])].sort() };
  const na = namedValues(a);
  const nb = namedValues(b);
  const merge = (x: readonly string[], y: readonly string[]): string[] => [...new Set([...x, ...y])].sort();
  const names = { kinds: merge(na.kinds, nb.kinds), hints: merge(na.hints, nb.hints), labels: merge(na.labels, nb.labels) };
  const root = rootRegion(names.kinds, names.hints);
  const groups = new Map<string, { before: Outcome; after: Outcome; beforeRule: string | null; afterRule: string | null; regions: Region[] }>();
  let cells = 0;
  const budget = options.maxCells ?? 250_000;
  const first = explore(a, root, initialState(), false, budget);
  let complete = first.complete;
  for (const leafA of first.leaves) {
    const old = abstractOutcome(a, leafA);
    const second = explore(b, leafA.region, initialState(), false, Math.max(1, budget - cells));
    complete &&= second.complete;
    for (const leafB of second.leaves) {
      cells += 1;
      const now = abstractOutcome(b, leafB);
      const key = `${outcomeKey(old.outcome)}→${outcomeKey(now.outcome)}`;
      if (outcomeKey(old.outcome) === outcomeKey(now.outcome)) continue;
      const group = groups.get(key) ?? { before: old.outcome, after: now.outcome, beforeRule: old.rule, afterRule: now.rule, regions: [] };
      group.regions.push(leafB.region);
      groups.set(key, group);
    }
    if (cells >= budget) {
      complete = false;
      break;
    }
  }
  const changes: Change[] = [];
  let unwitnessed = 0;
  const attempts = options.witnessAttempts ?? 40;
  for (const group of groups.values()) {
    let found: Change | null = null;
    for (const region of group.regions.slice(0, attempts)) {
      const input: Input | null = witness(union, region, names);
      if (input === null) continue;
      const decisions = { before: evaluate(before.table, input), after: evaluate(after.table, input) };
      if (outcomeKey(outcomeOf(decisions.before)) !== outcomeKey(group.before) || outcomeKey(outcomeOf(decisions.after)) !== outcomeKey(group.after)) continue;
      found = { before: group.before, after: group.after, beforeRule: group.beforeRule, afterRule: group.afterRule, beforeSource: at(before.table, group.beforeRule), afterSource: at(after.table, group.afterRule), cells: group.regions.length, region: describeRegion(hull(group.regions), root, new Set(same.values())), witness: input, decisions };
      break;
    }
    if (found === null) unwitnessed += group.regions.length;
    else changes.push(found);
  }
  if (firstRemote(before.checked) !== firstRemote(after.checked)) {
    const decisions = { before: evaluate(before.table, invalidWitness), after: evaluate(after.table, invalidWitness) };
    changes.push({
      before: outcomeOf(decisions.before),
      after: outcomeOf(decisions.after),
      beforeRule: before.checked.onError.id,
      afterRule: after.checked.onError.id,
      beforeSource: at(before.table, before.checked.onError.id),
      afterSource: at(after.table, after.checked.onError.id),
      cells: 0,
      region: ["invalid inputs"],
      witness: invalidWitness,
      decisions,
    });
  }
  return { changes: changes.sort(byWitness), cells, unwitnessed, complete };
}

function at(table: Table, rule: string | null): SourceLocation | null {
  return rule === null ? null : (table.source_map[rule] ?? null);
}

/** How much a change matters: the target moved (0), the model or mode (1), the class (2), only the reason (3). */
export function severity(c: Change): number {
  if (c.before.target !== c.after.target) return 0;
  if (c.before.model !== c.after.model || c.before.mode !== c.after.mode) return 1;
  return c.before.class !== c.after.class ? 2 : 3;
}

function byWitness(x: Change, y: Change): number {
  const kx = `${severity(x)}${outcomeKey(x.before)}${outcomeKey(x.after)}`;
  const ky = `${severity(y)}${outcomeKey(y.before)}${outcomeKey(y.after)}`;
  return kx < ky ? -1 : kx > ky ? 1 : 0;
}

/** The outcome in words: `local qwen2.5:7b-instruct (class L1, routed)`. */
export function describeOutcome(o: Outcome): string {
  const where = o.target === "remote" ? `remote ${o.model}` : o.mode === "synthesis" ? `synthesis, draft ${o.model}` : `local ${o.model}`;
  return `${where} (${o.class === null ? "unclassified" : `class ${o.class}`}, ${o.via})`;
}
