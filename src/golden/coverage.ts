/**
 * Rule coverage of golden cases, read from the runtime's explain traces: which classify rules, escalate
 * triggers, routes, candidates (chosen and skipped), deny patterns and VRAM levels some case exercises. The
 * policy's own deny patterns count towards the percentage; the built-in `std.secrets` patterns are reported
 * separately, because no reasonable fixture set exercises every one of them.
 */
import { globMatches } from "../reference/evaluate.js";
import { fileSpellings } from "../reference/input.js";
import { pathViews } from "../reference/paths.js";
import type { ClassInfo, Input, Table, TargetRule, TraceStep } from "../runtime/types.js";

export type CoverageKind = "classify" | "escalate" | "route" | "candidate" | "deny" | "vram" | "on_error" | "std";

export interface CoverageItem {
  readonly kind: CoverageKind;
  /** False for a candidate that can never be chosen (earlier candidates serve every task it could): not counted. */
  readonly reachable: boolean;
  /** Stable key: a rule id, `route:L1 > "m" chosen`, `route:L1 > fallback`, `deny:secrets#52`, `vram:critical`. */
  readonly id: string;
  readonly label: string;
  readonly hits: number;
}

export interface Coverage {
  readonly items: readonly CoverageItem[];
  /** Items counted in `percent` (everything but `std`). */
  readonly covered: number;
  readonly total: number;
  readonly percent: number;
  readonly std: { readonly covered: number; readonly total: number };
}

/** The local models of a target and its fallbacks, in the order they are tried. */
function chain(target: TargetRule): string[] {
  if (target.kind === "remote") return [];
  const names = target.kind === "local" ? target.candidates : target.draft;
  return target.fallback === null ? [...names] : [...names, ...chain(target.fallback)];
}

/**
 * Whether the model at `index` of a chain can be chosen: with the largest context it accepts and the smallest
 * free VRAM block it fits in, every earlier candidate must be skipped. Those two values skip the most earlier
 * candidates while it still serves, so if they do not, nothing does. `cls` is null for an escalate target
 * (any class).
 */
function canBeChosen(table: Table, models: readonly string[], index: number, cls: ClassInfo | null): boolean {
  const staticSkip = (name: string): boolean => {
    const m = table.models[name];
    const runtime = m ? table.runtimes[m.runtime] : undefined;
    return !m || !runtime || !runtime.enabled || (cls !== null && (!cls.local_allowed || (cls.tools_required && !m.tools)));
  };
  const name = models[index] as string;
  const model = table.models[name];
  if (!model || staticSkip(name)) return false;
  const context = Math.min(model.context, cls?.max_context ?? Infinity);
  return models.slice(0, index).every((earlier) => {
    const e = table.models[earlier];
    return staticSkip(earlier) || !e || e.context < context || e.vram_mib > model.vram_mib;
  });
}

/** Every coverage item of a table, with zero hits, in report order. */
export function coverageItems(table: Table): { kind: CoverageKind; id: string; label: string; reachable: boolean }[] {
  const items: { kind: CoverageKind; id: string; label: string; reachable: boolean }[] = [];
  const push = (kind: CoverageKind, id: string, label: string, reachable = true): void => void items.push({ kind, id, label, reachable });
  for (const r of table.classify) push("classify", r.id, `${r.id} -> ${r.then}`);
  for (const r of table.escalate) push("escalate", r.id, `${r.id} "${r.reason}"`);
  for (const [cls, r] of Object.entries(table.routes)) push("route", r.id, `${r.id} (class ${cls})`);
  const targets = [...table.escalate.map((r) => ({ r, cls: null })), ...Object.entries(table.routes).map(([cls, r]) => ({ r, cls: table.classes[cls] ?? null }))];
  for (const { r, cls } of targets) {
    const models = chain(r.target);
    models.forEach((m, i) => {
      push("candidate", `${r.id} > "${m}" chosen`, `${r.id} > "${m}" chosen`, canBeChosen(table, models, i, cls));
      push("candidate", `${r.id} > "${m}" skipped`, `${r.id} > "${m}" skipped`);
    });
    if (r.target.kind !== "remote" && r.target.fallback !== null) push("candidate", `${r.id} > fallback`, `${r.id} > fallback (every candidate skipped)`);
  }
  for (const set of Object.values(table.globsets)) {
    if (set.kind !== "deny") continue;
    for (const p of set.patterns) push(p.origin === "policy" ? "deny" : "std", p.rule, `${p.rule} "${p.source}"${p.origin === "policy" ? "" : ` (${p.origin})`}`);
  }
  for (const l of table.vram.levels) push("vram", l.id, `vram level \`${l.name}\``);
  push("vram", "vram:ok", "vram level `ok` (no level holds)");
  push("vram", "vram:unknown", `unknown telemetry (as \`${table.vram.unknown}\`)`);
  if (table.vram.low_vram_mode !== null) push("vram", "vram:low_vram_mode", `low-VRAM mode raises the level (to \`${table.vram.low_vram_mode}\`)`);
  push("on_error", table.on_error.id, "on error (invalid input or no decision)");
  return items;
}

/**
 * The deny patterns (rule ids) that match some file of the input, every one of them and not only the first
 * the runtime reports, so a policy pattern that repeats a `std.secrets` one is still exercised.
 */
function deniedPatterns(table: Table, input: Input): string[] {
  const fold = table.options.case === "insensitive" || (table.options.case === "platform" && input.platform !== "linux");
  const views = input.files.flatMap((f) => fileSpellings(f).map((p) => pathViews(p, input.cwd ?? null, input.home ?? null, fold)));
  const out: string[] = [];
  for (const set of Object.values(table.globsets)) {
    if (set.kind !== "deny") continue;
    for (const p of set.patterns) {
      const excepts = p.excepts.map((i) => set.excepts[i] ?? "");
      if (views.some((v) => globMatches(p.source, excepts, v, fold))) out.push(p.rule);
    }
  }
  return out;
}

/** The coverage keys one case exercises: its trace, and the deny patterns its (valid) input's files match. */
export function traceKeys(table: Table, trace: readonly TraceStep[], input: unknown): Set<string> {
  const keys = new Set<string>();
  const valid = trace.some((s) => s.step === "input" && s.ok);
  if (valid && trace.some((s) => s.step === "match" && s.kind === "deny")) deniedPatterns(table, input as Input).forEach((k) => keys.add(k));
  let resolving: string | null = null;
  for (const s of trace) {
    switch (s.step) {
      case "classify":
        if (s.matched) keys.add(s.rule);
        break;
      case "escalate":
        if (s.matched) {
          keys.add(s.rule);
          resolving = s.rule;
        }
        break;
      case "route":
        keys.add(s.rule);
        resolving = s.rule;
        break;
      case "candidate":
        if (resolving !== null) keys.add(`${resolving} > "${s.model}" ${s.skipped === null ? "chosen" : "skipped"}`);
        break;
      case "fallback":
        if (resolving !== null) keys.add(`${resolving} > fallback`);
        break;
      case "vram":
        if (!s.known) keys.add("vram:unknown");
        else {
          const level = s.raised_from ?? s.level;
          keys.add(table.vram.levels.find((l) => l.name === level)?.id ?? "vram:ok");
        }
        if (s.raised_from !== null) keys.add("vram:low_vram_mode");
        break;
      case "on-error":
        keys.add(table.on_error.id);
        break;
      default:
        break;
    }
  }
  return keys;
}

/** Coverage of a table by its cases: each case's input and explain trace. */
export function coverageOf(table: Table, runs: readonly { readonly input: unknown; readonly trace: readonly TraceStep[] }[]): Coverage {
  const hits = new Map<string, number>();
  for (const run of runs) for (const key of traceKeys(table, run.trace, run.input)) hits.set(key, (hits.get(key) ?? 0) + 1);
  const items = coverageItems(table).map((i) => ({ ...i, hits: hits.get(i.id) ?? 0 }));
  const counted = items.filter((i) => i.kind !== "std" && (i.reachable || i.hits > 0));
  const std = items.filter((i) => i.kind === "std");
  const covered = counted.filter((i) => i.hits > 0).length;
  return {
    items,
    covered,
    total: counted.length,
    percent: counted.length === 0 ? 100 : Math.floor((1000 * covered) / counted.length) / 10,
    std: { covered: std.filter((i) => i.hits > 0).length, total: std.length },
  };
}

/** Items no case exercises, as text lines (std.secrets patterns summarized). */
export function renderCoverage(policy: string, coverage: Coverage): string {
  const missing = coverage.items.filter((i) => i.hits === 0 && i.kind !== "std");
  const lines = [`coverage ${policy}: ${coverage.percent}% (${coverage.covered}/${coverage.total} rules, triggers, routes, candidates, deny patterns, VRAM levels)`];
  for (const item of missing) lines.push(item.reachable ? `  not exercised: ${item.kind} ${item.label}` : `  never possible (not counted): ${item.kind} ${item.label}: earlier candidates serve every task it could`);
  if (coverage.std.total > 0) lines.push(`  std.secrets patterns exercised: ${coverage.std.covered}/${coverage.std.total} (not counted)`);
  return `${lines.join("\n")}\n`;
}
