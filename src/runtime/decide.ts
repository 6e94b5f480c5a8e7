/**
 * The decision procedure of docs/semantics.md, step by step, on a prepared table. `trace` is null for
 * `evaluate` so the hot path builds no trace objects.
 */
import { GUARD, ON_ERROR_UNUSABLE, RUNTIME_FAULT, TABLE_INVALID } from "./codes.js";
import { HEAD, lookup, matchViews, SUFFIX, TAIL } from "./globs.js";
import type { CompiledSet } from "./globs.js";
import { validateInput } from "./input.js";
import { normalizePath, pathContext, pathViews, plain } from "./paths.js";
import type { PathContext } from "./paths.js";
import { onErrorRemote, prepare } from "./table.js";
import type { Prepared } from "./table.js";
import type { Cond, Decision, DeniedFile, Input, Reason, ReasonCode, SkipReason, SourceLocation, Table, TargetRule, TraceStep, VramFeatures } from "./types.js";
import { own } from "./util.js";

/** The placeholder for a denied path when the policy redacts denied paths. */
export const REDACTED = "[REDACTED:path]";

/**
 * Named when the table offers no usable remote for `on error`: the decision still says remote and carries
 * `error`, so an embedder that honours either never runs the task locally.
 */
export const UNAVAILABLE = "unavailable";

interface Ctx {
  readonly p: Prepared;
  readonly t: Table;
  readonly input: Input;
  readonly trace: TraceStep[] | null;
  readonly reasons: Reason[];
  /** Per set (in `sets` order) and file: the lowest matching pattern index; none (read as -1) when none matches. */
  readonly member: number[];
  readonly sets: readonly CompiledSet[];
  readonly nfiles: number;
  anyDenied: boolean;
  features: VramFeatures | null;
  level: string;
  cls: string | null;
}

type Resolved =
  | { readonly kind: "remote"; readonly remote: string; readonly model: string }
  | { readonly kind: "local"; readonly model: string; readonly runtime: string }
  | { readonly kind: "synthesis"; readonly model: string; readonly runtime: string; readonly review: string; readonly reviewModel: string }
  | { readonly kind: "none"; readonly rule: string };


function source(t: unknown, rule: string | null): SourceLocation | null {
  try {
    const map = (t as Table).source_map;
    return rule !== null && typeof map === "object" && map !== null && own(map, rule) ? map[rule] ?? null : null;
  } catch {
    return null;
  }
}

function reason(ctx: { readonly t: unknown; readonly reasons: Reason[] }, code: ReasonCode, message: string, rule: string | null): void {
  ctx.reasons.push({ code, message, rule, source: source(ctx.t, rule) });
}

function policyOf(t: unknown): Decision["policy"] {
  const o = (t ?? {}) as { policy?: { name?: unknown; version?: unknown }; sha256?: unknown };
  const { name, version } = o.policy ?? {};
  return { name: typeof name === "string" ? name : "unknown", version: typeof version === "number" ? version : null, sha256: typeof o.sha256 === "string" ? o.sha256 : "" };
}

function decision(t: unknown, r: Exclude<Resolved, { kind: "none" }>, cls: string | null, level: string | null, reasons: readonly Reason[], denied: readonly DeniedFile[], error: Decision["error"]): Decision {
  const local = r.kind !== "remote";
  return {
    schema: "routec.decision/1",
    target: local ? "local" : "remote",
    mode: r.kind === "synthesis" ? "synthesis" : "direct",
    runtime: local ? r.runtime : null,
    model: r.model,
    remote: local ? null : r.remote,
    review: r.kind === "synthesis" ? { remote: r.review, model: r.reviewModel } : null,
    class: cls,
    vram_level: level,
    reasons,
    denied,
    error,
    policy: policyOf(t),
  };
}

/**
 * The `on error` decision: the first remote on the table's `on_error` chain, never a local target; when there is
 * none, the `unavailable` remote with `error` set.
 */
export function onError(t: unknown, reasons: Reason[], trace: TraceStep[] | null, why: string, error: Decision["error"], cls: string | null, level: string | null, denied: readonly DeniedFile[]): Decision {
  trace?.push({ step: "on-error", why });
  const r = onErrorRemote(t);
  const rule = r?.rule ?? null;
  reasons.push({ code: "on-error", message: r === null ? `${why}; \`on error\` has no usable remote` : why, rule, source: source(t, rule) });
  const err = r === null ? error ?? { code: ON_ERROR_UNUSABLE, message: "`on error` has no usable remote" } : error;
  return decision(t, { kind: "remote", remote: r?.remote ?? UNAVAILABLE, model: r?.model ?? UNAVAILABLE }, cls, level, reasons, denied, err);
}

function inputError(t: unknown, trace: TraceStep[] | null, code: string, message: string): Decision {
  const reasons: Reason[] = [{ code: "input-error", message, rule: null, source: null }];
  return onError(t, reasons, trace, "the input or table is unusable", { code, message }, null, null, []);
}

function feature(ctx: Ctx, f: string): number | undefined {
  const i = ctx.input;
  switch (f) {
    case "context":
      return i.context_tokens;
    case "files":
      return ctx.nfiles;
    case "tool_failures":
      return i.tool_failures;
    case "runtime_errors":
      return i.runtime_errors ?? 0;
    default:
      return ctx.features === null ? undefined : ctx.features[f as keyof VramFeatures];
  }
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
      return a === b;
    default:
      return a !== b;
  }
}

function setMember(ctx: Ctx, name: string, all: boolean): boolean {
  const s = ctx.sets.findIndex((cs) => cs.name === name);
  const base = s * ctx.nfiles;
  for (let f = 0; f < ctx.nfiles; f++) {
    if ((ctx.member[base + f] ?? -1) >= 0 !== all) return !all;
  }
  return all;
}

function holds(c: Cond, ctx: Ctx): boolean {
  switch (c.op) {
    case "true":
      return true;
    case "false":
      return false;
    case "and":
      return c.args.every((a) => holds(a, ctx));
    case "or":
      return c.args.some((a) => holds(a, ctx));
    case "not":
      return !holds(c.arg, ctx);
    case "cmp": {
      const v = feature(ctx, c.feature);
      // A VRAM feature of unknown telemetry compares false either way; the `unknown as` level decides instead.
      return v !== undefined && compare(v, c.cmp, c.value);
    }
    case "in": {
      const v = c.feature === "kind" ? ctx.input.task.kind : c.feature === "hint" ? ctx.input.task.class : ctx.cls;
      return typeof v === "string" && c.values.includes(v);
    }
    case "label":
      return ctx.input.task.labels.some((l) => c.values.includes(l));
    case "files":
      return setMember(ctx, c.set, c.quantifier === "all");
    case "denied":
      return c.set === null ? ctx.anyDenied : setMember(ctx, c.set, false);
    case "vram":
      return rank(ctx, ctx.level) <= rank(ctx, c.level);
    case "flag":
      // `low_vram_mode` is telemetry: false when there is none (docs/semantics.md, conditions).
      return c.feature === "schema_mismatch" ? ctx.input.schema_mismatch : ctx.features !== null && ctx.input.vram?.low_vram_mode === true;
  }
}

function rank(ctx: Ctx, level: string): number {
  return ctx.p.rank.get(level) ?? ctx.t.vram.levels.length;
}

function fold(t: Table, input: Input): boolean {
  const mode = t.options.case;
  return mode === "insensitive" || (mode === "platform" && input.platform !== "linux");
}

interface Paths {
  readonly home: string | undefined;
  readonly cwd: string | undefined;
  readonly sets: readonly CompiledSet[];
  readonly pc: PathContext;
  /**
   * The folded cwd and `/` when a plain path under it (relative, or absolute and starting with it) can be matched
   * on the text after it alone, else null: the views of `cwd/rel` are then the cwd's views each followed by
   * `/rel` (so when the cwd is at least 9 characters, the longest conventional home root, and the home no longer
   * than it), and those heads match no include key nor start one that continues past them.
   */
  readonly head: string | null;
  /** The bits (`c & 31`) of the characters a segment or basename key of some set may start with. */
  readonly starts: number;
}

// The last `Paths`: embedders pass the same home and cwd with input after input.
let last: Paths | null = null;

/** The path context of `input` and its quiet head, for `sets` (which also tell the case mode). */
function paths(input: Input, fold: boolean, sets: readonly CompiledSet[]): Paths {
  const { home, cwd } = input;
  if (last !== null && last.home === home && last.cwd === cwd && last.sets === sets) return last;
  const pc = pathContext(home, cwd, fold);
  const c = fold ? pc.cwdText.toLowerCase() : pc.cwdText;
  const ok = c.length >= 9 && (pc.viewHome ?? "").length <= c.length && pathViews(c, pc.viewHome).every((v) => sets.every((cs) => !lookup(cs.include, v, null, HEAD)));
  return (last = { home, cwd, sets, pc, head: ok ? c + "/" : null, starts: sets.reduce((m, cs) => m | cs.include.floating.f, 0) });
}

const NONE: string[] = [];

/**
 * Records the membership of one spelling of file `f` in every glob set and returns its views; NONE, without
 * normalizing, when its `Paths.head` shows the spelling matches no set (never when tracing).
 */
function spell(ctx: Ctx, { pc, head, starts }: Paths, spelling: string, f: number): string[] {
  if (head !== null && ctx.trace === null) {
    let rel = spelling;
    while (rel.charCodeAt(0) === 46 && rel.charCodeAt(1) === 47) rel = rel.slice(2);
    const kind = plain(rel, starts);
    if (kind > 0) {
      const text = pc.fold && kind > 1 ? rel.toLowerCase() : rel;
      const tail = text.charCodeAt(0) === 47 && text.startsWith(head) ? text.slice(head.length) : text;
      // Kind 1: no segment can start a segment or basename key, so only the suffix keys are left.
      if (tail.charCodeAt(0) !== 47 && ctx.sets.every((cs) => !lookup(cs.include, tail, null, kind > 1 ? TAIL : SUFFIX))) return NONE;
    }
  }
  const norm = normalizePath(spelling, pc);
  // INVARIANT: validation rejected empty and NUL paths; a null here would be a bug, so it denies nothing silently.
  const views = norm === null ? [] : pathViews(norm, pc.viewHome);
  ctx.sets.forEach((cs, s) => {
    const hit = matchViews(cs, views);
    const at = s * ctx.nfiles + f;
    const prev = ctx.member[at] ?? -1;
    if (hit >= 0 && (prev < 0 || hit < prev)) ctx.member[at] = hit;
  });
  return views;
}

/** Step 2: normalizes each spelling of each file once and records its membership in every glob set. */
function matchFiles(ctx: Ctx, p: Paths, denied: DeniedFile[]): void {
  const files = ctx.input.files;
  const redact = ctx.t.options.redact_denied;
  for (let f = 0; f < files.length; f++) {
    const ref = files[f];
    const path = typeof ref === "string" ? ref : ref?.path ?? "";
    const real = typeof ref === "string" ? undefined : ref?.real;
    const views = spell(ctx, p, path, f);
    const realViews = real === undefined ? null : spell(ctx, p, real, f);
    let fileDenied = false;
    for (let s = 0; s < ctx.sets.length; s++) {
      const cs = ctx.sets[s];
      const hit = ctx.member[s * files.length + f] ?? -1;
      if (cs === undefined || hit < 0) continue;
      const pattern = cs.set.patterns[hit];
      if (pattern === undefined) continue;
      ctx.trace?.push({ step: "match", set: cs.name, kind: cs.set.kind, file: f, pattern: pattern.source });
      if (cs.set.kind !== "deny") continue;
      fileDenied = true;
      denied.push({ set: cs.name, pattern: pattern.source, file: f, path: redact ? REDACTED : path });
      reason(ctx, "denied", `file ${f} is denied by \`${cs.name}\` (\`${pattern.source}\`)`, pattern.rule);
    }
    if (fileDenied) ctx.anyDenied = true;
    const shown = (vs: string[]): string[] => (fileDenied && redact ? vs.map(() => REDACTED) : vs);
    ctx.trace?.push({ step: "path", file: f, spelling: "path", views: shown(views) });
    if (realViews !== null) ctx.trace?.push({ step: "path", file: f, spelling: "real", views: shown(realViews) });
  }
}

/** Step 3: the VRAM features and level. */
function vramLevel(ctx: Ctx): void {
  const v = ctx.input.vram;
  const policy = ctx.t.vram;
  let level = policy.unknown;
  if (v !== null && v.gpus.length > 0) {
    let total = 0;
    let free = 0;
    let largest = 0;
    for (const g of v.gpus) {
      total += g.total_mib;
      free += g.free_mib;
      if (g.free_mib > largest) largest = g.free_mib;
    }
    ctx.features = { total_mib: total, free_mib: free, free_pct: (100 * free) / total, largest_free_mib: largest, fragmentation_pct: free > 0 ? 100 * (1 - largest / free) : 0 };
    level = policy.levels.find((l) => holds(l.when, ctx))?.name ?? "ok";
  }
  let raisedFrom: string | null = null;
  const mode = v?.low_vram_mode === true;
  if (mode && policy.low_vram_mode !== null && rank(ctx, policy.low_vram_mode) < rank(ctx, level)) {
    raisedFrom = level;
    level = policy.low_vram_mode;
  }
  ctx.level = level;
  ctx.trace?.push({ step: "vram", known: ctx.features !== null, features: ctx.features, level, low_vram_mode: mode, raised_from: raisedFrom });
}

function skipReason(ctx: Ctx, name: string, role: "candidate" | "draft"): SkipReason | null {
  const t = ctx.t;
  const m = t.models[name];
  const rt = m === undefined ? undefined : t.runtimes[m.runtime];
  const cl = ctx.cls === null ? undefined : t.classes[ctx.cls];
  if (m === undefined || rt === undefined || cl === undefined) return "runtime-disabled";
  const tokens = ctx.input.context_tokens;
  const largest = ctx.features === null ? null : ctx.features.largest_free_mib;
  const skip: SkipReason | null = !rt.enabled
    ? "runtime-disabled"
    : !cl.local_allowed
      ? "class-forbids-local"
      : tokens > m.context
        ? "context"
        : cl.max_context !== null && tokens > cl.max_context
          ? "class-context"
          : cl.tools_required && !m.tools
            ? "tools"
            : largest !== null && m.vram_mib > largest
              ? "vram"
              : null;
  ctx.trace?.push({
    step: "candidate",
    model: name,
    role,
    skipped: skip,
    thresholds: { runtime_enabled: rt.enabled, local_allowed: cl.local_allowed, context_tokens: tokens, model_context: m.context, class_max_context: cl.max_context, tools_required: cl.tools_required, model_tools: m.tools, vram_mib: m.vram_mib, largest_free_mib: largest },
  });
  return skip;
}

/** Step 7: resolves a target; `none` when every candidate is skipped and there is no fallback. */
function resolve(ctx: Ctx, target: TargetRule, rule: string): Resolved {
  const t = ctx.t;
  if (target.kind === "remote") return { kind: "remote", remote: target.remote, model: t.remotes[target.remote]?.model ?? UNAVAILABLE };
  const role = target.kind === "local" ? "candidate" : "draft";
  for (const name of target.kind === "local" ? target.candidates : target.draft) {
    const skip = skipReason(ctx, name, role);
    if (skip !== null) {
      reason(ctx, "skipped", `\`${name}\` skipped: ${skip}`, rule);
      continue;
    }
    const runtime = t.models[name]?.runtime ?? "";
    if (target.kind === "local") return { kind: "local", model: name, runtime };
    reason(ctx, "synthesis", `\`${name}\` drafts locally, \`${target.review}\` reviews`, rule);
    return { kind: "synthesis", model: name, runtime, review: target.review, reviewModel: t.remotes[target.review]?.model ?? UNAVAILABLE };
  }
  const fb = target.fallback;
  ctx.trace?.push({ step: "fallback", to: fb === null ? "on-error" : fb.kind });
  if (fb === null) return { kind: "none", rule };
  reason(ctx, "fallback", `no ${role} can serve; falling back to ${fb.kind === "remote" ? `\`${fb.remote}\`` : `the ${fb.kind} fallback`}`, rule);
  return resolve(ctx, fb, rule);
}

function decide(p: Prepared, input: Input, trace: TraceStep[] | null): Decision {
  const t = p.table;
  const folded = fold(t, input);
  const sets = (folded ? p.folded : p.exact) ?? [];
  const nfiles = input.files.length;
  const ctx: Ctx = { p, t, input, trace, reasons: [], member: [], sets, nfiles, anyDenied: false, features: null, level: t.vram.unknown, cls: null };
  const denied: DeniedFile[] = [];
  matchFiles(ctx, paths(input, folded, sets), denied);
  vramLevel(ctx);
  for (const rule of t.classify) {
    const matched = holds(rule.when, ctx);
    trace?.push({ step: "classify", rule: rule.id, matched, class: rule.then });
    if (matched) {
      ctx.cls = rule.then;
      reason(ctx, "classified", `class \`${rule.then}\``, rule.id);
      break;
    }
  }
  if (ctx.cls === null) return onError(t, ctx.reasons, trace, "no classification rule matched", { code: TABLE_INVALID, message: "no classification rule matched" }, null, ctx.level, denied);
  let resolved: Resolved | null = null;
  for (const rule of t.escalate) {
    const matched = holds(rule.when, ctx);
    trace?.push({ step: "escalate", rule: rule.id, matched, reason: rule.reason });
    if (matched) {
      reason(ctx, "escalated", rule.reason, rule.id);
      resolved = resolve(ctx, rule.target, rule.id);
      break;
    }
  }
  if (resolved === null) {
    const route = t.routes[ctx.cls];
    if (route === undefined) return onError(t, ctx.reasons, trace, `class \`${ctx.cls}\` has no route`, { code: TABLE_INVALID, message: `class \`${ctx.cls}\` has no route` }, ctx.cls, ctx.level, denied);
    trace?.push({ step: "route", rule: route.id, class: ctx.cls });
    reason(ctx, "routed", `route for class \`${ctx.cls}\``, route.id);
    resolved = resolve(ctx, route.target, route.id);
  }
  if (resolved.kind === "none") return onError(t, ctx.reasons, trace, `no candidate of \`${resolved.rule}\` can serve and it has no fallback`, null, ctx.cls, ctx.level, denied);
  // Step 8: a denied file never goes to a local model, whatever a hand-edited table says.
  const tripped = ctx.anyDenied && resolved.kind !== "remote";
  trace?.push({ step: "guard", tripped });
  if (tripped) {
    const message = "a denied file would go to a local model";
    reason(ctx, "guard", message, null);
    return onError(t, ctx.reasons, trace, message, { code: GUARD, message }, ctx.cls, ctx.level, denied);
  }
  return decision(t, resolved, ctx.cls, ctx.level, ctx.reasons, denied, null);
}

/** Runs the whole procedure; every fault becomes the `on error` decision. Never throws. */
export function run(table: unknown, input: unknown, trace: TraceStep[] | null): Decision {
  try {
    const prep = prepare(table);
    trace?.push({ step: "table", ok: prep.ok, error: prep.ok ? null : prep.message });
    if (!prep.ok) return inputError(table, trace, TABLE_INVALID, `invalid table: ${prep.message}`);
    const v = validateInput(input);
    trace?.push({ step: "input", ok: v.ok, error: v.ok ? null : { code: v.code, message: v.message, path: v.path } });
    if (!v.ok) return inputError(table, trace, v.code, `invalid input at \`${v.path}\`: ${v.message}`);
    return decide(prep.prepared, v.input, trace);
  } catch (e) {
    try {
      return inputError(table, trace, RUNTIME_FAULT, `runtime fault: ${e instanceof Error ? e.message : "unknown"}`);
    } catch {
      return inputError(null, null, RUNTIME_FAULT, "runtime fault");
    }
  }
}
