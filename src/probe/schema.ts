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
  /** Null when the check passed. */
  fault: z.enum(FAULTS).nullable(),
  /** The R06xx code of the fault or warning, null when the check passed cleanly. */
  code: z.string().regex(/^R06\d\d$/).nullable(),
  message: z.string(),
  /** Requests made, retries included. */
  attempts: z.number().int().nonnegative(),
  duration_ms: ms.nullable(),
  /** Time to first byte (non-streaming) or first event (streaming). */
  first_token_ms: ms.nullable(),
});

export const latencySchema = z.strictObject({
  /** Warm iterations requested (the cold request comes on top). */
  iterations: z.number().int().nonnegative(),
  cold_ms: ms.nullable(),
  warm: z.strictObject({ min_ms: ms, p50_ms: ms, p95_ms: ms, max_ms: ms, mean_ms: ms }).nullable(),
  /** Every successful warm sample, in order. */
  samples_ms: z.array(ms),
  failures: z.number().int().nonnegative(),
});

export const vramSampleSchema = z.strictObject({
  /** 0 is the cold request. */
  iteration: z.number().int().nonnegative(),
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
  /** The policy's runtime name, null for `--endpoint`. */
  runtime: z.string().nullable(),
  /** The endpoint probed (credentials removed); with `--inject`, the real endpoint behind the proxy. */
  endpoint: z.string(),
  /** What the policy declares, null for `--endpoint`. */
  declared: z.strictObject({ tools: z.boolean(), vram_mib: z.number().nonnegative() }).nullable(),
  /** False for candidates: their failures are reported, not fatal. */
  blocking: z.boolean(),
  status,
  checks: z.array(checkResultSchema),
  latency: latencySchema.nullable(),
  /** Telemetry before and after every latency iteration (`--vram`), else null. */
  vram: z.array(vramSampleSchema).nullable(),
  /** Free memory before the cold request minus the lowest free memory after any iteration; null without telemetry. */
  vram_footprint_mib: z.number().nullable(),
  variance: z.array(varianceSchema),
  injection: z
    .strictObject({
      fault: z.enum(INJECTIONS),
      expected: z.enum(FAULTS),
      /** The fault each conformance check reported. */
      observed: z.array(z.enum(FAULTS).nullable()),
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
  /** True when the run was cancelled (SIGINT) before every target was probed. */
  interrupted: z.boolean(),
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

/** The JSON Schema of `routec.probe/1`, generated from the zod schema (checked in as `schema/probe.schema.json`). */
export function probeJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://routec.dev/schema/probe.schema.json",
    title: "routec.probe/1",
    description: "The results of a routec probe run: tool-call conformance, latency and VRAM per model",
    ...z.toJSONSchema(probeResultsSchema, { target: "draft-2020-12" }),
  };
}
