/** Comparing two probe runs: per-model status changes and latency deltas. */
import { InternalError } from "../diagnostics/diagnostic.js";
import type { ModelResult, ProbeResults, ProbeStatus } from "./schema.js";

export type ChangeKind = "regressed" | "improved" | "unchanged" | "added" | "removed";

export interface ModelChange {
  readonly model: string;
  readonly runtime: string | null;
  readonly endpoint: string;
  readonly before: ProbeStatus | null;
  readonly after: ProbeStatus | null;
  readonly change: ChangeKind;
  /** Codes of the failing or warning checks after (or before, for a removed model). */
  readonly codes: readonly string[];
  readonly p50_delta_ms: number | null;
  readonly p95_delta_ms: number | null;
  readonly p95_delta_pct: number | null;
  /** Whether the warm p95 grew beyond the threshold. */
  readonly latency_regressed: boolean;
  /** Whether this change fails `--fail-on-regression`: a blocking model regressed or got slower than allowed. */
  readonly regression: boolean;
}

export interface ProbeDiff {
  readonly changes: readonly ModelChange[];
  readonly regressions: number;
}

export interface DiffOptions {
  /** Warm p95 growth in percent beyond which a model counts as regressed; null ignores latency. */
  readonly latencyThresholdPct: number | null;
}

const RANK: Readonly<Record<ProbeStatus, number>> = { pass: 0, warn: 1, fail: 2 };

function keyOf(m: ModelResult): string {
  return `${m.runtime ?? m.endpoint}\u0000${m.model}`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function codesOf(m: ModelResult): string[] {
  return [...new Set(m.checks.filter((c) => c.status !== "pass" && c.code !== null).map((c) => c.code ?? ""))].sort();
}

function compare(before: ModelResult | undefined, after: ModelResult | undefined, options: DiffOptions): ModelChange {
  const m = after ?? before;
  if (!m) throw new InternalError("compare needs a model on at least one side");
  const b = before?.latency?.warm ?? null;
  const a = after?.latency?.warm ?? null;
  const p50 = a && b ? round(a.p50_ms - b.p50_ms) : null;
  const p95 = a && b ? round(a.p95_ms - b.p95_ms) : null;
  const pct = a && b && b.p95_ms > 0 ? round((100 * (a.p95_ms - b.p95_ms)) / b.p95_ms) : null;
  const change: ChangeKind = !before
    ? "added"
    : !after
      ? "removed"
      : RANK[after.status] > RANK[before.status]
        ? "regressed"
        : RANK[after.status] < RANK[before.status]
          ? "improved"
          : "unchanged";
  const latencyRegressed = options.latencyThresholdPct !== null && pct !== null && pct > options.latencyThresholdPct;
  return {
    model: m.model,
    runtime: m.runtime,
    endpoint: m.endpoint,
    before: before?.status ?? null,
    after: after?.status ?? null,
    change,
    codes: codesOf(m),
    p50_delta_ms: p50,
    p95_delta_ms: p95,
    p95_delta_pct: pct,
    latency_regressed: latencyRegressed,
    regression: after !== undefined && after.blocking && (change === "regressed" || latencyRegressed),
  };
}

/** Compares run `a` (before) with run `b` (after), models matched by runtime (or endpoint) and name, sorted. */
export function diffProbeResults(a: ProbeResults, b: ProbeResults, options: DiffOptions): ProbeDiff {
  const before = new Map(a.models.map((m) => [keyOf(m), m]));
  const after = new Map(b.models.map((m) => [keyOf(m), m]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes = keys.map((k) => compare(before.get(k), after.get(k), options));
  return { changes, regressions: changes.filter((c) => c.regression).length };
}
