/**
 * Rule coverage of golden cases, read from the runtime's explain traces: which classify rules, escalate
 * triggers, routes, candidates (chosen and skipped), deny patterns and VRAM levels some case exercises. The
 * policy's own deny patterns count towards the percentage; the built-in `std.secrets` patterns are reported
 * separately, because no reasonable fixture set exercises every one of them.
 */
import type { Table, TargetRule, TraceStep } from "../runtime/types.js";

export type CoverageKind = "classify" | "escalate" | "route" | "candidate" | "deny" | "vram" | "on_error" | "std";

export interface CoverageItem {
  readonly kind: CoverageKind;
  /** Stable key: a rule id, `route:L1 > "m" chosen`, `deny:secrets#52`, `vram:critical`. */
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

function candidateKeys(rule: string, target: TargetRule): string[] {
  if (target.kind === "remote") return [];
  const names = target.kind === "local" ? target.candidates : target.draft;
  const own = names.flatMap((m) => [`${rule} > "${m}" chosen`, `${rule} > "${m}" skipped`]);
  return target.fallback === null ? own : [...own, ...candidateKeys(rule, target.fallback)];
}

/** Every coverage item of a table, with zero hits, in report order. */
export function coverageItems(table: Table): { kind: CoverageKind; id: string; label: string }[] {
  const items: { kind: CoverageKind; id: string; label: string }[] = [];
  for (const r of table.classify) items.push({ kind: "classify", id: r.id, label: `${r.id} -> ${r.then}` });
  for (const r of table.escalate) items.push({ kind: "escalate", id: r.id, label: `${r.id} "${r.reason}"` });
  for (const [cls, r] of Object.entries(table.routes)) items.push({ kind: "route", id: r.id, label: `${r.id} (class ${cls})` });
  for (const r of [...table.escalate, ...Object.values(table.routes)]) {
    for (const key of candidateKeys(r.id, r.target)) items.push({ kind: "candidate", id: key, label: key });
  }
  for (const set of Object.values(table.globsets)) {
    if (set.kind !== "deny") continue;
    for (const p of set.patterns) items.push({ kind: p.origin === "policy" ? "deny" : "std", id: p.rule, label: `${p.rule} "${p.source}"${p.origin === "policy" ? "" : ` (${p.origin})`}` });
  }
  for (const l of table.vram.levels) items.push({ kind: "vram", id: l.id, label: `vram level \`${l.name}\`` });
  items.push({ kind: "vram", id: "vram:ok", label: "vram level `ok` (no level holds)" });
  items.push({ kind: "vram", id: "vram:unknown", label: `unknown telemetry (as \`${table.vram.unknown}\`)` });
  if (table.vram.low_vram_mode !== null) items.push({ kind: "vram", id: "vram:low_vram_mode", label: `low-VRAM mode raises the level (to \`${table.vram.low_vram_mode}\`)` });
  items.push({ kind: "on_error", id: table.on_error.id, label: "on error (invalid input or no decision)" });
  return items;
}

/** The coverage keys one trace exercises. */
export function traceKeys(table: Table, trace: readonly TraceStep[]): Set<string> {
  const keys = new Set<string>();
  const patternRule = new Map<string, string>();
  for (const [name, set] of Object.entries(table.globsets)) for (const p of set.patterns) if (!patternRule.has(`${name}\u0000${p.source}`)) patternRule.set(`${name}\u0000${p.source}`, p.rule);
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
      case "match": {
        const rule = s.kind === "deny" ? patternRule.get(`${s.set}\u0000${s.pattern}`) : undefined;
        if (rule !== undefined) keys.add(rule);
        break;
      }
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

/** Coverage of a table by the traces of its cases. */
export function coverageOf(table: Table, traces: readonly (readonly TraceStep[])[]): Coverage {
  const hits = new Map<string, number>();
  for (const trace of traces) for (const key of traceKeys(table, trace)) hits.set(key, (hits.get(key) ?? 0) + 1);
  const items = coverageItems(table).map((i) => ({ ...i, hits: hits.get(i.id) ?? 0 }));
  const counted = items.filter((i) => i.kind !== "std");
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
  for (const item of missing) lines.push(`  not exercised: ${item.kind} ${item.label}`);
  if (coverage.std.total > 0) lines.push(`  std.secrets patterns exercised: ${coverage.std.covered}/${coverage.std.total} (not counted)`);
  return `${lines.join("\n")}\n`;
}
