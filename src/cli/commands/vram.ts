import { Command, Option } from "commander";
import { z } from "zod";
import { redact } from "../../probe/redact.js";
import { renderVram } from "../../probe/render.js";
import { readVram } from "../../probe/vram.js";
import type { CliIO } from "../io.js";
import type { CommandFactory } from "../program.js";

const optionsSchema = z.object({
  json: z.boolean().default(false),
  verbose: z.boolean().default(false),
  timeout: z.coerce.number().int().positive().default(5000),
});

/** `routec vram`: GPU memory telemetry, as `routec eval` reads it (`--json` prints the input's `vram` field). */
export const vramCommand: CommandFactory = (io: CliIO) =>
  new Command("vram")
    .description(
      "Read GPU memory telemetry (nvidia-smi, else rocm-smi).\n\n" +
        "`--json` prints exactly the `vram` field of `routec.input/1`: `{ gpus: [{ index, total_mib, free_mib }],\n" +
        "low_vram_mode }`, or `null` when telemetry is unknown (the reason goes to stderr). Exit 0 either way.",
    )
    .option("--json", "print the `vram` field of routec.input/1")
    .addOption(new Option("--verbose", "show the tool's raw output when it failed").default(false))
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
      if (reading.snapshot === null && options.json) io.stderr(redact(`warning[R0620]: gpu memory telemetry is unknown: ${reading.reason ?? "no reason given"}\n`));
      if (options.verbose && reading.detail !== null) io.stderr(redact(`${reading.detail}\n`));
      io.stdout(options.json ? `${JSON.stringify(reading.snapshot)}\n` : redact(renderVram(reading)));
      io.setExitCode(0);
    });
