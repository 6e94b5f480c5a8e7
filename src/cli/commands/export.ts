import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { z } from "zod";
import { ccrModuleSource } from "../../embed/export-ccr.js";
import type { CliIO } from "../io.js";
import { done, loadTable } from "./eval.js";

const providerPair = /^([A-Za-z0-9_.:-]+)=([^,\s]+)$/;

const optionsSchema = z.object({
  output: z.string().min(1, "`--output` needs a file name").optional(),
  provider: z.array(z.string().regex(providerPair, "`--provider` takes `routec-name=ccr-provider`, e.g. `claude=anthropic`")).default([]),
  synthesis: z.enum(["review", "draft"]).default("review"),
  kind: z.string().min(1, "`--kind` needs a task kind, e.g. `edit`").default("edit"),
});

/** The bundled runtime + CCR adapter written by `npm run build` (dist/embed/ccr-runtime.cjs). */
function runtimeBundle(): string | null {
  const candidates = ["../../embed/ccr-runtime.cjs", "../../../dist/embed/ccr-runtime.cjs"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((path) => existsSync(path));
  return found === undefined ? null : readFileSync(found, "utf8");
}

function ccrCommand(io: CliIO): Command {
  return new Command("ccr")
    .summary("write a claude-code-router custom router module from a policy")
    .description(
      "Write a claude-code-router custom router module (CUSTOM_ROUTER_PATH).\n\n" +
        "The module embeds the verified table and the runtime (no dependencies). For each request it " +
        "derives a routing input — token count, paths in tool calls and prompts, recent tool failures, " +
        "the working directory from Claude Code's system prompt, VRAM from ROUTEC_VRAM_FILE — and returns " +
        "`provider,model`. Faults return the policy's `on error` remote, never null and never local.\n\n" +
        "Example:\n" +
        "  routec export ccr policies/default.route \\\n" +
        "    -o ~/.claude-code-router/routec-router.js \\\n" +
        "    --provider claude=anthropic --provider ollama=ollama\n\n" +
        "Exit codes: 0 written, 1 the policy has errors or the table is invalid, 2 usage or I/O error.",
    )
    .argument("<policy>", "a .route policy or a compiled table (.json)")
    .option("-o, --output <file>", "where to write the module (default: stdout)")
    .option("--provider <pair>", "map a routec runtime or remote name to a CCR provider name (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .addOption(new Option("--synthesis <mode>", "CCR serves one model: send synthesis tasks to the `review`er or the local `draft` model").choices(["review", "draft"]).default("review"))
    .option("--kind <kind>", "the task kind to assume (CCR requests carry none)", "edit")
    .action(async (policy: string, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        io.stderr(`routec export ccr: ${parsed.error.issues[0]?.message ?? "invalid options"}\n`);
        io.setExitCode(2);
        return;
      }
      const options = parsed.data;
      const table = await loadTable(io, policy);
      if (!table.ok) return done(io, table.failure);
      const bundle = runtimeBundle();
      if (bundle === null) return done(io, { exit: 2, message: "the bundled runtime (dist/embed/ccr-runtime.cjs) is missing; run `npm run build`" });
      const providers = Object.fromEntries(options.provider.map((pair) => pair.split("=") as [string, string]));
      const source = ccrModuleSource(table.value, bundle, { providers, synthesis: options.synthesis, defaultKind: options.kind }, policy);
      if (options.output === undefined) {
        io.stdout(source);
        return;
      }
      try {
        await writeFile(resolve(io.cwd, options.output), source, "utf8");
      } catch {
        return done(io, { exit: 2, message: `cannot write \`${options.output}\`` });
      }
      io.stderr(`wrote ${options.output} (table sha256 ${table.value.sha256.slice(0, 12)}); set CUSTOM_ROUTER_PATH to it in ~/.claude-code-router/config.json\n`);
    });
}

/** The `export` command group. */
export function exportCommand(io: CliIO): Command {
  return new Command("export")
    .description(
      "Export a policy for another router.\n\n" +
        "Each subcommand embeds the verified table in the format of one router; run `routec export <router> --help`.",
    ).addCommand(ccrCommand(io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
}
