/** What to probe: the local models of a checked policy, or endpoints and models given on the command line. */
import type { CheckedPolicy } from "../check/checked.js";

/** One model on one endpoint. */
export interface ProbeTarget {
  readonly model: string;
  /** The policy's runtime name, null for `--endpoint`. */
  readonly runtime: string | null;
  readonly endpoint: string;
  readonly declared: { readonly tools: boolean; readonly vram_mib: number } | null;
  /** Whether a failure fails the run. */
  readonly blocking: boolean;
}

export interface PolicyTargetOptions {
  /** Probe models of runtimes declared `enabled false` too. */
  readonly includeDisabled: boolean;
  /**
   * Candidates mode: probe only the models declared `tools no` (known to fail tool calls; a pass makes them
   * candidates for `tools yes`), none of them blocking. Otherwise probe every model; those declared `tools no`
   * are probed but never block.
   */
  readonly candidates: boolean;
}

/** A runtime a target needs but that has no endpoint, or is disabled. */
export interface SkippedRuntime {
  readonly runtime: string;
  readonly reason: "disabled" | "no-endpoint";
  readonly models: readonly string[];
}

/** The targets of a policy, sorted by runtime then model, and the runtimes left out. */
export function targetsFromPolicy(policy: CheckedPolicy, options: PolicyTargetOptions): { targets: ProbeTarget[]; skipped: SkippedRuntime[] } {
  const targets: ProbeTarget[] = [];
  const skipped = new Map<string, { reason: SkippedRuntime["reason"]; models: string[] }>();
  const names = Object.keys(policy.models).sort((a, b) => {
    const ra = policy.models[a]?.runtime ?? "";
    const rb = policy.models[b]?.runtime ?? "";
    return ra !== rb ? (ra < rb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;
  });
  for (const name of names) {
    const model = policy.models[name];
    if (!model) continue;
    if (options.candidates && model.tools) continue;
    const runtime = policy.runtimes[model.runtime];
    const reason = !runtime || runtime.endpoint === null ? "no-endpoint" : !runtime.enabled && !options.includeDisabled ? "disabled" : null;
    if (reason !== null || !runtime || runtime.endpoint === null) {
      const entry = skipped.get(model.runtime) ?? { reason: reason ?? "no-endpoint", models: [] };
      entry.models.push(name);
      skipped.set(model.runtime, entry);
      continue;
    }
    targets.push({
      model: name,
      runtime: model.runtime,
      endpoint: runtime.endpoint,
      declared: { tools: model.tools, vram_mib: model.vram_mib },
      blocking: !options.candidates && model.tools,
    });
  }
  return { targets, skipped: [...skipped.entries()].map(([runtime, s]) => ({ runtime, reason: s.reason, models: s.models })).sort((a, b) => (a.runtime < b.runtime ? -1 : 1)) };
}

/**
 * Targets from repeated `--endpoint URL --model NAME`: with one endpoint, every model on it; otherwise the n-th model
 * on the n-th endpoint. A string is the usage error when the counts do not pair up.
 */
export function targetsFromFlags(endpoints: readonly string[], models: readonly string[], candidates: boolean): ProbeTarget[] | string {
  if (endpoints.length === 0 || models.length === 0) return "`--endpoint` and `--model` must be given together";
  if (endpoints.length !== 1 && endpoints.length !== models.length) {
    return `${endpoints.length} \`--endpoint\` values do not pair with ${models.length} \`--model\` values (give one endpoint, or one per model)`;
  }
  return models.map((model, i): ProbeTarget => ({
    model,
    runtime: null,
    endpoint: endpoints.length === 1 ? (endpoints[0] ?? "") : (endpoints[i] ?? ""),
    declared: null,
    blocking: !candidates,
  }));
}
