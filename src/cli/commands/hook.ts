import { Command } from "commander";
import { hookOutput, preToolUse } from "../../embed/claude-hook.js";
import type { CliIO } from "../io.js";
import { done, loadTable, parseJson } from "./eval.js";

/** Short lines: commander wraps help text at the terminal's width, which would break a longer line of JSON. */
const settingsExample = `{
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "*",
        "hooks": [
          {
            "type": "command",
            "command": "npx routec hook claude-code -p /path/to/table.json"
          }
        ]
      }
    ]
  }
}`;

function claudeCodeCommand(io: CliIO): Command {
  return new Command("claude-code")
    .summary("a Claude Code PreToolUse hook that blocks tool calls touching denied paths")
    .description(
      "A Claude Code PreToolUse hook that blocks tool calls touching denied paths.\n\n" +
        "Reads the hook event (JSON) on stdin, finds the paths in the tool's arguments (file paths, shell " +
        "words of Bash commands, Glob/Grep patterns under their path) and answers with the PreToolUse JSON " +
        "protocol: `permissionDecision: deny` with the matched pattern as the reason, or nothing (Claude " +
        "Code's own permissions apply). An event that cannot be read is denied too. " +
        "Use a compiled table (`routec compile -o table.json`) so the hook starts fast.\n\n" +
        `~/.claude/settings.json:\n${settingsExample}\n\n` +
        "Exit codes: 0 answered (a denial is in the JSON answer), 2 the policy could not be loaded: Claude Code " +
        "blocks the tool call and shows the error.",
    )
    .requiredOption("-p, --policy <file>", "a compiled table (.json) or a .route policy")
    .action(async (raw: { policy: string }) => {
      if (raw.policy === "") {
        io.stderr("routec hook: `--policy` needs a file name, so the tool call is blocked\n");
        io.setExitCode(2);
        return;
      }
      const table = await loadTable(io, raw.policy);
      if (!table.ok) {
        io.stderr(`routec hook: the policy could not be loaded, so the tool call is blocked\n`);
        return done(io, { exit: 2, message: table.failure.message });
      }
      const event = parseJson(await io.readStdin(), "<stdin>");
      const verdict = preToolUse(table.value, event.ok ? event.value : null, io.env["HOME"] ?? io.env["USERPROFILE"]);
      io.stdout(hookOutput(verdict));
    });
}

/** The `hook` command group. */
export function hookCommand(io: CliIO): Command {
  return new Command("hook")
    .description(
      "Run as a hook of a coding agent.\n\n" +
        "Each subcommand speaks one agent's hook protocol on stdin and stdout; run `routec hook <agent> --help`.",
    ).addCommand(claudeCodeCommand(io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
}
