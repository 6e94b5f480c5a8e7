/**
 * The reference interpreter: docs/semantics.md's decision procedure, step by step, on the checked policy. It is
 * the specification the compiled table is validated against, so it favours the obvious reading over speed and
 * shares no mechanism with `src/runtime` (its own input validation, path normalization and glob translation).
 */
import type { AssertCond, CheckedPattern, CheckedPolicy, CheckedRule } from "../check/checked.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type { Cond, Decision, DeniedFile, Input, NumericFeature, Reason, ReasonCode, SourceLocation, TargetRule } from "../runtime/types.js";
import { globToRegExp } from "./glob.js";
import { fileSpellings, validateInput } from "./input.js";
import { pathViews } from "./paths.js";

/** The redaction marker of denied paths. */
export const redactedPath = "[REDACTED:path]";

/** The facts about one valid input that conditions read. */
export interface Facts {
  readonly input: Input;
  /** Views of each file (both spellings), in input order. */
  readonly views: readonly (readonly string[])[];
  readonly fold: boolean;
  readonly denied: readonly DeniedFile[];
  readonly denials: readonly Denial[];
  readonly known: boolean;
  /** The input's `low_vram_mode` as given; the `low_vram_mode` condition also needs known telemetry. */
  readonly lowVramMode: boolean;
  readonly vram: Readonly<Record<"total_mib" | "free_mib" | "free_pct" | "largest_free_mib" | "fragmentation_pct", number>> | null;
  readonly level: string;
  readonly class: string | null;
}

function location(span: Span): SourceLocation {
  return { file: span.file, line: span.start.line, column: span.start.column };
}

function reason(code: ReasonCode, message: string, rule: CheckedRule<unknown> | null): Reason {
  return { code, message, rule: rule?.id ?? null, source: rule ? location(rule.span) : null };
}

/** Severity rank of a level: 0 is the most severe; `ok` (or any undeclared name) is the least. */
export function levelRank(policy: CheckedPolicy, level: string): number {
  const index = policy.vram.levels.findIndex((l) => l.value.name === level);
  return index < 0 ? policy.vram.levels.length : index;
}

const foldedRegExps = new Map<string, RegExp>();
const exactRegExps = new Map<string, RegExp>();
function globRegExp(glob: string, fold: boolean): RegExp {
  const cache = fold ? foldedRegExps : exactRegExps;
  let re = cache.get(glob);
  if (re === undefined) {
    re = globToRegExp(glob, fold);
    cache.set(glob, re);
  }
  return re;
}

/** True when some view is matched by the glob and by none of its excepts. */
export function globMatches(glob: string, excepts: readonly string[], views: readonly string[], fold: boolean): boolean {
  const include = globRegExp(glob, fold);
  for (const view of views) {
    if (!include.test(view)) continue;
    if (excepts.length === 0 || !excepts.some((except) => globRegExp(except, fold).test(view))) return true;
  }
  return false;
}

function foldsCase(policy: CheckedPolicy, input: Input): boolean {
  switch (policy.options.case) {
    case "insensitive":
      return true;
    case "sensitive":
      return false;
    case "platform":
      return input.platform !== "linux";
    default:
      return assertNever(policy.options.case, "case option");
  }
}

/** A denied file and the id of the pattern that denies it (the first in its set's order). */
interface Denial {
  readonly denied: DeniedFile;
  readonly pattern: CheckedPattern;
}

/**
 * The first denying pattern of each deny set (sets in name order) for one file's views. Memoized per policy and
 * views: the verifier evaluates many inputs built from the same few paths.
 */
const denialCache = new WeakMap<CheckedPolicy, Map<string, readonly { readonly set: string; readonly pattern: CheckedPattern }[]>>();

function denyingPatterns(policy: CheckedPolicy, views: readonly string[], fold: boolean): readonly { readonly set: string; readonly pattern: CheckedPattern }[] {
  const cache = denialCache.get(policy) ?? new Map<string, readonly { readonly set: string; readonly pattern: CheckedPattern }[]>();
  denialCache.set(policy, cache);
  const key = `${fold ? "f" : "s"}\u0000${views.join("\u0000")}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const found: { set: string; pattern: CheckedPattern }[] = [];
  for (const set of [...policy.denySets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const pattern = set.patterns.find((p) => globMatches(p.source, p.excepts, views, fold));
    if (pattern) found.push({ set: set.name, pattern });
  }
  cache.set(key, found);
  return found;
}

function deniedFiles(policy: CheckedPolicy, input: Input, views: readonly (readonly string[])[], fold: boolean): Denial[] {
  const out: Denial[] = [];
  input.files.forEach((file, index) => {
    for (const { set, pattern } of denyingPatterns(policy, views[index] ?? [], fold)) {
      const path = typeof file === "string" ? file : file.path;
      out.push({ denied: { set, pattern: pattern.source, file: index, path: policy.options.redact_denied ? redactedPath : path }, pattern });
    }
  });
  return out;
}

function vramFeatures(input: Input): Facts["vram"] {
  const gpus = input.vram?.gpus ?? [];
  if (gpus.length === 0) return null;
  const total = gpus.reduce((sum, gpu) => sum + gpu.total_mib, 0);
  const free = gpus.reduce((sum, gpu) => sum + gpu.free_mib, 0);
  const largest = Math.max(...gpus.map((gpu) => gpu.free_mib));
  return {
    total_mib: total,
    free_mib: free,
    free_pct: (100 * free) / total,
    largest_free_mib: largest,
    fragmentation_pct: free === 0 ? 0 : 100 * (1 - largest / free),
  };
}

function numeric(facts: Facts, feature: NumericFeature): number | null {
  switch (feature) {
    case "context":
      return facts.input.context_tokens;
    case "files":
      return facts.input.files.length;
    case "tool_failures":
      return facts.input.tool_failures;
    case "runtime_errors":
      return facts.input.runtime_errors ?? 0;
    case "total_mib":
    case "free_mib":
    case "free_pct":
    case "largest_free_mib":
    case "fragmentation_pct":
      return facts.vram === null ? null : facts.vram[feature];
    default:
      return assertNever(feature, "numeric feature");
  }
}

function compare(left: number, cmp: "<" | "<=" | ">" | ">=" | "==" | "!=", right: number): boolean {
  switch (cmp) {
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    default:
      return assertNever(cmp, "comparison");
  }
}

/** The glob of a match set named `glob:<source>`. */
export function matchSetGlob(set: string): string {
  return set.startsWith("glob:") ? set.slice("glob:".length) : set;
}

/** Evaluates a condition on the facts of a valid input. */
export function holds(policy: CheckedPolicy, cond: Cond, facts: Facts): boolean {
  switch (cond.op) {
    case "true":
      return true;
    case "false":
      return false;
    case "and":
      return cond.args.every((arg) => holds(policy, arg, facts));
    case "or":
      return cond.args.some((arg) => holds(policy, arg, facts));
    case "not":
      return !holds(policy, cond.arg, facts);
    case "cmp": {
      const value = numeric(facts, cond.feature);
      return value !== null && compare(value, cond.cmp, cond.value);
    }
    case "in": {
      const value = cond.feature === "kind" ? facts.input.task.kind : cond.feature === "hint" ? facts.input.task.class : facts.class;
      return value !== undefined && value !== null && cond.values.includes(value);
    }
    case "label":
      return facts.input.task.labels.some((label) => cond.values.includes(label));
    case "files": {
      const glob = matchSetGlob(cond.set);
      const matches = facts.views.map((views) => globMatches(glob, [], views, facts.fold));
      return cond.quantifier === "any" ? matches.some(Boolean) : matches.every(Boolean);
    }
    case "denied":
      return facts.denied.some((d) => cond.set === null || d.set === cond.set);
    case "vram":
      return levelRank(policy, facts.level) <= levelRank(policy, cond.level);
    case "flag":
      return cond.feature === "schema_mismatch" ? facts.input.schema_mismatch : facts.known && facts.lowVramMode;
    default:
      return assertNever(cond, "condition");
  }
}

function vramLevel(policy: CheckedPolicy, facts: Omit<Facts, "level" | "class">): string {
  const scratch: Facts = { ...facts, level: "ok", class: null };
  const first = facts.known ? policy.vram.levels.find((level) => holds(policy, level.value.when, scratch)) : undefined;
  const level = !facts.known ? policy.vram.unknown : first ? first.value.name : "ok";
  const floor = policy.vram.low_vram_mode;
  if (facts.lowVramMode && floor !== null && levelRank(policy, floor) < levelRank(policy, level)) return floor;
  return level;
}

/** Builds the facts of a valid input up to (not including) classification. */
export function inputFacts(policy: CheckedPolicy, input: Input): Facts {
  const fold = foldsCase(policy, input);
  const cwd = input.cwd ?? null;
  const home = input.home ?? null;
  const views = input.files.map((file) => [...new Set(fileSpellings(file).flatMap((p) => pathViews(p, cwd, home, fold)))]);
  const vram = vramFeatures(input);
  const known = vram !== null;
  const denials = deniedFiles(policy, input, views, fold);
  const partial = {
    input,
    views,
    fold,
    denials,
    denied: denials.map((d) => d.denied),
    known,
    lowVramMode: input.vram?.low_vram_mode === true,
    vram,
  };
  return { ...partial, level: vramLevel(policy, partial), class: null };
}

/** Why a local model cannot serve the task, or null when it can (docs/semantics.md, "cannot serve"). */
export function skipReason(policy: CheckedPolicy, modelName: string, facts: Facts): string | null {
  const model = policy.models[modelName];
  if (!model) return "unknown-model";
  const runtime = policy.runtimes[model.runtime];
  const cls = policy.classes.find((c) => c.name === facts.class);
  if (!runtime || !runtime.enabled) return "runtime-disabled";
  if (cls && !cls.local_allowed) return "class-forbids-local";
  if (facts.input.context_tokens > model.context) return "context";
  if (cls && cls.max_context !== null && facts.input.context_tokens > cls.max_context) return "class-context";
  if (cls && cls.tools_required && !model.tools) return "tools";
  if (facts.vram !== null && model.vram_mib > facts.vram.largest_free_mib) return "vram";
  return null;
}

/** A resolved target before the guard: where the task runs and the reasons resolution added. */
type Resolved = Pick<Decision, "target" | "mode" | "runtime" | "model" | "remote" | "review"> & { readonly reasons: readonly Reason[] };

function remoteDecision(policy: CheckedPolicy, name: string, reasons: readonly Reason[]): Resolved {
  return { target: "remote", mode: "direct", runtime: null, model: policy.remotes[name]?.model ?? name, remote: name, review: null, reasons };
}

/** No candidate can serve and there is no fallback; `reasons` says which were skipped. */
interface Unservable {
  readonly target: null;
  readonly reasons: readonly Reason[];
}

/** Resolves a target rule (docs/semantics.md step 7). */
function resolve(policy: CheckedPolicy, target: TargetRule, rule: CheckedRule<unknown>, facts: Facts, reasons: readonly Reason[]): Resolved | Unservable {
  switch (target.kind) {
    case "remote":
      return remoteDecision(policy, target.remote, reasons);
    case "local":
    case "synthesis": {
      const names = target.kind === "local" ? target.candidates : target.draft;
      const skipped: Reason[] = [];
      for (const name of names) {
        const why = skipReason(policy, name, facts);
        if (why !== null) {
          skipped.push(reason("skipped", `\`${name}\` skipped: ${why}`, rule));
          continue;
        }
        const runtime = policy.models[name]?.runtime ?? null;
        if (target.kind === "local") return { target: "local", mode: "direct", runtime, model: name, remote: null, review: null, reasons: [...reasons, ...skipped] };
        const review = { remote: target.review, model: policy.remotes[target.review]?.model ?? target.review };
        const drafted = reason("synthesis", `\`${name}\` drafts, \`${target.review}\` reviews`, rule);
        return { target: "local", mode: "synthesis", runtime, model: name, remote: null, review, reasons: [...reasons, ...skipped, drafted] };
      }
      if (target.fallback === null) return { target: null, reasons: [...reasons, ...skipped] };
      return resolve(policy, target.fallback, rule, facts, [...reasons, ...skipped, reason("fallback", "no candidate can serve, using the fallback", rule)]);
    }
    default:
      return assertNever(target, "target");
  }
}

interface Outcome {
  readonly resolved: Resolved;
  readonly class: string | null;
  readonly level: string | null;
  readonly denied: readonly DeniedFile[];
  readonly error: ErrorField;
}

/** Decision-time error codes (R05xx, registered in src/diagnostics/codes/input.ts). */
export const errorCodes = { input: "R0501", unclassified: "R0508", noRoute: "R0508", onErrorUnusable: "R0509", guard: "R0510" } as const;

/** The name of the remote when `on error` names no usable remote: the decision stays remote and carries an error. */
export const unavailableRemote = "unavailable";

type ErrorField = { readonly code: string; readonly message: string } | null;

function firstRemote(target: TargetRule): string | null {
  if (target.kind === "remote") return target.remote;
  return target.fallback === null ? null : firstRemote(target.fallback);
}

/**
 * The `on error` decision. Faults fail closed, so it is the first remote on the `on error` chain, never a local
 * candidate (the verifier rejects an `on error` that is not a remote).
 */
function onError(policy: CheckedPolicy, reasons: readonly Reason[], message: string, error: ErrorField): { readonly resolved: Resolved; readonly error: ErrorField } {
  const rule = policy.onError;
  const name = firstRemote(rule.value.target);
  const remote = name === null ? undefined : policy.remotes[name];
  if (name === null || !remote) {
    const marked = [...reasons, reason("on-error", message, null)];
    const resolved: Resolved = { target: "remote", mode: "direct", runtime: null, model: unavailableRemote, remote: unavailableRemote, review: null, reasons: marked };
    return { resolved, error: error ?? { code: errorCodes.onErrorUnusable, message: "`on error` has no usable remote" } };
  }
  return { resolved: remoteDecision(policy, name, [...reasons, reason("on-error", message, rule)]), error };
}

function decide(policy: CheckedPolicy, input: Input): Outcome {
  const base = inputFacts(policy, input);
  const deniedReasons = base.denials.map(({ denied: d, pattern }) => ({
    code: "denied" as const,
    message: `file ${d.file} is denied by \`${d.set}\` (\`${d.pattern}\`)`,
    rule: pattern.id,
    source: location(pattern.span),
  }));
  const common = { level: base.level, denied: base.denied };
  const classRule = policy.classify.find((rule) => holds(policy, rule.value.when, base));
  if (!classRule) {
    const message = "no classification rule matches the task";
    return { ...common, class: null, ...onError(policy, deniedReasons, message, { code: errorCodes.unclassified, message }) };
  }
  const facts: Facts = { ...base, class: classRule.value.class };
  const outcome = { ...common, class: facts.class };
  const classified = [...deniedReasons, reason("classified", `class \`${classRule.value.class}\``, classRule)];
  const trigger = policy.escalate.find((rule) => holds(policy, rule.value.when, facts));
  const route = policy.routes[classRule.value.class];
  if (!trigger && !route) {
    const message = `class \`${classRule.value.class}\` has no route`;
    return { ...outcome, ...onError(policy, classified, message, { code: errorCodes.noRoute, message }) };
  }
  const chosen = trigger
    ? { rule: trigger as CheckedRule<unknown>, target: trigger.value.target, why: reason("escalated", trigger.value.reason, trigger) }
    : { rule: route as CheckedRule<unknown>, target: (route as NonNullable<typeof route>).value.target, why: reason("routed", `route for class \`${classRule.value.class}\``, route as CheckedRule<unknown>) };
  const resolved = resolve(policy, chosen.target, chosen.rule, facts, [...classified, chosen.why]);
  if (resolved.target === null) return { ...outcome, ...onError(policy, resolved.reasons, `no candidate of \`${chosen.rule.id}\` can serve and it has no fallback`, null) };
  if (resolved.target === "local" && facts.denied.length > 0) {
    const message = "a denied file would go to a local model";
    return { ...outcome, ...onError(policy, [...resolved.reasons, reason("guard", message, null)], message, { code: errorCodes.guard, message }) };
  }
  return { ...outcome, resolved, error: null };
}

/** Options of the reference interpreter: the table hash to stamp on decisions (the reference has no table). */
export interface ReferenceOptions {
  readonly sha256?: string;
}

/** Evaluates an input against a checked policy as docs/semantics.md specifies; never throws for a bad input. */
export function referenceEvaluate(policy: CheckedPolicy, input: unknown, options: ReferenceOptions = {}): Decision {
  const stamp = { name: policy.name, version: policy.version, sha256: options.sha256 ?? "" };
  const valid = validateInput(input);
  if (!valid.ok) {
    const { resolved, error } = onError(policy, [reason("input-error", valid.message, null)], "the input or table is unusable", { code: errorCodes.input, message: valid.message });
    return { schema: "routec.decision/1", ...fields(resolved), class: null, vram_level: null, reasons: resolved.reasons, denied: [], error, policy: stamp };
  }
  const outcome = decide(policy, valid.value);
  return {
    schema: "routec.decision/1",
    ...fields(outcome.resolved),
    class: outcome.class,
    vram_level: outcome.level,
    reasons: outcome.resolved.reasons,
    denied: outcome.denied,
    error: outcome.error,
    policy: stamp,
  };
}

function fields(resolved: Resolved): Pick<Decision, "target" | "mode" | "runtime" | "model" | "remote" | "review"> {
  return { target: resolved.target, mode: resolved.mode, runtime: resolved.runtime, model: resolved.model, remote: resolved.remote, review: resolved.review };
}

/** Evaluates an assert condition on an input and the decision the policy made for it. */
export function assertHolds(policy: CheckedPolicy, cond: AssertCond, input: unknown, decision: Decision): boolean {
  const valid = validateInput(input);
  if (!valid.ok) return true;
  const facts: Facts = { ...inputFacts(policy, valid.value), class: decision.class };
  return assertOn(policy, cond, facts, decision);
}

function assertOn(policy: CheckedPolicy, cond: AssertCond, facts: Facts, decision: Decision): boolean {
  switch (cond.op) {
    case "and":
      return cond.args.every((arg) => assertOn(policy, arg, facts, decision));
    case "or":
      return cond.args.some((arg) => assertOn(policy, arg, facts, decision));
    case "not":
      return !assertOn(policy, cond.arg, facts, decision);
    case "implies":
      return !assertOn(policy, cond.left, facts, decision) || assertOn(policy, cond.right, facts, decision);
    case "location":
      return decision.target === cond.location;
    case "target":
      return decision.target === "remote" ? decision.remote === cond.name : decision.model === cond.name;
    case "mode":
      return decision.mode === cond.mode;
    default:
      return holds(policy, cond, facts);
  }
}
