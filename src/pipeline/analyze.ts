/**
 * The front of the pipeline: load (parse the root and its includes), then check. Later stages join here, each
 * only when the ones before it succeeded, so a policy's problems are reported by the first stage that sees them.
 */
import type { CheckedPolicy } from "../check/checked.js";
import type { PassTiming, RunOptions } from "../check/index.js";
import { runChecks } from "../check/index.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import type { SourceHost } from "../syntax/index.js";
import { loadProgram } from "../syntax/index.js";

/** What `analyzePolicy` found: the checked policy (null on errors), every diagnostic, and the text of every file read. */
export interface Analysis {
  readonly checked: CheckedPolicy | null;
  readonly diagnostics: Diagnostic[];
  readonly sources: Record<string, string>;
  /** Time per check pass (empty when loading failed; zero unless `options.clock` is given). */
  readonly timings: readonly PassTiming[];
}

/** Loads `entry` through `host` and checks it; `options` pass through to the check driver (clock, `stopAfter`). */
export function analyzePolicy(entry: string, host: SourceHost, options: RunOptions = {}): Analysis {
  const sources: Record<string, string> = {};
  // The loader reports which files it read only on success; record every read so errors can show their source.
  const recording: SourceHost = {
    resolve: (from, relative) => host.resolve(from, relative),
    readFile: (path) => {
      const text = host.readFile(path);
      if (text !== null) sources[path] = text;
      return text;
    },
  };
  const loaded = loadProgram(entry, recording);
  if (!loaded.ok) return { checked: null, diagnostics: sortDiagnostics(loaded.diagnostics), sources, timings: [] };
  const report = runChecks(loaded.value, options);
  return { checked: report.policy, diagnostics: [...report.diagnostics], sources, timings: report.timings };
}
