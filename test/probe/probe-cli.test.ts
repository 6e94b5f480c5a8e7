import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import type { ProbeResults } from "../../src/probe/schema.js";
import { fakeGpuTools, nvidiaFixture } from "../fakes/gpu-tools.js";
import type { ScriptedServer } from "../fakes/openai-server.js";
import { startScriptedServer } from "../fakes/openai-server.js";

let server: ScriptedServer;
let dir: string;
const schema: unknown = JSON.parse(readFileSync(new URL("../../schema/probe.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ strict: false }).compile(schema as object);

beforeAll(async () => {
  server = await startScriptedServer();
  dir = mkdtempSync(join(tmpdir(), "routec-probe-cli-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Fast settings: tiny timeout, one quick retry, two warm iterations. */
const FAST = ["--timeout", "400", "--retries", "1", "--backoff", "5", "--iterations", "2"];

async function probe(models: readonly string[], extra: readonly string[] = [], env: Record<string, string> = {}) {
  const out = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const io = memoryIO({ env, cwd: dir });
  const args = ["probe", "--endpoint", server.url, ...models.flatMap((m) => ["--model", m]), ...FAST, "-o", out, ...extra];
  const code = await run(args, io, "0.0.0");
  const results = JSON.parse(readFileSync(out, "utf8")) as ProbeResults;
  return { code, io, results };
}

function check(results: ProbeResults, model: string, name: string) {
  return results.models.find((m) => m.model === model)?.checks.find((c) => c.name === name);
}

describe("routec probe", () => {
  it("reports PASS for conforming ollama and vllm shapes and writes schema-valid results", async () => {
    const { code, io, results } = await probe(["ollama-conforming", "ollama-crlf", "vllm-fragmented"]);
    expect(code).toBe(0);
    expect(results.models.map((m) => [m.model, m.status])).toEqual([
      ["ollama-conforming", "pass"],
      ["ollama-crlf", "pass"],
      ["vllm-fragmented", "pass"],
    ]);
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    expect(io.out()).toMatch(/^PASS  ollama-conforming on http:\/\/127\.0\.0\.1:\d+/m);
    expect(io.out()).toContain("3 models: 3 passed, 0 warned, 0 failed");
    const latency = results.models[0]?.latency;
    expect(latency?.samples_ms).toHaveLength(2);
    expect(latency?.cold_ms).not.toBeNull();
    expect(results.models[0]?.variance.map((v) => v.source)).toEqual(["cold-start", "batching"]);
    expect(server.requests.every((r) => r.path === "/v1/chat/completions")).toBe(true);
  });

  it("fails each faulty model with the precise fault and code", async () => {
    const models = ["in-content", "no-tools", "no-call", "bad-args", "invalid-args", "partial", "malformed", "cut", "http500", "hang"];
    const { code, io, results } = await probe(models, ["--iterations", "0"]);
    expect(code).toBe(1);
    expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    const faults = Object.fromEntries(results.models.map((m) => [m.model, m.checks.map((c) => `${c.code ?? ""} ${c.fault ?? ""}`)]));
    expect(faults).toEqual({
      "in-content": ["R0604 tool-call-in-content", "R0604 tool-call-in-content"],
      "no-tools": ["R0606 no-tool-support", "R0606 no-tool-support"],
      "no-call": ["R0601 no-tool-call", "R0601 no-tool-call"],
      "bad-args": ["R0603 schema-mismatch", "R0603 schema-mismatch"],
      "invalid-args": ["R0602 invalid-arguments", "R0602 invalid-arguments"],
      partial: ["R0611 partial-tool-call", "R0611 partial-tool-call"],
      malformed: ["R0609 invalid-json", "R0609 invalid-json"],
      cut: ["R0610 truncated-stream", "R0610 truncated-stream"],
      http500: ["R0608 http-error", "R0608 http-error"],
      hang: ["R0607 timeout", "R0607 timeout"],
    });
    expect(check(results, "bad-args", "tools-non-streaming")?.message).toBe("the arguments of `get_weather` do not match its schema: arguments must have required property 'city'");
    expect(check(results, "http500", "tools-non-streaming")?.attempts).toBe(2);
    expect(check(results, "hang", "tools-streaming")?.message).toBe("no complete answer within 400 ms");
    // JSON.parse's own wording is V8's and may change between Node versions.
    const text = io.out().replaceAll(server.url, "URL").replace(/ \((Expected|Unexpected)[^)]*\)$/gm, " (…)");
    expect(text).toMatchInlineSnapshot(`
      "FAIL  in-content on URL
            tools-non-streaming  fail R0604 tool-call-in-content: the tool call is in the text content (a JSON tool call), not in \`tool_calls\`
            tools-streaming      fail R0604 tool-call-in-content: the tool call is in the text content (a JSON tool call), not in \`tool_calls\`
      FAIL  no-tools on URL
            tools-non-streaming  fail R0606 no-tool-support: the runtime says the model does not support tools (\`registry.ollama.ai/library/gemma3:4b does not support tools\`)
            tools-streaming      fail R0606 no-tool-support: the runtime says the model does not support tools (\`registry.ollama.ai/library/gemma3:4b does not support tools\`)
      FAIL  no-call on URL
            tools-non-streaming  fail R0601 no-tool-call: no tool call; the model answered \`It is sunny in Tokyo today, 24 degrees.\`
            tools-streaming      fail R0601 no-tool-call: no tool call; the model answered \`It is sunny in Tokyo today, 24 degrees.\`
      FAIL  bad-args on URL
            tools-non-streaming  fail R0603 schema-mismatch: the arguments of \`get_weather\` do not match its schema: arguments must have required property 'city'
            tools-streaming      fail R0603 schema-mismatch: the arguments of \`get_weather\` do not match its schema: arguments must have required property 'city'
      FAIL  invalid-args on URL
            tools-non-streaming  fail R0602 invalid-arguments: the arguments of \`get_weather\` are not JSON (\`{city: Tokyo}\`)
            tools-streaming      fail R0602 invalid-arguments: the arguments of \`get_weather\` are not JSON (\`{city: Tokyo}\`)
      FAIL  partial on URL
            tools-non-streaming  fail R0611 partial-tool-call: the arguments of \`get_weather\` are cut short (\`{"city": "To\`)
            tools-streaming      fail R0611 partial-tool-call: the arguments of \`get_weather\` are cut short (\`{"city": "To\`)
      FAIL  malformed on URL
            tools-non-streaming  fail R0609 invalid-json: the response body is not JSON (…)
            tools-streaming      fail R0609 invalid-json: stream event 2 is not JSON (…)
      FAIL  cut on URL
            tools-non-streaming  fail R0610 truncated-stream: the connection closed mid-response (UND_ERR_SOCKET: other side closed)
            tools-streaming      fail R0610 truncated-stream: the connection closed mid-response (UND_ERR_SOCKET: other side closed)
      FAIL  http500 on URL
            tools-non-streaming  fail R0608 http-error: HTTP 500: \`llama runner process has terminated\`
            tools-streaming      fail R0608 http-error: HTTP 500: \`llama runner process has terminated\`
            variance (retries): retried requests in tools-non-streaming, tools-streaming: durations include backoff
      FAIL  hang on URL
            tools-non-streaming  fail R0607 timeout: no complete answer within 400 ms
            tools-streaming      fail R0607 timeout: no complete answer within 400 ms

      10 models: 0 passed, 0 warned, 10 failed
      "
    `);
  });

  it("warns but does not fail when vllm ends a valid tool call with stop", async () => {
    const { code, results } = await probe(["vllm-stop"], ["--iterations", "0"]);
    expect(code).toBe(0);
    expect(results.models[0]?.status).toBe("warn");
    expect(results.models[0]?.checks.map((c) => c.code)).toEqual(["R0605", "R0605"]);
  });

  it("exits 0 in candidates mode when a known-failing model fails", async () => {
    const { code, results } = await probe(["no-tools"], ["--iterations", "0", "--candidates"]);
    expect(code).toBe(0);
    expect(results.models[0]).toMatchObject({ status: "fail", blocking: false });
    expect(results.settings.candidates).toBe(true);
  });

  it("samples vram before and after every latency iteration when --vram is given", async () => {
    const fake = fakeGpuTools({ nvidia: { kind: "print", stdout: nvidiaFixture("a100-80g-index-total-free.nounits.txt") } });
    try {
      const { results } = await probe(["ollama-conforming"], ["--vram"], { PATH: fake.path });
      const samples = results.models[0]?.vram ?? [];
      expect(samples.map((s) => `${s.iteration}:${s.phase}`)).toEqual(["0:before", "0:after", "1:before", "1:after", "2:before", "2:after"]);
      expect(samples[0]?.snapshot).toEqual({ gpus: [{ index: 0, total_mib: 81920, free_mib: 26160 }], low_vram_mode: false });
      expect(results.models[0]?.vram_footprint_mib).toBe(0);
      expect(results.models[0]?.variance.map((v) => v.source)).toContain("vram-mode");
    } finally {
      fake.cleanup();
    }
  });

  it("records unknown telemetry as a variance source when nvidia-smi fails", async () => {
    const fake = fakeGpuTools({ nvidia: { kind: "print", stdout: nvidiaFixture("driver-failure.txt"), exit: 9 } });
    try {
      const { results } = await probe(["ollama-conforming"], ["--vram", "--iterations", "1"], { PATH: fake.path });
      expect(results.models[0]?.vram?.every((s) => s.snapshot === null)).toBe(true);
      expect(results.models[0]?.variance.find((v) => v.source === "telemetry")?.detail).toMatch(/^VRAM telemetry unknown: `nvidia-smi` failed with status 9: NVIDIA-SMI has failed/);
    } finally {
      fake.cleanup();
    }
  });

  it("prints the results json on stdout when --format json is given", async () => {
    const { io, results } = await probe(["ollama-conforming"], ["--iterations", "0", "--format", "json"]);
    expect(JSON.parse(io.out())).toEqual(results);
  });

  it("sends the api key from the named environment variable and never writes it", async () => {
    const key = "sk-test-1234567890abcdefghijklmnop";
    const { io, results } = await probe(["ollama-conforming"], ["--iterations", "0", "--api-key-env", "PROBE_KEY"], { PROBE_KEY: key });
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${key}`);
    expect(JSON.stringify(results) + io.out() + io.err()).not.toContain(key);
  });

  it("removes credentials from the endpoint in results", async () => {
    const url = server.url.replace("http://", "http://admin:hunter2@");
    const io = memoryIO({ cwd: dir });
    await run(["probe", "--endpoint", url, "--model", "ollama-conforming", ...FAST, "--iterations", "0", "--format", "json"], io, "0.0.0");
    expect(io.out()).not.toContain("hunter2");
    expect((JSON.parse(io.out()) as ProbeResults).models[0]?.endpoint).toBe(server.url);
  });

  it("reports R0641 and exits 2 when there is nothing to probe", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe"], io, "0.0.0")).toBe(2);
    expect(io.err()).toBe("error[R0641]: no policy and no `--endpoint`/`--model` given\n\n");
  });

  it("rejects endpoint and model counts that do not pair", async () => {
    const io = memoryIO({ cwd: dir });
    expect(await run(["probe", "--endpoint", server.url, "--endpoint", server.url, "--model", "a", "--model", "b", "--model", "c"], io, "0.0.0")).toBe(2);
    expect(io.err()).toContain("2 `--endpoint` values do not pair with 3 `--model` values");
  });

  it("classifies a refused connection after retrying", async () => {
    const io = memoryIO({ cwd: dir });
    await run(["probe", "--endpoint", "http://127.0.0.1:9", "--model", "m", ...FAST, "--iterations", "0", "--format", "json"], io, "0.0.0");
    const results = JSON.parse(io.out()) as ProbeResults;
    expect(results.models[0]?.checks[0]).toMatchObject({ fault: "connection-error", code: "R0612", attempts: 2 });
  });
});

describe("routec probe --inject", () => {
  const cases = [
    ["timeout", "timeout"],
    ["invalid-json", "invalid-json"],
    ["truncated-stream", "truncated-stream"],
    ["partial-tool-call", "partial-tool-call"],
    ["http-500", "http-error"],
  ] as const;
  for (const [fault, expected] of cases) {
    it(`classifies an injected ${fault} as ${expected} in front of both ollama and vllm shapes`, async () => {
      const { code, results } = await probe(["ollama-conforming", "vllm-fragmented"], ["--inject", fault]);
      expect(results.models.map((m) => m.injection)).toEqual([
        { fault, expected, observed: [expected, expected], detected: true },
        { fault, expected, observed: [expected, expected], detected: true },
      ]);
      expect(code).toBe(0);
      expect(validate(results), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it("exits 1 when the injected fault is not what the probe observes", async () => {
    const { code, results } = await probe(["no-tools"], ["--inject", "partial-tool-call"]);
    expect(results.models[0]?.injection).toMatchObject({ detected: false, observed: ["no-tool-support", "no-tool-support"] });
    expect(code).toBe(1);
  });
});

describe("routec probe latency and footprint", () => {
  it("records a slow first request as a cold start and reports percentiles over the warm ones", async () => {
    const { results } = await probe(["cold-load"], ["--iterations", "3"]);
    const m = results.models[0];
    expect(m?.latency?.cold_ms).toBeGreaterThanOrEqual(250);
    expect(m?.latency?.warm?.p95_ms).toBeLessThan(250);
    expect(m?.latency?.samples_ms).toHaveLength(3);
    expect(m?.variance.find((v) => v.source === "cold-start")?.detail).toMatch(/^cold request [\d.]+ ms vs warm p50 [\d.]+ ms: the model was probably loaded by the first request$/);
  });

  it("measures the vram footprint as free memory before the cold request minus the lowest free after any iteration", async () => {
    const outputs = ["0, 24576, 20000\n", "0, 24576, 14000\n", "0, 24576, 13800\n", "0, 24576, 13500\n", "0, 24576, 13900\n"];
    const fake = fakeGpuTools({ nvidia: { kind: "sequence", outputs } });
    try {
      const { results } = await probe(["ollama-conforming"], ["--vram", "--iterations", "2"], { PATH: fake.path });
      expect(results.models[0]?.vram?.map((s) => s.snapshot?.gpus[0]?.free_mib)).toEqual([20000, 14000, 13800, 13500, 13900, 13900]);
      expect(results.models[0]?.vram_footprint_mib).toBe(6500);
    } finally {
      fake.cleanup();
    }
  });
});
