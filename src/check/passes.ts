/**
 * The check stage's table of contents: named passes, run in order by `runPasses`. The driver stops after a pass
 * that leaves errors, so a pass may rely on the passes before it having succeeded.
 */
import type { CheckContext } from "./context.js";
import { runDeclarations } from "./passes/declarations.js";
import { runDenySets } from "./passes/deny-sets.js";
import { runProperties } from "./passes/properties.js";
import { runRoutesPass } from "./passes/routes.js";
import { runRules } from "./passes/rules.js";
import { runVram } from "./passes/vram.js";

/** One step of checking: reads `ctx.symbols`/`ctx.built`, adds to them and to `ctx.diagnostics`. */
export interface Pass {
  readonly name: string;
  readonly run: (ctx: CheckContext) => void;
}

export const passes: readonly Pass[] = [
  // Indexes declarations and reports duplicates; every later pass looks names up in `ctx.symbols`.
  { name: "declarations", run: runDeclarations },
  // Properties and units of runtimes, models, remotes, classes and `paths`; a model's runtime.
  { name: "properties", run: runProperties },
  // Globs and `use std.*`; before `rules`, whose conditions name deny sets.
  { name: "deny-sets", run: runDenySets },
  // Levels and the `unknown as` choice; before `rules`, whose conditions name levels.
  { name: "vram", run: runVram },
  // Classification, escalation and asserts: conditions and escalation targets (after `properties`: runtimes).
  { name: "rules", run: runRules },
  // Routes, `on error` and class coverage (after `properties`: `local never`, disabled runtimes).
  { name: "routes", run: runRoutesPass },
];
