/**
 * The compile pipeline: analyze (load + check), lower to a table body, verify, then hash. A table comes out only
 * when no stage reported an error.
 */
import type { CheckedPolicy } from "../check/checked.js";
import { finalizeTable } from "../compile/canonical.js";
import { lowerPolicy } from "../compile/lower.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import type { Table, VerificationSummary } from "../runtime/types.js";
import type { SourceHost } from "../syntax/index.js";
import { verifyPolicy } from "../verify/index.js";
import { analyzePolicy } from "./analyze.js";
import type { Analysis } from "./analyze.js";

/** What `compilePolicy` produced: the table (null on errors), every diagnostic, and the text of every file read. */
export interface Compilation {
  readonly table: Table | null;
  readonly diagnostics: Diagnostic[];
  readonly sources: Record<string, string>;
}

/**
 * Proves a policy's properties and validates its translation to `draft` (the table with an empty verification
 * summary, which translation validation does not read).
 */
export type Verifier = (checked: CheckedPolicy, draft: Table) => { summary: VerificationSummary; diagnostics: readonly Diagnostic[] };

const verifier: Verifier = (checked, draft) => verifyPolicy(checked, draft);

/** Loads, checks, lowers, verifies and hashes the policy whose root file is `entry`. */
export function compilePolicy(entry: string, host: SourceHost, verify: Verifier = verifier): Compilation {
  return compileAnalysis(analyzePolicy(entry, host), verify);
}

/** Lowers, verifies and hashes an analyzed policy (`routec check` verifies the roots it has analyzed this way). */
export function compileAnalysis(analysis: Analysis, verify: Verifier = verifier): Compilation {
  const { checked, sources } = analysis;
  if (checked === null || hasErrors(analysis.diagnostics)) return { table: null, diagnostics: sortDiagnostics(analysis.diagnostics), sources };
  const lowered = lowerPolicy(checked, sources);
  if (!lowered.ok) return { table: null, diagnostics: sortDiagnostics([...analysis.diagnostics, ...lowered.diagnostics]), sources };
  const verification = verify(checked, finalizeTable(lowered.value, { cells: 0, checks: [] }));
  const diagnostics = sortDiagnostics([...analysis.diagnostics, ...lowered.diagnostics, ...verification.diagnostics]);
  if (hasErrors(diagnostics)) return { table: null, diagnostics, sources };
  return { table: finalizeTable(lowered.value, verification.summary), diagnostics, sources };
}
