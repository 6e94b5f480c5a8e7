import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { fsHost } from "../../src/cli/fs-host.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { probeContradictions } from "../../src/probe/contradictions.js";
import type { ProbeResults } from "../../src/probe/schema.js";
import type { ScriptedServer } from "../fakes/openai-server.js";
import { startScriptedServer } from "../fakes/openai-server.js";

const DEFAULT = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");
const FAST = ["--timeout", "400", "--retries", "0", "--iterations", "0", "--format", "json"];

let server: ScriptedServer;
let dir: string;

beforeAll(async () => {
  server = await startScriptedServer();
  dir = mkdtempSync(join(tmpdir(), "routec-probe-policy-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The default policy pointed at the scripted server, with `edit` applied to its text. */
function policyFile(name: string, edit: (text: string) => string = (t) => t): string {
  const text = edit(DEFAULT.replace("http://127.0.0.1:11434", server.url).replace("http://127.0.0.1:8000", server.url));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function probe(file: string, extra: readonly string[] = []) {
  const io = memoryIO({ cwd: dir });
  const code = await run(["probe", file, ...FAST, ...extra], io, "0.0.0");
  return { code, io, results: JSON.parse(io.out()) as ProbeResults };
}

describe("routec probe <policy>", () => {
  it("probes every model of the enabled runtimes and does not fail on models declared tools no", async () => {
    const { code, results } = await probe(policyFile("default.route"));
    expect(results.models.map((m) => [m.model, m.status, m.blocking])).toEqual([
      ["llama3.1:latest", "pass", true],
      ["mistral:latest", "pass", true],
      ["phi3:latest", "fail", false],
      ["qwen2.5-coder:7b", "fail", false],
      ["qwen2.5:7b-instruct", "pass", true],
    ]);
    expect(results.policy).toEqual({ name: "local-first", file: join(dir, "default.route") });
    expect(results.models[0]).toMatchObject({ runtime: "ollama", declared: { tools: true, vram_mib: 6349 } });
    expect(code).toBe(0);
  });

  it("probes only the known-failing models when --candidates is given", async () => {
    const { code, results } = await probe(policyFile("default.route"), ["--candidates"]);
    expect(results.models.map((m) => m.model)).toEqual(["phi3:latest", "qwen2.5-coder:7b"]);
    expect(code).toBe(0);
  });

  it("fails when a model declared tools yes fails", async () => {
    const file = policyFile("phi3-tools.route", (t) => t.replace('model "phi3:latest" on ollama { context 4k tools no', 'model "phi3:latest" on ollama { context 4k tools yes'));
    const { code, results } = await probe(file);
    expect(results.models.find((m) => m.model === "phi3:latest")).toMatchObject({ status: "fail", blocking: true });
    expect(code).toBe(1);
  });

  it("skips disabled runtimes unless --include-disabled is given", async () => {
    const file = policyFile("vllm.route", (t) => `${t}\nmodel "vllm-fragmented" on vllm { context 32k tools yes vram 6GiB cost 0 }\n`);
    const skipped = await probe(file);
    expect(skipped.io.err()).toBe("routec probe: skipping `vllm-fragmented`: runtime `vllm` is disabled (use --include-disabled)\n");
    expect(skipped.results.models.map((m) => m.model)).not.toContain("vllm-fragmented");
    const included = await probe(file, ["--include-disabled"]);
    expect(included.results.models.find((m) => m.model === "vllm-fragmented")).toMatchObject({ runtime: "vllm", status: "pass" });
  });

  it("skips a runtime without an endpoint even with --include-disabled", async () => {
    const file = policyFile("no-endpoint.route", (t) =>
      t.replace(`runtime vllm { endpoint "${server.url}" enabled false }`, "runtime vllm { enabled false }") + '\nmodel "vllm-fragmented" on vllm { context 32k tools yes vram 6GiB cost 0 }\n',
    );
    const { io, results } = await probe(file, ["--include-disabled"]);
    expect(io.err()).toBe("routec probe: skipping `vllm-fragmented`: runtime `vllm` has no endpoint\n");
    expect(results.models).toHaveLength(5);
  });

  it("reports the policy's errors and exits 1 when it does not check", async () => {
    const file = policyFile("broken.route", (t) => t.replace('route L1 -> "qwen2.5:7b-instruct"', 'route L1 -> "qwen9:unknown"'));
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe", file, ...FAST], io, "0.0.0")).toBe(1);
    expect(io.err()).toMatch(/^error\[R02\d\d\]: .*qwen9:unknown/m);
    expect(io.out()).toBe("");
  });
});

describe("probeContradictions", () => {
  it("reports tools yes that failed as an error and tools no that passed as a warning", async () => {
    const file = policyFile("contradicting.route", (t) =>
      t
        .replace('model "phi3:latest" on ollama { context 4k tools no', 'model "phi3:latest" on ollama { context 4k tools yes')
        .replace('model "mistral:latest" on ollama { context 32k tools yes', 'model "mistral:latest" on ollama { context 32k tools no'),
    );
    const { results } = await probe(file);
    const checked = analyzePolicy(file, fsHost()).checked;
    if (!checked) throw new Error("the fixture policy must check");
    const diagnostics = probeContradictions(checked, results);
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["R0631", "warning", "model `mistral:latest` is declared `tools no` but passed its tool-call probes"],
      ["R0630", "error", "model `phi3:latest` is declared `tools yes` but failed its tool-call probes"],
    ]);
    const phi3 = diagnostics[1];
    const text = readFileSync(file, "utf8");
    expect(phi3?.span && text.slice(phi3.span.start.offset, phi3.span.end.offset)).toMatch(/^model "phi3:latest" on ollama/);
    expect(phi3?.notes?.[0]).toMatch(/^tools-non-streaming: R0606 no-tool-support: /);
  });

  it("warns when the measured vram footprint is far above the declared one", async () => {
    const file = policyFile("footprint.route");
    const { results } = await probe(file);
    const checked = analyzePolicy(file, fsHost()).checked;
    if (!checked) throw new Error("the fixture policy must check");
    const grown: ProbeResults = { ...results, models: results.models.map((m) => (m.model === "llama3.1:latest" ? { ...m, vram_footprint_mib: 12000 } : m.model === "mistral:latest" ? { ...m, vram_footprint_mib: 6000 } : m)) };
    const diagnostics = probeContradictions(checked, grown);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["R0632", "model `llama3.1:latest` used 12000 MiB of VRAM in the probe but declares 6349 MiB"]]);
  });

  it("ignores results of --inject runs and of endpoint failures", async () => {
    const file = policyFile("phi3-inject.route", (t) => t.replace('model "phi3:latest" on ollama { context 4k tools no', 'model "phi3:latest" on ollama { context 4k tools yes'));
    const injected = await probe(file, ["--inject", "http-500"]);
    const checked = analyzePolicy(file, fsHost()).checked;
    if (!checked) throw new Error("the fixture policy must check");
    expect(probeContradictions(checked, injected.results)).toEqual([]);
    const down = policyFile("down.route", (t) => t.replace(server.url, "http://127.0.0.1:9"));
    const unreachable = await probe(down);
    expect(probeContradictions(checked, unreachable.results)).toEqual([]);
  });
});
