import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { ProbeResults } from "../../src/probe/schema.js";
import { probeJsonSchema, probeResultsSchema } from "../../src/probe/schema.js";

const file: unknown = JSON.parse(readFileSync(new URL("../../schema/probe.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ strict: false }).compile(file as object);

const sample: ProbeResults = {
  schema: "routec.probe/1",
  routec_version: "0.1.0",
  started_at: "2026-11-27T05:00:00.000Z",
  finished_at: "2026-11-27T05:00:03.000Z",
  policy: { name: "local-first", file: "policies/default.route" },
  settings: { iterations: 1, timeout_ms: 1000, retries: 0, inject: null, candidates: false, vram: true },
  interrupted: false,
  models: [
    {
      model: "llama3.1:latest",
      runtime: "ollama",
      endpoint: "http://127.0.0.1:11434",
      declared: { tools: true, vram_mib: 6349 },
      blocking: true,
      status: "warn",
      checks: [
        { name: "tools-non-streaming", status: "pass", fault: null, code: null, message: "valid `get_weather` call", attempts: 1, duration_ms: 120.5, first_token_ms: 100 },
        { name: "tools-streaming", status: "warn", fault: "finish-reason", code: "R0605", message: "valid tool call, but finish reason `stop`", attempts: 1, duration_ms: 130, first_token_ms: 20 },
        { name: "latency", status: "pass", fault: null, code: null, message: "2 requests answered", attempts: 2, duration_ms: 900, first_token_ms: null },
      ],
      latency: { iterations: 1, cold_ms: 800, warm: { min_ms: 100, p50_ms: 100, p95_ms: 100, max_ms: 100, mean_ms: 100 }, samples_ms: [100], failures: 0 },
      vram: [{ iteration: 0, phase: "before", snapshot: { gpus: [{ index: 0, total_mib: 24576, free_mib: 20000 }], low_vram_mode: false }, reason: null }],
      vram_footprint_mib: 6000,
      variance: [{ source: "cold-start", detail: "cold request 800 ms vs warm p50 100 ms" }],
      injection: null,
    },
  ],
};

/** Documents that break the schema in one place each. */
const broken: Record<string, unknown> = {
  "wrong schema tag": { ...sample, schema: "routec.probe/2" },
  "unknown top-level key": { ...sample, extra: 1 },
  "unknown fault": { ...sample, models: [{ ...sample.models[0], checks: [{ ...sample.models[0]?.checks[0], fault: "exploded" }] }] },
  "code outside R06xx": { ...sample, models: [{ ...sample.models[0], checks: [{ ...sample.models[0]?.checks[0], code: "R0101" }] }] },
  "negative latency": { ...sample, models: [{ ...sample.models[0], latency: { ...sample.models[0]?.latency, cold_ms: -1 } }] },
  "missing status": { ...sample, models: [{ ...sample.models[0], status: undefined }] },
};

describe("probe schema", () => {
  it("keeps schema/probe.schema.json equal to the json schema generated from zod", async () => {
    await expect(`${JSON.stringify(probeJsonSchema(), null, 2)}\n`, "run `npx vitest run test/probe/schema.test.ts --update`").toMatchFileSnapshot("../../schema/probe.schema.json");
  });

  it("accepts a full results document in both the zod and the json schema", () => {
    expect(probeResultsSchema.safeParse(sample).success).toBe(true);
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
  });

  for (const [name, doc] of Object.entries(broken)) {
    it(`rejects a document in both schemas when it has a ${name}`, () => {
      const plain: unknown = JSON.parse(JSON.stringify(doc));
      expect(probeResultsSchema.safeParse(plain).success).toBe(false);
      expect(validate(plain)).toBe(false);
    });
  }
});
