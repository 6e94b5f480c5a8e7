import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { buildProgram } from "../../src/cli/program.js";

function walk(command: Command, path: string[]): { path: string[]; help: string }[] {
  const here = { path, help: command.helpInformation() };
  return [here, ...command.commands.flatMap((sub) => walk(sub, [...path, sub.name()]))];
}

/** docs/cli.md: the `--help` of every command, so the reference can never drift from the CLI. */
async function reference(): Promise<string> {
  const program = await buildProgram(memoryIO(), "0.0.0");
  const sections = walk(program, ["routec"]).map(({ path, help }) => `## \`${path.join(" ")}\`\n\n\`\`\`text\n${help.trimEnd()}\n\`\`\`\n`);
  return [
    "# CLI reference",
    "",
    "Generated from `routec --help` and every command's `--help` by `test/docs/cli-reference.test.ts`; the test fails when",
    "this file and the CLI differ (regenerate with `npx vitest run test/docs/cli-reference.test.ts -u`).",
    "",
    "Exit codes everywhere: `0` success, `1` a policy, verification, test or validation failure, `2` usage, I/O or",
    "internal error. No command prints a stack trace for a user error.",
    "",
    ...sections,
  ].join("\n");
}

describe("docs/cli.md", () => {
  it("matches the --help of every command", async () => {
    await expect(await reference()).toMatchFileSnapshot("../../docs/cli.md");
  });
});
