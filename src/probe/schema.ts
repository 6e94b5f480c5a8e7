/**
 * `routec.probe/1`: the results of a probe run. The zod schema here is the source of truth; `schema/probe.schema.json`
 * is its JSON Schema form (for embedders and CI), and a test keeps the two in agreement.
 */
import { z } from "zod";

/** What went wrong in a check, classified. Each maps to one R06xx code (`FAULT_CODES`). */
export const FAULTS = [
  "no-tool-call",
  "invalid-arguments",
  "schema-mismatch",
  "tool-call-in-content",
  "finish-reason",
  "no-tool-support",
  "timeout",
  "http-error",
  "invalid-json",
  "truncated-stream",
  "partial-tool-call",
  "connection-error",
  "cancelled",
] as const;
export type Fault = (typeof FAULTS)[number];

/** Faults the `--inject` proxy can produce. */
export const INJECTIONS = ["timeout", "invalid-json", "truncated-stream", "partial-tool-call", "http-500"] as const;
export type Injection = (typeof INJECTIONS)[number];

export const CHECK_NAMES = ["tools-non-streaming", "tools-streaming", "latency"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

const status = z.enum(["pass", "warn", "fail"]);
const ms = z.number().nonnegative();

const gpu = z.strictObject({ index: z.number().int().nonnegative(), total_mib: z.number().nonnegative(), free_mib: z.number().nonnegative() });
const vramSnapshot = z.strictObject({ gpus: z.array(gpu), low_vram_mode: z.boolean().optional() });

export const checkResultSchema = z.strictObject({
  name: z.enum(CHECK_NAMES),
  status,
  fault: z.enum(FAULTS).nullable().describe("Null when the check passed."),
  code: z.string().regex(/^R06\d\d$/).nullable().describe("The R06xx code of the fault or warning, null when the check passed cleanly."),
  message: z.string(),
  attempts: z.number().int().nonnegative().describe("Requests made, retries included."),
  duration_ms: ms.nullable(),
  first_token_ms: ms.nullable().describe("Time to first byte (non-streaming) or first event (streaming)."),
});

export const latencySchema = z.strictObject({
  iterations: z.number().int().nonnegative().describe("Warm iterations requested (the cold request comes on top)."),
  cold_ms: ms.nullable(),
  warm: z.strictObject({ min_ms: ms, p50_ms: ms, p95_ms: ms, max_ms: ms, mean_ms: ms }).nullable(),
  samples_ms: z.array(ms).describe("Every successful warm sample, in order."),
  failures: z.number().int().nonnegative(),
});

export const vramSampleSchema = z.strictObject({
  iteration: z.number().int().nonnegative().describe("0 is the cold request."),
  phase: z.enum(["before", "after"]),
  snapshot: vramSnapshot.nullable(),
  reason: z.string().nullable(),
});

export const varianceSchema = z.strictObject({
  source: z.enum(["cold-start", "batching", "vram-mode", "retries", "telemetry"]),
  detail: z.string(),
});

export const modelResultSchema = z.strictObject({
  model: z.string(),
  runtime: z.string().nullable().describe("The policy's runtime name, null for `--endpoint`."),
  endpoint: z.string().describe("The endpoint probed (credentials removed); with `--inject`, the real endpoint behind the proxy."),
  declared: z.strictObject({ tools: z.boolean(), vram_mib: z.number().nonnegative() }).nullable().describe("What the policy declares, null for `--endpoint`."),
  blocking: z.boolean().describe("False for candidates: their failures are reported, not fatal."),
  status,
  checks: z.array(checkResultSchema),
  latency: latencySchema.nullable(),
  vram: z.array(vramSampleSchema).nullable().describe("Telemetry before and after every latency iteration (`--vram`), else null."),
  vram_footprint_mib: z.number().nullable().describe("Free memory before the cold request minus the lowest free memory after any iteration; null without telemetry."),
  variance: z.array(varianceSchema),
  injection: z
    .strictObject({
      fault: z.enum(INJECTIONS),
      expected: z.enum(FAULTS),
      observed: z.array(z.enum(FAULTS).nullable()).describe("The fault each conformance check reported."),
      detected: z.boolean(),
    })
    .nullable(),
});

export const probeResultsSchema = z.strictObject({
  schema: z.literal("routec.probe/1"),
  routec_version: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  policy: z.strictObject({ name: z.string(), file: z.string() }).nullable(),
  settings: z.strictObject({
    iterations: z.number().int().nonnegative(),
    timeout_ms: z.number().int().positive(),
    retries: z.number().int().nonnegative(),
    inject: z.enum(INJECTIONS).nullable(),
    candidates: z.boolean(),
    vram: z.boolean(),
  }),
  interrupted: z.boolean().describe("True when the run was cancelled (SIGINT) before every target was probed."),
  models: z.array(modelResultSchema),
});

export type CheckResult = z.infer<typeof checkResultSchema>;
export type Latency = z.infer<typeof latencySchema>;
export type VramSample = z.infer<typeof vramSampleSchema>;
export type VarianceSource = z.infer<typeof varianceSchema>;
export type ModelResult = z.infer<typeof modelResultSchema>;
/** A whole `routec.probe/1` document. */
export type ProbeResults = z.infer<typeof probeResultsSchema>;
export type ProbeStatus = z.infer<typeof status>;

/** The registered code for each fault; a cancelled check (SIGINT) says nothing about the model and has none. */
export const FAULT_CODES: Readonly<Record<Fault, string | null>> = {
  "no-tool-call": "R0601",
  "invalid-arguments": "R0602",
  "schema-mismatch": "R0603",
  "tool-call-in-content": "R0604",
  "finish-reason": "R0605",
  "no-tool-support": "R0606",
  timeout: "R0607",
  "http-error": "R0608",
  "invalid-json": "R0609",
  "truncated-stream": "R0610",
  "partial-tool-call": "R0611",
  "connection-error": "R0612",
  cancelled: null,
};

/** The fault each injection must be classified as. */
export const INJECTION_EXPECTS: Readonly<Record<Injection, Fault>> = {
  timeout: "timeout",
  "invalid-json": "invalid-json",
  "truncated-stream": "truncated-stream",
  "partial-tool-call": "partial-tool-call",
  "http-500": "http-error",
};

/**
 * The JSON Schema of `routec.probe/1`, generated from the zod schema; checked in as `schema/probe.schema.json`
 * (regenerate with `npx vitest run test/probe/schema.test.ts --update`).
 */
export function probeJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://routec.dev/schema/probe.schema.json",
    title: "routec.probe/1",
    description: "The results of a routec probe run: tool-call conformance, latency and VRAM per model",
    ...z.toJSONSchema(probeResultsSchema, { target: "draft-2020-12" }),
  };
}
