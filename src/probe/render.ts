/** Text renderings of probe results, diffs and VRAM readings. Only these turn probe data into prose. */
import type { ProbeDiff } from "./diff.js";
import type { ModelResult, ProbeResults } from "./schema.js";
import type { VramReading } from "./vram.js";
import { LOW_VRAM_THRESHOLD_MIB, vramFeatures } from "./vram.js";

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

function gib(mib: number): string {
  return `${(mib / 1024).toFixed(1)} GiB`;
}

function latencyLine(m: ModelResult): string | null {
  const l = m.latency;
  if (!l) return null;
  const cold = l.cold_ms === null ? "cold failed" : `cold ${l.cold_ms} ms`;
  const warm = l.warm ? `warm p50 ${l.warm.p50_ms} ms, p95 ${l.warm.p95_ms} ms, max ${l.warm.max_ms} ms (n=${l.samples_ms.length})` : "no warm samples";
  return `latency: ${cold}; ${warm}`;
}

function modelBlock(m: ModelResult): string[] {
  const where = m.runtime ?? m.endpoint;
  const tags = [m.blocking ? null : "non-blocking", m.declared ? `declared tools ${m.declared.tools ? "yes" : "no"}` : null].filter((t) => t !== null);
  const lines = [`${pad(m.status.toUpperCase(), 5)} ${m.model} on ${where}${tags.length > 0 ? ` (${tags.join(", ")})` : ""}`];
  for (const c of m.checks) {
    const label = c.status === "pass" ? "ok" : `${c.code ?? ""} ${c.fault ?? ""}`.trim();
    lines.push(`      ${pad(c.name, 20)} ${pad(c.status, 4)} ${label === "ok" ? c.message : `${label}: ${c.message}`}`);
  }
  const latency = latencyLine(m);
  if (latency) lines.push(`      ${latency}`);
  if (m.vram_footprint_mib !== null) lines.push(`      vram footprint: ${m.vram_footprint_mib} MiB${m.declared ? ` (declared ${m.declared.vram_mib} MiB)` : ""}`);
  if (m.injection) {
    lines.push(
      `      injected ${m.injection.fault}: expected \`${m.injection.expected}\`, observed ${m.injection.observed.map((f) => `\`${f ?? "none"}\``).join(", ")} → ${m.injection.detected ? "detected" : "NOT detected"}`,
    );
  }
  for (const v of m.variance) lines.push(`      variance (${v.source}): ${v.detail}`);
  return lines;
}

/** The human report of a probe run. */
export function renderProbeResults(results: ProbeResults): string {
  const lines = results.models.flatMap(modelBlock);
  const count = (s: string): number => results.models.filter((m) => m.status === s).length;
  const nonBlocking = results.models.filter((m) => !m.blocking && m.status === "fail").length;
  lines.push("");
  lines.push(
    `${results.models.length} model${results.models.length === 1 ? "" : "s"}: ${count("pass")} passed, ${count("warn")} warned, ${count("fail")} failed` +
      (nonBlocking > 0 ? ` (${nonBlocking} non-blocking)` : "") +
      (results.interrupted ? "; interrupted" : ""),
  );
  return lines.join("\n") + "\n";
}

function signed(x: number | null, unit: string): string {
  if (x === null) return "n/a";
  return `${x > 0 ? "+" : ""}${x}${unit}`;
}

/** The human report of a diff between two runs. */
export function renderProbeDiff(diff: ProbeDiff): string {
  const lines = diff.changes.map((c) => {
    const status = `${c.before ?? "-"} → ${c.after ?? "-"}`;
    const latency = `p50 ${signed(c.p50_delta_ms, " ms")}, p95 ${signed(c.p95_delta_ms, " ms")} (${signed(c.p95_delta_pct, "%")})`;
    const flag = c.regression ? "REGRESSION " : "";
    return `${flag}${pad(c.change, 9)} ${c.model} on ${c.runtime ?? c.endpoint}: ${status}; ${latency}${c.codes.length > 0 ? `; ${c.codes.join(", ")}` : ""}`;
  });
  lines.push("", `${diff.changes.length} model${diff.changes.length === 1 ? "" : "s"} compared, ${diff.regressions} regression${diff.regressions === 1 ? "" : "s"}`);
  return lines.join("\n") + "\n";
}

/** The human form of `routec vram`: per-GPU levels, the derived features, or unknown with the reason. */
export function renderVram(reading: VramReading): string {
  if (reading.snapshot === null) return `vram: unknown (${reading.reason ?? "no reason given"})\n`;
  const lines = reading.snapshot.gpus.map((g) => {
    const pct = g.total_mib === 0 ? 0 : (100 * g.free_mib) / g.total_mib;
    return `GPU ${g.index}: ${g.free_mib} MiB free of ${g.total_mib} MiB (${pct.toFixed(1)}% free)`;
  });
  const f = vramFeatures(reading.snapshot);
  lines.push(
    `total: ${f.free_mib} MiB free of ${f.total_mib} MiB (${f.free_pct.toFixed(1)}% free, ${gib(f.free_mib)})`,
    `largest free on one GPU: ${f.largest_free_mib} MiB; fragmentation ${f.fragmentation_pct.toFixed(1)}%`,
    `low-VRAM mode: ${reading.snapshot.low_vram_mode === true ? "yes" : "no"} (total below ${LOW_VRAM_THRESHOLD_MIB} MiB, as Ollama)`,
    `source: ${reading.source ?? "unknown"}`,
  );
  if (reading.reason !== null) lines.push(`note: ${reading.reason}`);
  return lines.join("\n") + "\n";
}
