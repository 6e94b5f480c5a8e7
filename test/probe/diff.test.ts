import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { diffProbeResults } from "../../src/probe/diff.js";
import type { ModelResult, ProbeResults } from "../../src/probe/schema.js";

function model(name: string, status: ModelResult["status"], p50: number, p95: number, blocking = true): ModelResult {
  return {
    model: name,
    runtime: "ollama",
    endpoint: "http://127.0.0.1:11434",
    declared: null,
    blocking,
    status,
    checks: status === "pass" ? [] : [{ name: "tools-non-streaming", status, fault: status === "warn" ? "finish-reason" : "no-tool-call", code: status === "warn" ? "R0605" : "R0601", message: "m", attempts: 1, duration_ms: 1, first_token_ms: 1 }],
    latency: { iterations: 1, cold_ms: 500, warm: { min_ms: p50, p50_ms: p50, p95_ms: p95, max_ms: p95, mean_ms: p50 }, samples_ms: [p50], failures: 0 },
    vram: null,
    vram_footprint_mib: null,
    variance: [],
    injection: null,
  };
}

function results(models: ModelResult[]): ProbeResults {
  return {
    schema: "routec.probe/1",
    routec_version: "0.1.0",
    started_at: "2026-11-27T05:00:00.000Z",
    finished_at: "2026-11-27T05:01:00.000Z",
    policy: null,
    settings: { iterations: 1, timeout_ms: 1000, retries: 0, inject: null, candidates: false, vram: false },
    interrupted: false,
    models,
  };
}

const before = results([model("a", "pass", 100, 150), model("b", "fail", 100, 100), model("c", "pass", 100, 100), model("gone", "pass", 1, 1), model("cand", "pass", 1, 1, false)]);
const after = results([model("a", "fail", 120, 200), model("b", "pass", 90, 95), model("c", "pass", 100, 160), model("new", "warn", 5, 5), model("cand", "fail", 1, 1, false)]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "routec-probe-diff-"));
  writeFileSync(join(dir, "a.json"), JSON.stringify(before));
  writeFileSync(join(dir, "b.json"), JSON.stringify(after));
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ schema: "routec.probe/1" }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("diffProbeResults", () => {
  it("reports status changes and latency deltas per model", () => {
    const diff = diffProbeResults(before, after, { latencyThresholdPct: null });
    expect(diff.changes.map((c) => [c.model, c.change, c.p50_delta_ms, c.p95_delta_ms, c.p95_delta_pct, c.regression])).toEqual([
      ["a", "regressed", 20, 50, 33.3, true],
      ["b", "improved", -10, -5, -5, false],
      ["c", "unchanged", 0, 60, 60, false],
      ["cand", "regressed", 0, 0, 0, false],
      ["gone", "removed", null, null, null, false],
      ["new", "added", null, null, null, false],
    ]);
    expect(diff.regressions).toBe(1);
  });

  it("counts a p95 growth beyond the threshold as a regression", () => {
    const diff = diffProbeResults(before, after, { latencyThresholdPct: 50 });
    expect(diff.changes.filter((c) => c.regression).map((c) => c.model)).toEqual(["a", "c"]);
  });
});

describe("routec probe diff", () => {
  it("prints the changes and exits 1 on a regression when --fail-on-regression is given", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe", "diff", "a.json", "b.json", "--fail-on-regression"], io, "0.0.0")).toBe(1);
    expect(io.out()).toMatchInlineSnapshot(`
      "REGRESSION regressed a on ollama: pass → fail; p50 +20 ms, p95 +50 ms (+33.3%); R0601
      improved  b on ollama: fail → pass; p50 -10 ms, p95 -5 ms (-5%)
      unchanged c on ollama: pass → pass; p50 0 ms, p95 +60 ms (+60%)
      regressed cand on ollama: pass → fail; p50 0 ms, p95 0 ms (0%); R0601
      removed   gone on ollama: pass → -; p50 n/a, p95 n/a (n/a)
      added     new on ollama: - → warn; p50 n/a, p95 n/a (n/a); R0605

      6 models compared, 1 regression
      "
    `);
    expect(io.err()).toBe("error[R0650]: model `a` regressed: pass → fail\n\n");
  });

  it("exits 0 on a regression without --fail-on-regression and prints json with --format json", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe", "diff", "a.json", "b.json", "--format", "json"], io, "0.0.0")).toBe(0);
    expect(JSON.parse(io.out())).toEqual(diffProbeResults(before, after, { latencyThresholdPct: null }));
  });

  it("reports R0640 and exits 2 when a file is not probe results", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe", "diff", "a.json", "bad.json"], io, "0.0.0")).toBe(2);
    expect(io.err()).toMatch(/^error\[R0640\]: `bad\.json` is not `routec\.probe\/1` at `routec_version`: /);
  });

  it("reports R0640 and exits 2 when a file is missing", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe", "diff", "missing.json", "b.json"], io, "0.0.0")).toBe(2);
    expect(io.err()).toBe("error[R0640]: cannot read probe results `missing.json`: no such file\n\n");
  });
});
