/** What probe results say about a policy's model registry: `routec check --probes`. */
import type { CheckedPolicy } from "../check/checked.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import type { Fault, ModelResult, ProbeResults } from "./schema.js";

/**
 * Faults that show the model cannot call tools. Timeouts, connection and HTTP errors, invalid JSON and cut streams
 * say the endpoint was unwell, not what the model can do, so they contradict nothing.
 */
const CONFORMANCE_FAULTS: ReadonlySet<Fault> = new Set<Fault>(["no-tool-call", "invalid-arguments", "schema-mismatch", "tool-call-in-content", "no-tool-support", "partial-tool-call"]);

/** The measured footprint is "far above" the declared one beyond this factor and this many MiB. */
export const FOOTPRINT_FACTOR = 1.5;
export const FOOTPRINT_MARGIN_MIB = 1024;

function toolChecks(m: ModelResult): ModelResult["checks"] {
  return m.checks.filter((c) => c.name === "tools-non-streaming" || c.name === "tools-streaming");
}

/**
 * Diagnostics for registry entries the probes contradict: `tools yes` but a conformance failure (error R0630),
 * `tools no` but both tool checks passed (warning R0631), a measured VRAM footprint far above the declared one
 * (warning R0632). Results of `--inject` runs describe the proxy, not the model, and are ignored.
 */
export function probeContradictions(policy: CheckedPolicy, results: ProbeResults): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of results.models) {
    const declared = policy.models[m.model];
    if (!declared || m.injection !== null || (m.runtime !== null && m.runtime !== declared.runtime)) continue;
    const checks = toolChecks(m);
    const failed = checks.filter((c) => c.status === "fail" && c.fault !== null && CONFORMANCE_FAULTS.has(c.fault));
    const passed = checks.length === 2 && checks.every((c) => c.status !== "fail");
    const first = failed[0];
    if (declared.tools && first) {
      out.push(
        diagnostic("R0630", declared.span, `model \`${m.model}\` is declared \`tools yes\` but failed its tool-call probes`, {
          notes: failed.map((c) => `${c.name}: ${c.code ?? ""} ${c.fault ?? ""}: ${c.message}`),
          help: "declare the model `tools no`, or fix the runtime and probe again",
        }),
      );
    } else if (!declared.tools && passed) {
      out.push(
        diagnostic("R0631", declared.span, `model \`${m.model}\` is declared \`tools no\` but passed its tool-call probes`, {
          help: "declare `tools yes` if repeated probe runs pass",
        }),
      );
    }
    const footprint = m.vram_footprint_mib;
    if (footprint !== null && footprint > declared.vram_mib * FOOTPRINT_FACTOR && footprint - declared.vram_mib >= FOOTPRINT_MARGIN_MIB) {
      out.push(
        diagnostic("R0632", declared.span, `model \`${m.model}\` used ${footprint} MiB of VRAM in the probe but declares ${declared.vram_mib} MiB`, {
          help: `raise its \`vram\` to at least ${Math.ceil(footprint / 1024 * 10) / 10}GiB`,
        }),
      );
    }
  }
  return sortDiagnostics(out);
}
