/**
 * Runs the passes of `passes.ts` over a policy: records each pass's time, stops after a pass that leaves errors,
 * and assembles the checked policy when all passed.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import type { CheckedPolicy } from "./checked.js";
import type { PolicyInput } from "./context.js";
import { createContext } from "./context.js";
import type { Pass } from "./passes.js";
import { passes as defaultPasses } from "./passes.js";
import { assemble } from "./passes/assemble.js";

export interface RunOptions {
  /** Stop after the pass of this name (tests, `--debug-passes`); no policy is assembled then. */
  readonly stopAfter?: string;
  /** Milliseconds from an arbitrary origin; injected so the check path uses no clock of its own. */
  readonly clock?: () => number;
  readonly passes?: readonly Pass[];
}

export interface PassTiming {
  readonly pass: string;
  readonly ms: number;
}

export interface RunReport {
  /** The checked policy, or null when a pass reported errors or `stopAfter` stopped the run. */
  readonly policy: CheckedPolicy | null;
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly timings: readonly PassTiming[];
  /** The passes that ran, in order. */
  readonly ran: readonly string[];
}

/** Runs the check passes over a flattened policy. */
export function runPasses(input: PolicyInput, options: RunOptions = {}): RunReport {
  const ctx = createContext(input);
  const clock = options.clock ?? (() => 0);
  const timings: PassTiming[] = [];
  const ran: string[] = [];
  let stopped = false;
  for (const pass of options.passes ?? defaultPasses) {
    const start = clock();
    pass.run(ctx);
    timings.push({ pass: pass.name, ms: clock() - start });
    ran.push(pass.name);
    if (hasErrors(ctx.diagnostics) || pass.name === options.stopAfter) {
      stopped = true;
      break;
    }
  }
  const policy = stopped ? null : assemble(ctx);
  return { policy, diagnostics: sortDiagnostics(ctx.diagnostics), timings, ran };
}
