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
import { initCommand } from "./commands/init.js";
import { diffCommand } from "./commands/diff.js";
import { exportCommand } from "./commands/export.js";
import { hookCommand } from "./commands/hook.js";

/** A command factory: each `src/cli/commands/<name>.ts` exports one. */
export type CommandFactory = (io: CliIO) => Command;

const commandFactories: readonly CommandFactory[] = [fmtCommand, probeCommand, vramCommand, evalCommand, reportCommand, redactCommand, compileCommand, schemaCommand, checkCommand, explainCommand, routerCommand, exportCommand, hookCommand, testCommand, diffCommand, initCommand];

/** The order of `routec --help`: the policy workflow first, then operations, then integrations. */
const helpOrder = ["check", "test", "diff", "compile", "eval", "report", "explain", "fmt", "schema", "init", "probe", "vram", "router", "export", "hook", "redact"];

/** Builds the `routec` program with every command, writing through `io`. */
export function buildProgram(io: CliIO, version: string): Command {
  const program = new Command("routec")
    .description(
      "Route coding-agent tasks between local LLMs and Claude with a verified policy.\n\n" +
        "Write a .route policy, `routec check` it, `routec test` it against golden cases, `routec compile` " +
        "it to a verified decision table, and `routec eval` routing inputs against it. Embed the table with " +
        "`routec/runtime`, `routec export ccr` or the Python evaluator. Run `routec <command> --help` for each command.",
    )
    .version(version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  const commands = commandFactories.map((factory) => factory(io));
  const rank = (name: string): number => (helpOrder.includes(name) ? helpOrder.indexOf(name) : helpOrder.length);
  commands.sort((a, b) => rank(a.name()) - rank(b.name()));
  for (const command of commands) {
    // The command list shows one line per command; the full description is in `routec <command> --help`.
    if (command.summary() === "") command.summary(command.description().split("\n")[0] ?? "");
    program.addCommand(command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  }
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
