/**
 * `routec/runtime`: evaluates a compiled decision table on a routing input. Dependency-free ESM with no Node
 * built-ins, so it runs in Node, browsers and router plugins alike. Nothing here throws: every fault, in the
 * input or in the table, yields the table's `on error` decision, which is always remote.
 */
import { run } from "./decide.js";
import { prepare } from "./table.js";
import type { Decision, TraceStep } from "./types.js";

export type * from "./types.js";
export { validateInput } from "./input.js";
export type { InputCheck } from "./input.js";
export { normalizePath, pathContext, pathViews } from "./paths.js";
export type { PathContext } from "./paths.js";
export { REDACTED, UNAVAILABLE } from "./decide.js";

/** Decides where the task described by `input` runs under `table`. Never throws. */
export function evaluate(table: unknown, input: unknown): Decision {
  return run(table, input, null);
}

/** Decides like `evaluate` and returns the steps taken, in order. Never throws. */
export function explain(table: unknown, input: unknown): { decision: Decision; trace: TraceStep[] } {
  const trace: TraceStep[] = [];
  const decision = run(table, input, trace);
  return { decision, trace };
}

/** Checks that `table` has the structure and internal references the runtime relies on. Never throws. */
export function validateTable(table: unknown): { ok: true } | { ok: false; message: string } {
  const p = prepare(table);
  return p.ok ? { ok: true } : { ok: false, message: p.message };
}
