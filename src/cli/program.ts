import { Command, CommanderError } from "commander";
import type { CliIO } from "./io.js";
import { fmtCommand } from "./commands/fmt.js";
import { probeCommand } from "./commands/probe.js";
import { vramCommand } from "./commands/vram.js";
import { compileCommand } from "./commands/compile.js";
import { schemaCommand } from "./commands/schema.js";
import { evalCommand } from "./commands/eval.js";
import { reportCommand } from "./commands/report.js";
import { redactCommand } from "./commands/redact.js";
import { checkCommand } from "./commands/check.js";
import { explainCommand } from "./commands/explain.js";
import { routerCommand } from "./commands/router.js";
import { testCommand } from "./commands/test.js";
import { exportCommand } from "./commands/export.js";
import { hookCommand } from "./commands/hook.js";

/** A command factory: each `src/cli/commands/<name>.ts` exports one. */
export type CommandFactory = (io: CliIO) => Command;

const commandFactories: readonly CommandFactory[] = [fmtCommand, probeCommand, vramCommand, evalCommand, reportCommand, redactCommand, compileCommand, schemaCommand, checkCommand, explainCommand, routerCommand, exportCommand, hookCommand, testCommand];

/** Builds the `routec` program with every command, writing through `io`. */
export function buildProgram(io: CliIO, version: string): Command {
  const program = new Command("routec")
    .description(
      "Route coding-agent tasks between local LLMs and Claude with a verified policy.\n\n" +
        "Write a .route policy, `routec check` it, `routec compile` it to a decision table, and\n" +
        "`routec eval` inputs against it. Run `routec <command> --help` for each command.",
    )
    .version(version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const factory of commandFactories) program.addCommand(factory(io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  return program;
}

/** Runs `routec` with `args` (without `node` and the script); returns the exit code. Never throws. */
export async function run(args: readonly string[], io: CliIO, version: string): Promise<number> {
  let exitCode = 0;
  const tracked: CliIO = { ...io, setExitCode: (code) => { exitCode = Math.max(exitCode, code); io.setExitCode(code); } };
  try {
    await buildProgram(tracked, version).parseAsync([...args], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0) tracked.setExitCode(2);
    } else {
      tracked.stderr(`routec: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
        "this is a bug in routec; please report it with the command you ran\n");
      tracked.setExitCode(2);
    }
  }
  return exitCode;
}
