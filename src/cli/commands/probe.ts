import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/registry.js";
import type { Sources } from "../../diagnostics/render/index.js";
import { renderText } from "../../diagnostics/render/index.js";
import { diffProbeResults } from "../../probe/diff.js";
import { redact } from "../../probe/redact.js";
import { renderProbeDiff, renderProbeResults } from "../../probe/render.js";
import { readProbeResultsFile } from "../../probe/results-file.js";
import { runFails, runProbes } from "../../probe/run.js";
import type { ProbeResults } from "../../probe/schema.js";
import { INJECTIONS } from "../../probe/schema.js";
import type { ProbeTarget } from "../../probe/targets.js";
import { targetsFromFlags, targetsFromPolicy } from "../../probe/targets.js";
import { readVram } from "../../probe/vram.js";
import { analyzePolicy } from "../../pipeline/analyze.js";
import { fsHost } from "../fs-host.js";
import type { CliIO } from "../io.js";
import type { CommandFactory } from "../program.js";

const integer = (min: number) => z.coerce.number().int().min(min);

const probeOptionsSchema = z.object({
  endpoint: z.array(z.string().url()).default([]),
  model: z.array(z.string().min(1)).default([]),
  includeDisabled: z.boolean().default(false),
  candidates: z.boolean().default(false),
  iterations: integer(0).default(5),
  timeout: integer(1).default(60_000),
  retries: integer(0).default(2),
  backoff: integer(0).default(500),
  vram: z.boolean().default(false),
  vramTimeout: integer(1).default(5000),
  inject: z.enum(INJECTIONS).optional(),
  output: z.string().optional(),
  format: z.enum(["text", "json"]).default("text"),
  apiKeyEnv: z.string().optional(),
});

const diffOptionsSchema = z.object({
  format: z.enum(["text", "json"]).default("text"),
  failOnRegression: z.boolean().default(false),
  latencyThreshold: z.coerce.number().nonnegative().optional(),
});

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: Sources = {}): string {
  return redact(renderText(diagnostics, sources, { summary: false }));
}

function usage(io: CliIO, message: string): void {
  io.stderr(`routec probe: ${message}\n`);
  io.setExitCode(2);
}

function packageVersion(): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
    return typeof manifest === "object" && manifest !== null && "version" in manifest && typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Reads a policy and turns its local models into targets; null after reporting why it could not. */
function policyTargets(io: CliIO, file: string, options: z.infer<typeof probeOptionsSchema>): { targets: ProbeTarget[]; name: string } | null {
  const analysis = analyzePolicy(resolve(io.cwd, file), fsHost());
  io.stderr(formatDiagnostics(analysis.diagnostics.filter((d) => d.severity === "error"), analysis.sources));
  const checked = analysis.checked;
  if (checked === null) {
    io.setExitCode(1);
    return null;
  }
  const { targets, skipped } = targetsFromPolicy(checked, { includeDisabled: options.includeDisabled, candidates: options.candidates });
  for (const s of skipped) {
    const why = s.reason === "disabled" ? "is disabled (use --include-disabled)" : "has no endpoint";
    io.stderr(`routec probe: skipping ${s.models.map((m) => `\`${m}\``).join(", ")}: runtime \`${s.runtime}\` ${why}\n`);
  }
  return { targets, name: checked.name };
}

async function probeAction(io: CliIO, policyFile: string | undefined, raw: Record<string, unknown>): Promise<void> {
  const parsed = probeOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return usage(io, `invalid \`--${String(issue?.path[0] ?? "option")}\`: ${issue?.message ?? "invalid"}`);
  }
  const options = parsed.data;
  let targets: ProbeTarget[] = [];
  let policy: { name: string; file: string } | null = null;
  if (policyFile !== undefined) {
    const fromPolicy = policyTargets(io, policyFile, options);
    if (!fromPolicy) return;
    targets = fromPolicy.targets;
    policy = { name: fromPolicy.name, file: policyFile };
  }
  if (options.endpoint.length > 0 || options.model.length > 0) {
    const flagged = targetsFromFlags(options.endpoint, options.model, options.candidates);
    if (typeof flagged === "string") return usage(io, flagged);
    targets = [...targets, ...flagged];
  }
  if (targets.length === 0) {
    io.stderr(formatDiagnostics([diagnostic("R0641", null, policyFile === undefined ? "no policy and no `--endpoint`/`--model` given" : `policy \`${policyFile}\` has no model to probe`)]));
    io.setExitCode(2);
    return;
  }
  let apiKey: string | undefined;
  if (options.apiKeyEnv !== undefined) {
    apiKey = io.env[options.apiKeyEnv];
    if (apiKey === undefined) return usage(io, `environment variable \`${options.apiKeyEnv}\` is not set`);
  }
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once("SIGINT", onSigint);
  let results: ProbeResults;
  try {
    results = await runProbes(targets, {
      iterations: options.iterations,
      timeoutMs: options.timeout,
      retries: options.retries,
      backoffMs: options.backoff,
      inject: options.inject ?? null,
      candidates: options.candidates,
      readVram: options.vram ? () => readVram({ env: io.env, timeoutMs: options.vramTimeout }) : null,
      signal: controller.signal,
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(io.isTTY ? { progress: (line: string) => io.stderr(`${redact(line)}\n`) } : {}),
      now: () => new Date(),
      version: packageVersion(),
      policy,
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
  const json = `${redact(JSON.stringify(results, null, 2))}\n`;
  if (options.output !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, options.output), json);
    } catch (error) {
      io.stderr(`routec probe: cannot write \`${options.output}\`: ${error instanceof Error ? error.message : String(error)}\n`);
      io.setExitCode(2);
    }
  }
  io.stdout(options.format === "json" ? json : redact(renderProbeResults(results)));
  if (results.interrupted) io.setExitCode(2);
  else io.setExitCode(!options.candidates && runFails(results) ? 1 : 0);
}

function readResults(io: CliIO, file: string): ProbeResults | null {
  const read = readProbeResultsFile(resolve(io.cwd, file), file);
  if (read.ok) return read.value;
  io.stderr(formatDiagnostics(read.diagnostics));
  io.setExitCode(2);
  return null;
}

function diffAction(io: CliIO, a: string, b: string, raw: Record<string, unknown>): void {
  const parsed = diffOptionsSchema.safeParse(raw);
  if (!parsed.success) return usage(io, `invalid option: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const before = readResults(io, a);
  const after = before ? readResults(io, b) : null;
  if (!before || !after) return;
  const diff = diffProbeResults(before, after, { latencyThresholdPct: parsed.data.latencyThreshold ?? null });
  io.stdout(redact(parsed.data.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderProbeDiff(diff)));
  if (parsed.data.failOnRegression && diff.regressions > 0) {
    const regressions = diff.changes.filter((c) => c.regression).map((c) => {
      const why = c.change === "regressed" ? `${c.before ?? "-"} → ${c.after ?? "-"}` : `warm p95 +${c.p95_delta_pct ?? 0}%`;
      return diagnostic("R0650", null, `model \`${c.model}\` regressed: ${why}`);
    });
    io.stderr(formatDiagnostics(regressions));
    io.setExitCode(1);
  } else io.setExitCode(0);
}

/** `routec probe`: tool-call conformance, latency and VRAM probes of local runtimes; `routec probe diff`. */
export const probeCommand: CommandFactory = (io: CliIO) => {
  const command = new Command("probe")
    .description(
      "Probe local OpenAI-compatible runtimes (Ollama /v1, vLLM): tool-call conformance (non-streaming and streaming), " +
        "latency (cold and warm, p50/p95), VRAM before/after each iteration, fault injection.\n\n" +
        "Targets are the models of a policy (enabled runtimes; --include-disabled for all), or --endpoint URL --model NAME " +
        "(repeatable). Models declared `tools no` never fail the run; with --candidates only they are probed. Exit 1 when a " +
        "blocking model fails (with --inject: when the fault was not classified as expected). See docs/probes.md.",
    )
    .argument("[policy]", "a .route policy whose local models to probe")
    .option("--endpoint <url>", "an OpenAI-compatible endpoint (repeatable)", collect)
    .option("--model <name>", "a model on the endpoint (repeatable)", collect)
    .option("--include-disabled", "probe runtimes declared `enabled false` too")
    .option("--candidates", "probe the known-failing (`tools no`) models; failures never fail the run")
    .option("--iterations <n>", "warm latency iterations after the cold request (0: no latency)", "5")
    .option("--timeout <ms>", "limit for each request", "60000")
    .option("--retries <n>", "retries after a connection error or 5xx", "2")
    .option("--backoff <ms>", "wait before the first retry, doubled after each", "500")
    .option("--vram", "read GPU telemetry before and after every latency iteration")
    .option("--vram-timeout <ms>", "kill nvidia-smi after this many milliseconds", "5000")
    .addOption(new Option("--inject <fault>", "probe through a local proxy that injects a fault").choices([...INJECTIONS]))
    .option("-o, --output <file>", "write the routec.probe/1 results to a file")
    .addOption(new Option("--format <format>", "stdout format (default: text)").choices(["text", "json"]))
    .option("--api-key-env <var>", "send the value of this environment variable as a bearer token")
    .action((policy: string | undefined, raw: Record<string, unknown>) => probeAction(io, policy, raw));
  command
    .command("diff")
    .description("Compare two probe results: per-model status changes and latency deltas")
    .argument("<before>", "results of the earlier run")
    .argument("<after>", "results of the later run")
    .addOption(new Option("--format <format>", "output format (default: text)").choices(["text", "json"]))
    .option("--fail-on-regression", "exit 1 when a blocking model got worse")
    .option("--latency-threshold <pct>", "count a warm p95 growth beyond this percentage as a regression")
    // `probe` has a `--format` too and commander gives it any `--format` on the line: read both levels.
    .action((a: string, b: string, _raw: Record<string, unknown>, self: Command) => diffAction(io, a, b, self.optsWithGlobals()))
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return command;
};
