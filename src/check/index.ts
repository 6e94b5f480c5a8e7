/**
 * The check stage: names, units, properties and references of a loaded program, producing the `CheckedPolicy`
 * (docs/semantics.md gives its meaning). Passes are listed in `passes.ts`.
 */
import type { Result } from "../diagnostics/diagnostic.js";
import type { Program } from "../syntax/index.js";
import type { CheckedPolicy } from "./checked.js";
import type { RunOptions, RunReport } from "./driver.js";
import { runPasses } from "./driver.js";
import { flattenProgram } from "./flatten.js";

export type * from "./checked.js";
export type { Pass } from "./passes.js";
export type { PassTiming, RunOptions, RunReport } from "./driver.js";
export { passes } from "./passes.js";
export { closest, editDistance } from "./suggest.js";

/** Checks a loaded program; `ok` with the checked policy (and any warnings) when no pass reported an error. */
export function checkProgram(program: Program): Result<CheckedPolicy> {
  const report = runPasses(flattenProgram(program));
  return report.policy === null ? { ok: false, diagnostics: report.diagnostics } : { ok: true, value: report.policy, diagnostics: report.diagnostics };
}

/** Runs the check passes with options (`stopAfter`, an injected clock), reporting per-pass timings. */
export function runChecks(program: Program, options: RunOptions = {}): RunReport {
  return runPasses(flattenProgram(program), options);
}
