import { Command, CommanderError } from "commander";
import type { CliIO } from "./io.js";

/** A command factory: each `src/cli/commands/<name>.ts` exports one. */
export type CommandFactory = (io: CliIO) => Command;

/**
 * Every command, loaded on demand: `routec hook …` or `routec eval table.json …` then loads neither the parser
 * (chevrotain takes most of a cold start) nor the other commands' dependencies. Help loads them all.
 */
const commandLoaders: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  check: async () => (await import("./commands/check.js")).checkCommand,
  test: async () => (await import("./commands/test.js")).testCommand,
  diff: async () => (await import("./commands/diff.js")).diffCommand,
  compile: async () => (await import("./commands/compile.js")).compileCommand,
  eval: async () => (await import("./commands/eval.js")).evalCommand,
  report: async () => (await import("./commands/report.js")).reportCommand,
  explain: async () => (await import("./commands/explain.js")).explainCommand,
  fmt: async () => (await import("./commands/fmt.js")).fmtCommand,
  schema: async () => (await import("./commands/schema.js")).schemaCommand,
  init: async () => (await import("./commands/init.js")).initCommand,
  probe: async () => (await import("./commands/probe.js")).probeCommand,
  vram: async () => (await import("./commands/vram.js")).vramCommand,
  router: async () => (await import("./commands/router.js")).routerCommand,
  export: async () => (await import("./commands/export.js")).exportCommand,
  hook: async () => (await import("./commands/hook.js")).hookCommand,
  redact: async () => (await import("./commands/redact.js")).redactCommand,
};

/** The order of `routec --help` (the order of `commandLoaders`): the policy workflow, operations, integrations. */
const helpOrder = Object.keys(commandLoaders);

/**
 * Builds the `routec` program writing through `io`: with every command, or only with `only` (the command the
 * arguments name) when given.
 */
export async function buildProgram(io: CliIO, version: string, only?: string): Promise<Command> {
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
  const names = only !== undefined && only in commandLoaders ? [only] : helpOrder;
  const factories = await Promise.all(names.map((name) => (commandLoaders[name] as () => Promise<CommandFactory>)()));
  const commands = factories.map((factory) => factory(io));
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
    // The first word that is not an option names the command; anything else (help, a typo) gets every command.
    const named = args.find((arg) => !arg.startsWith("-"));
    await (await buildProgram(tracked, version, named)).parseAsync([...args], { from: "user" });
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
