/**
 * GPU memory telemetry: runs `nvidia-smi` (or `rocm-smi` when there is no `nvidia-smi`) and turns its output into
 * the `vram` field of `routec.input/1`. Every failure degrades to unknown telemetry with a reason; nothing throws.
 */
import type { GpuSnapshot, VramFeatures, VramSnapshot } from "../runtime/types.js";
import { execCommand } from "./exec.js";

/** The `nvidia-smi` arguments: one CSV line per GPU, `index, total, free` in MiB. */
export const NVIDIA_SMI_ARGS = ["--query-gpu=index,memory.total,memory.free", "--format=csv,noheader,nounits"] as const;
export const ROCM_SMI_ARGS = ["--showmeminfo", "vram", "--json"] as const;

/**
 * Ollama's low-VRAM threshold: it entered "low vram mode" when the total VRAM of all GPUs, each less
 * `OLLAMA_GPU_OVERHEAD` bytes, was below 20 GiB (`lowVRAMThreshold` in ollama `server/routes.go`, v0.11.x–v0.15.x).
 */
export const LOW_VRAM_THRESHOLD_MIB = 20 * 1024;

/** A telemetry reading: a snapshot, or unknown (`snapshot: null`) with the reason. */
export interface VramReading {
  readonly snapshot: VramSnapshot | null;
  /** Why telemetry is unknown, or a note about GPUs that were left out; null when everything was read. */
  readonly reason: string | null;
  /** Which tool produced the reading, null when none ran successfully. */
  readonly source: "nvidia-smi" | "rocm-smi" | null;
  /** What the tool printed on stderr when it failed (for `--verbose`), else null. */
  readonly detail: string | null;
}

export interface VramOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Override the low-VRAM threshold (MiB); defaults to `LOW_VRAM_THRESHOLD_MIB`. */
  readonly lowVramThresholdMib?: number;
}


type Parsed = { readonly ok: true; readonly gpus: GpuSnapshot[]; readonly skipped: string[] } | { readonly ok: false; readonly reason: string };

const MISSING = /^\[?(n\/a|not supported|unknown error|insufficient permissions|gpu is lost|requested functionality has been deprecated)\]?$/i;
const UNIT_FACTORS: Readonly<Record<string, number>> = { "": 1, mib: 1, gib: 1024, kib: 1 / 1024, mb: 1e6 / 1048576, gb: 1e9 / 1048576 };

/** Parses one memory field (`81920`, `81920 MiB`); null when it is a missing marker or not a number. */
function parseMib(field: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(field.trim());
  if (!m) return null;
  const factor = UNIT_FACTORS[(m[2] ?? "").toLowerCase()];
  return factor === undefined ? null : Math.round(Number(m[1]) * factor);
}

/**
 * Parses `nvidia-smi --query-gpu=index,memory.total,memory.free --format=csv,noheader[,nounits]`. GPUs whose memory
 * fields are `[N/A]`, `N/A` or `[Not Supported]` (unified-memory GPUs) are left out and named in `skipped`.
 */
export function parseNvidiaSmi(stdout: string): Parsed {
  const lines = stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) return { ok: false, reason: "nvidia-smi printed nothing" };
  const gpus: GpuSnapshot[] = [];
  const skipped: string[] = [];
  for (const line of lines) {
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length !== 3) return { ok: false, reason: `unexpected nvidia-smi output line \`${line.slice(0, 80)}\`` };
    const [indexField = "", totalField = "", freeField = ""] = fields;
    if (!/^\d+$/.test(indexField)) return { ok: false, reason: `unexpected nvidia-smi GPU index \`${indexField.slice(0, 40)}\`` };
    const index = Number(indexField);
    const total = parseMib(totalField);
    const free = parseMib(freeField);
    if (total === null || free === null) {
      const bad = total === null ? totalField : freeField;
      if (!MISSING.test(bad)) return { ok: false, reason: `unexpected nvidia-smi memory value \`${bad.slice(0, 40)}\`` };
      skipped.push(`GPU ${index} reports memory as \`${bad}\``);
      continue;
    }
    gpus.push({ index, total_mib: total, free_mib: Math.min(free, total) });
  }
  return { ok: true, gpus, skipped };
}

/** Parses `rocm-smi --showmeminfo vram --json`: `{ "card0": { "VRAM Total Memory (B)": "…", "VRAM Total Used Memory (B)": "…" } }`. */
export function parseRocmSmi(stdout: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return { ok: false, reason: "rocm-smi printed output that is not JSON" };
  }
  if (typeof data !== "object" || data === null) return { ok: false, reason: "rocm-smi printed output that is not a JSON object" };
  const gpus: GpuSnapshot[] = [];
  const skipped: string[] = [];
  for (const [card, value] of Object.entries(data)) {
    const m = /^card(\d+)$/.exec(card);
    if (!m || typeof value !== "object" || value === null) continue;
    const fields = value as Record<string, unknown>;
    const total = Number(fields["VRAM Total Memory (B)"]);
    const used = Number(fields["VRAM Total Used Memory (B)"]);
    if (!Number.isFinite(total) || !Number.isFinite(used) || total <= 0) {
      skipped.push(`${card} reports no VRAM totals`);
      continue;
    }
    const totalMib = Math.round(total / 1048576);
    gpus.push({ index: Number(m[1]), total_mib: totalMib, free_mib: Math.max(0, Math.min(totalMib, Math.round((total - used) / 1048576))) });
  }
  return { ok: true, gpus: gpus.sort((a, b) => a.index - b.index), skipped };
}

/** The `OLLAMA_GPU_OVERHEAD` reservation (bytes per GPU) in MiB; 0 when unset or not a number. */
export function gpuOverheadMib(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env["OLLAMA_GPU_OVERHEAD"];
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return 0;
  return Number(raw.trim()) / 1048576;
}

/** Ollama's rule: low-VRAM mode when Σ (total − overhead) over all GPUs is below the threshold. No GPUs: false. */
export function isLowVramMode(gpus: readonly GpuSnapshot[], overheadMib: number, thresholdMib = LOW_VRAM_THRESHOLD_MIB): boolean {
  if (gpus.length === 0) return false;
  const usable = gpus.reduce((sum, g) => sum + Math.max(0, g.total_mib - overheadMib), 0);
  return usable < thresholdMib;
}

/** The features of docs/semantics.md §3: sums, free percent, largest free block and fragmentation. */
export function vramFeatures(snapshot: VramSnapshot): VramFeatures {
  const total = snapshot.gpus.reduce((s, g) => s + g.total_mib, 0);
  const free = snapshot.gpus.reduce((s, g) => s + g.free_mib, 0);
  const largest = snapshot.gpus.reduce((m, g) => Math.max(m, g.free_mib), 0);
  return {
    total_mib: total,
    free_mib: free,
    free_pct: total === 0 ? 0 : (100 * free) / total,
    largest_free_mib: largest,
    fragmentation_pct: free === 0 ? 0 : 100 * (1 - largest / free),
  };
}

function unknown(reason: string, detail: string | null = null): VramReading {
  return { snapshot: null, reason, source: null, detail };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "") ?? "";
}

function fromParsed(parsed: Parsed, source: "nvidia-smi" | "rocm-smi", options: VramOptions): VramReading {
  if (!parsed.ok) return unknown(parsed.reason);
  if (parsed.gpus.length === 0) {
    return unknown(parsed.skipped.length > 0 ? `no GPU reports its memory (${parsed.skipped.join("; ")})` : `${source} lists no GPUs`);
  }
  const gpus = [...parsed.gpus].sort((a, b) => a.index - b.index);
  const snapshot: VramSnapshot = {
    gpus,
    low_vram_mode: isLowVramMode(gpus, gpuOverheadMib(options.env), options.lowVramThresholdMib),
  };
  return { snapshot, reason: parsed.skipped.length > 0 ? parsed.skipped.join("; ") : null, source, detail: null };
}

async function readRocm(options: VramOptions, timeoutMs: number): Promise<VramReading | null> {
  const outcome = await execCommand("rocm-smi", ROCM_SMI_ARGS, { env: options.env, timeoutMs });
  if (outcome.kind !== "exited" || outcome.code !== 0) return null;
  return fromParsed(parseRocmSmi(outcome.stdout), "rocm-smi", options);
}

/** Reads GPU memory telemetry. Never rejects: failures yield `snapshot: null` and a reason. */
export async function readVram(options: VramOptions): Promise<VramReading> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const outcome = await execCommand("nvidia-smi", NVIDIA_SMI_ARGS, { env: options.env, timeoutMs });
  switch (outcome.kind) {
    case "not-found":
      return (await readRocm(options, timeoutMs)) ?? unknown("no `nvidia-smi` (or `rocm-smi`) on PATH");
    case "timeout":
      return unknown(`\`nvidia-smi\` did not answer within ${timeoutMs} ms and was killed`);
    case "spawn-error":
      return unknown(`\`nvidia-smi\` could not be started: ${outcome.message}`);
    case "exited": {
      if (outcome.code !== 0) {
        const message = firstLine(outcome.stdout) || firstLine(outcome.stderr);
        const status = outcome.code === null ? `signal ${outcome.signal ?? "?"}` : `status ${outcome.code}`;
        return unknown(`\`nvidia-smi\` failed with ${status}${message ? `: ${message}` : ""}`, (outcome.stderr + outcome.stdout).trim() || null);
      }
      return fromParsed(parseNvidiaSmi(outcome.stdout), "nvidia-smi", options);
    }
  }
}
