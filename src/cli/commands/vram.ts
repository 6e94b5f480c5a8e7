import { resolve } from "node:path";
import { Command, Option } from "commander";
import { z } from "zod";
import { diagnostic } from "../../diagnostics/registry.js";
import { renderText } from "../../diagnostics/render/index.js";
import { compilePolicy } from "../../pipeline/compile.js";
import { redact } from "../../probe/redact.js";
import { renderVram } from "../../probe/render.js";
import { readVram } from "../../probe/vram.js";
import type { VramSnapshot } from "../../runtime/types.js";
import { explain } from "../../runtime/index.js";
import { fsHost } from "../fs-host.js";
import type { CliIO } from "../io.js";
import type { CommandFactory } from "../program.js";

const optionsSchema = z.object({
  json: z.boolean().default(false),
  verbose: z.boolean().default(false),
  timeout: z.coerce.number().int().positive().default(5000),
  policy: z.string().optional(),
});

/** The policy's VRAM level for this telemetry, as `routec eval` would decide it; null after reporting why not. */
function policyLevel(io: CliIO, file: string, snapshot: VramSnapshot | null): string | null {
  const compiled = compilePolicy(resolve(io.cwd, file), fsHost());
  if (compiled.table === null) {
    io.stderr(redact(renderText(compiled.diagnostics.filter((d) => d.severity === "error"), compiled.sources, { summary: false })));
    io.setExitCode(1);
    return null;
  }
  const input = { task: { kind: "vram", labels: [] }, files: [], context_tokens: 0, tool_failures: 0, schema_mismatch: false, vram: snapshot };
  const step = explain(compiled.table, input).trace.find((s) => s.step === "vram");
  if (!step || step.step !== "vram") return null;
  const why = !step.known ? "telemetry unknown: the policy's `unknown as` level" : step.raised_from !== null ? `raised from \`${step.raised_from}\` by low-VRAM mode` : null;
  return `policy \`${compiled.table.policy.name}\` level: ${step.level}${why ? ` (${why})` : ""}\n`;
}

/** `routec vram`: GPU memory telemetry, as `routec eval` reads it (`--json` prints the input's `vram` field). */
export const vramCommand: CommandFactory = (io: CliIO) =>
  new Command("vram")
    .description(
      "Read GPU memory telemetry (nvidia-smi, else rocm-smi).\n\n" +
        "--json prints exactly the `vram` field of routec.input/1, `{ gpus: [{ index, total_mib, free_mib }], low_vram_mode }`, " +
        "or `null` when telemetry is unknown (the reason goes to stderr). With --policy, the text form also shows the VRAM " +
        "level that policy would use. Exit 0 whether telemetry is known or not.",
    )
    .option("--json", "print the `vram` field of routec.input/1")
    .option("--policy <file>", "show the VRAM level this policy would use")
    .option("--verbose", "show the tool's raw output when it failed")
    .addOption(new Option("--explain", "same as --verbose").hideHelp())
    .option("--timeout <ms>", "kill nvidia-smi after this many milliseconds", "5000")
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse({ ...raw, verbose: raw["verbose"] === true || raw["explain"] === true });
      if (!parsed.success) {
        io.stderr(`routec vram: invalid option: ${parsed.error.issues[0]?.message ?? "invalid"}\n`);
        io.setExitCode(2);
        return;
      }
      const options = parsed.data;
      const reading = await readVram({ env: io.env, timeoutMs: options.timeout });
      if (reading.snapshot === null && options.json) {
        io.stderr(redact(renderText([diagnostic("R0620", null, `gpu memory telemetry is unknown: ${reading.reason ?? "no reason given"}`)], {}, { summary: false })));
      }
      if (options.verbose && reading.detail !== null) io.stderr(redact(`${reading.detail}\n`));
      if (options.json) {
        io.stdout(`${JSON.stringify(reading.snapshot)}\n`);
        return;
      }
      io.stdout(redact(renderVram(reading)));
      if (options.policy !== undefined) {
        const level = policyLevel(io, options.policy, reading.snapshot);
        if (level !== null) io.stdout(redact(level));
      }
    });
