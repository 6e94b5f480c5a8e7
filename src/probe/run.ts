/**
 * The probe run: for each target, a cold request, the two tool-call conformance checks, then warm latency
 * iterations with telemetry around each; or, with `--inject`, the conformance checks through the fault proxy.
 */
import { postChatCompletion } from "./client.js";
import type { ClientOptions, Transport } from "./client.js";
import { judgeToolProbe, messageFromBody, toolProbeRequest } from "./conformance.js";
import { startFaultProxy } from "./fault-proxy.js";
import { redact } from "./redact.js";
import type { CheckResult, Fault, Injection, Latency, ModelResult, ProbeResults, ProbeStatus, VarianceSource, VramSample } from "./schema.js";
import { FAULT_CODES, INJECTION_EXPECTS } from "./schema.js";
import { summarize } from "./stats.js";
import type { ProbeTarget } from "./targets.js";
import type { VramReading } from "./vram.js";
import { LOW_VRAM_THRESHOLD_MIB } from "./vram.js";

export interface ProbeRunOptions {
  /** Warm latency iterations after the cold request; 0 skips latency. */
  readonly iterations: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly inject: Injection | null;
  readonly candidates: boolean;
  /** Reads telemetry before and after each latency iteration when set (`--vram`). */
  readonly readVram: (() => Promise<VramReading>) | null;
  readonly signal?: AbortSignal;
  readonly apiKey?: string;
  /** Progress lines (already redacted); the CLI shows them on a terminal only. */
  readonly progress?: (line: string) => void;
  readonly now: () => Date;
  readonly version: string;
  readonly policy: { readonly name: string; readonly file: string } | null;
}

/** The fixed latency prompt: a tiny deterministic answer, so time is dominated by the runtime, not generation. */
export function latencyRequest(model: string): Record<string, unknown> {
  return { model, messages: [{ role: "user", content: "Reply with the single word: ready" }], temperature: 0, max_tokens: 8, stream: false };
}

const RANK: Readonly<Record<ProbeStatus, number>> = { pass: 0, warn: 1, fail: 2 };

/** The worse of statuses; `pass` for none. */
export function worstStatus(statuses: readonly ProbeStatus[]): ProbeStatus {
  return statuses.reduce<ProbeStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), "pass");
}

function clientOptions(options: ProbeRunOptions): ClientOptions {
  return {
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    backoffMs: options.backoffMs,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
  };
}

function firstToken(t: Transport): number | null {
  return t.kind === "stream" ? t.first_event_ms : t.ttfb_ms;
}

async function toolCheck(name: "tools-non-streaming" | "tools-streaming", endpoint: string, target: ProbeTarget, options: ProbeRunOptions): Promise<CheckResult> {
  const transport = await postChatCompletion(endpoint, toolProbeRequest(target.model, name === "tools-streaming"), clientOptions(options));
  const verdict = judgeToolProbe(transport);
  return {
    name,
    status: verdict.status,
    fault: verdict.fault,
    code: verdict.code,
    message: redact(verdict.message),
    attempts: transport.attempts,
    duration_ms: transport.kind === "failure" && transport.fault === "cancelled" ? null : transport.duration_ms,
    first_token_ms: firstToken(transport),
  };
}

/** A latency sample: the duration of a successful answer, or the fault that prevented it. */
type Sample = { readonly ok: true; readonly ms: number; readonly attempts: number } | { readonly ok: false; readonly fault: Fault; readonly message: string; readonly attempts: number };

async function latencySample(endpoint: string, target: ProbeTarget, options: ProbeRunOptions): Promise<Sample> {
  const t = await postChatCompletion(endpoint, latencyRequest(target.model), clientOptions(options));
  if (t.kind === "failure") return { ok: false, fault: t.fault, message: t.message, attempts: t.attempts };
  if (t.kind === "response" && (t.status < 200 || t.status >= 300)) return { ok: false, fault: "http-error", message: `HTTP ${t.status}`, attempts: t.attempts };
  if (t.kind === "response" && !messageFromBody(t.body).ok) return { ok: false, fault: "invalid-json", message: "the response is not a chat completion", attempts: t.attempts };
  return { ok: true, ms: t.duration_ms, attempts: t.attempts };
}

async function sampleVram(options: ProbeRunOptions, iteration: number, phase: "before" | "after", into: VramSample[]): Promise<void> {
  if (!options.readVram) return;
  const reading = await options.readVram();
  const snapshot = reading.snapshot === null ? null : { ...reading.snapshot, gpus: reading.snapshot.gpus.map((g) => ({ ...g })) };
  into.push({ iteration, phase, snapshot, reason: reading.reason === null ? null : redact(reading.reason) });
}

function freeOf(sample: VramSample): number | null {
  return sample.snapshot === null ? null : sample.snapshot.gpus.reduce((s, g) => s + g.free_mib, 0);
}

/** Free memory before the cold request minus the lowest free memory after any iteration (never negative). */
export function vramFootprint(samples: readonly VramSample[]): number | null {
  const baseline = samples.find((s) => s.iteration === 0 && s.phase === "before");
  const base = baseline ? freeOf(baseline) : null;
  const after = samples.filter((s) => s.phase === "after").map(freeOf).filter((f): f is number => f !== null);
  if (base === null || after.length === 0) return null;
  return Math.max(0, base - Math.min(...after));
}

function latencyCheck(cold: Sample, warm: readonly Sample[]): CheckResult {
  const all = [cold, ...warm];
  const failures = all.filter((s): s is Extract<Sample, { ok: false }> => !s.ok);
  const attempts = all.reduce((n, s) => n + s.attempts, 0);
  const okMs = all.filter((s): s is Extract<Sample, { ok: true }> => s.ok).map((s) => s.ms);
  const duration = okMs.length > 0 ? Math.round(okMs.reduce((a, b) => a + b, 0) * 10) / 10 : null;
  const first = failures[0];
  if (!first) return { name: "latency", status: "pass", fault: null, code: null, message: `${all.length} requests answered`, attempts, duration_ms: duration, first_token_ms: null };
  const status: ProbeStatus = failures.length === all.length ? "fail" : "warn";
  return {
    name: "latency",
    status,
    fault: first.fault,
    code: FAULT_CODES[first.fault],
    message: redact(`${failures.length} of ${all.length} requests failed; first: ${first.message}`),
    attempts,
    duration_ms: duration,
    first_token_ms: null,
  };
}

function varianceSources(latency: Latency | null, vram: readonly VramSample[] | null, checks: readonly CheckResult[]): VarianceSource[] {
  const sources: VarianceSource[] = [];
  if (latency && latency.cold_ms !== null) {
    const p50 = latency.warm?.p50_ms ?? null;
    const detail =
      p50 === null
        ? `cold request ${latency.cold_ms} ms; no warm samples to compare`
        : latency.cold_ms > 3 * p50
          ? `cold request ${latency.cold_ms} ms vs warm p50 ${p50} ms: the model was probably loaded by the first request`
          : `cold request ${latency.cold_ms} ms vs warm p50 ${p50} ms: the model was probably already loaded`;
    sources.push({ source: "cold-start", detail });
  }
  if (latency?.warm) {
    const spread = latency.warm.p50_ms > 0 ? Math.round((latency.warm.p95_ms / latency.warm.p50_ms) * 100) / 100 : 0;
    sources.push({
      source: "batching",
      detail: `requests sent one at a time; p95/p50 = ${spread}; other clients of the runtime share its batch (Ollama \`OLLAMA_NUM_PARALLEL\`, vLLM continuous batching) and add queueing`,
    });
  }
  if (vram) {
    const known = vram.find((s) => s.snapshot !== null);
    if (known?.snapshot) {
      const low = known.snapshot.low_vram_mode === true;
      sources.push({
        source: "vram-mode",
        detail: low
          ? `low-VRAM mode (total below ${LOW_VRAM_THRESHOLD_MIB / 1024} GiB): the runtime may use a shorter context or offload layers`
          : "normal VRAM mode",
      });
    } else {
      const reason = vram.find((s) => s.reason !== null)?.reason ?? "unknown";
      sources.push({ source: "telemetry", detail: `VRAM telemetry unknown: ${reason}` });
    }
  }
  const retried = checks.filter((c) => c.attempts > (c.name === "latency" ? (latency ? latency.iterations + 1 : 0) : 1));
  if (retried.length > 0) sources.push({ source: "retries", detail: `retried requests in ${retried.map((c) => c.name).join(", ")}: durations include backoff` });
  return sources;
}

async function probeTarget(target: ProbeTarget, options: ProbeRunOptions): Promise<ModelResult> {
  const base = { model: target.model, runtime: target.runtime, endpoint: redact(target.endpoint), declared: target.declared, blocking: target.blocking };
  if (options.inject !== null) {
    const proxy = await startFaultProxy(target.endpoint, options.inject, options.timeoutMs);
    try {
      const checks = [await toolCheck("tools-non-streaming", proxy.url, target, options), await toolCheck("tools-streaming", proxy.url, target, options)];
      const expected = INJECTION_EXPECTS[options.inject];
      const observed = checks.map((c) => c.fault);
      return {
        ...base,
        status: worstStatus(checks.map((c) => c.status)),
        checks,
        latency: null,
        vram: null,
        vram_footprint_mib: null,
        variance: [],
        injection: { fault: options.inject, expected, observed, detected: observed.every((f) => f === expected) },
      };
    } finally {
      await proxy.close();
    }
  }
  const vram: VramSample[] = [];
  const measure = options.iterations > 0;
  let cold: Sample | null = null;
  if (measure) {
    await sampleVram(options, 0, "before", vram);
    cold = await latencySample(target.endpoint, target, options);
    await sampleVram(options, 0, "after", vram);
  }
  const checks: CheckResult[] = [];
  for (const name of ["tools-non-streaming", "tools-streaming"] as const) {
    if (options.signal?.aborted) break;
    checks.push(await toolCheck(name, target.endpoint, target, options));
  }
  let latency: Latency | null = null;
  if (cold) {
    const warm: Sample[] = [];
    for (let i = 1; i <= options.iterations && !options.signal?.aborted; i++) {
      options.progress?.(`  ${target.model}: latency ${i}/${options.iterations}`);
      await sampleVram(options, i, "before", vram);
      warm.push(await latencySample(target.endpoint, target, options));
      await sampleVram(options, i, "after", vram);
    }
    const samples = warm.filter((s): s is Extract<Sample, { ok: true }> => s.ok).map((s) => s.ms);
    latency = {
      iterations: options.iterations,
      cold_ms: cold.ok ? cold.ms : null,
      warm: summarize(samples),
      samples_ms: samples,
      failures: [cold, ...warm].filter((s) => !s.ok).length,
    };
    checks.push(latencyCheck(cold, warm));
  }
  const telemetry = options.readVram && measure ? vram : null;
  return {
    ...base,
    status: worstStatus(checks.map((c) => c.status)),
    checks,
    latency,
    vram: telemetry,
    vram_footprint_mib: telemetry ? vramFootprint(telemetry) : null,
    variance: varianceSources(latency, telemetry, checks),
    injection: null,
  };
}

/** Probes every target in order and returns the `routec.probe/1` document. Never rejects for endpoint faults. */
export async function runProbes(targets: readonly ProbeTarget[], options: ProbeRunOptions): Promise<ProbeResults> {
  const started = options.now();
  const models: ModelResult[] = [];
  for (const [i, target] of targets.entries()) {
    if (options.signal?.aborted) break;
    options.progress?.(redact(`[${i + 1}/${targets.length}] ${target.model} on ${target.runtime ?? target.endpoint}`));
    models.push(await probeTarget(target, options));
  }
  return {
    schema: "routec.probe/1",
    routec_version: options.version,
    started_at: started.toISOString(),
    finished_at: options.now().toISOString(),
    policy: options.policy,
    settings: {
      iterations: options.iterations,
      timeout_ms: options.timeoutMs,
      retries: options.retries,
      inject: options.inject,
      candidates: options.candidates,
      vram: options.readVram !== null,
    },
    interrupted: options.signal?.aborted === true,
    models,
  };
}

/** Whether a run fails: a blocking model failed, or (with `--inject`) a fault was not classified as expected. */
export function runFails(results: ProbeResults): boolean {
  if (results.settings.inject !== null) return results.models.some((m) => m.injection !== null && !m.injection.detected);
  return results.models.some((m) => m.blocking && m.status === "fail");
}
