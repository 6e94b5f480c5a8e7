/**
 * `routec fmt`: prints `.route` files in the canonical layout, checks that they are (`--check`) or rewrites
 * them (`--write`). It uses the library printer (`formatSource`), not prettier, so the CLI needs no prettier.
 * A file that does not parse is reported and never touched.
 *
 * Paths behave as in `routec check`: directories are searched for `.route` files (skipping `node_modules` and
 * hidden directories), and path problems are R09xx diagnostics. Exit codes: 0 formatted (or already so), 1 a
 * file is not formatted (`--check`) or does not parse, 2 usage or I/O.
 */
import { readFile, writeFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/registry.js";
import { renderText } from "../../diagnostics/render/index.js";
import { formatSource } from "../../format/index.js";
import type { CliIO } from "../io.js";
import { expandRoutePaths } from "../route-paths.js";

const optionsSchema = z.object({
  check: z.boolean().default(false),
  write: z.boolean().default(false),
  color: z.boolean().optional(),
});

/** One thing to format: a file (`display` as the user would write it) or standard input (`path` null). */
interface Input {
  readonly display: string;
  readonly path: string | null;
}

/** The `fmt` command. */
export function fmtCommand(io: CliIO): Command {
  return new Command("fmt")
    .description(
      "Format .route files in the canonical layout.\n\n" +
        "With one file (or `-` for standard input) and no flag, prints the formatted text. `--check` lists the " +
        "files that are not formatted and exits 1 if there are any; `--write` rewrites them in place. A file " +
        "that does not parse is reported and left untouched.",
    )
    .argument("<paths...>", "files, directories (searched for .route files) or `-` for standard input")
    .addOption(new Option("--check", "list files that are not formatted; exit 1 if any").conflicts("write"))
    .option("--write", "rewrite files that are not formatted")
    .option("--color", "colour diagnostics (default: when the output is a terminal and NO_COLOR is unset)")
    .option("--no-color", "do not colour diagnostics")
    .action(async (paths: string[], rawOptions: unknown) => {
      const { check, write, color: colorOption } = optionsSchema.parse(rawOptions);
      const color = colorOption ?? (io.isTTY && io.env["NO_COLOR"] === undefined);
      const report = (diagnostics: readonly Diagnostic[], sources: Record<string, string>, exitCode: number): void => {
        io.stderr(renderText(diagnostics, sources, { color }));
        io.setExitCode(exitCode);
      };
      const expanded = await expandRoutePaths(paths, io.cwd, { verb: "format", stdin: true });
      const { problems } = expanded;
      const inputs: readonly Input[] = expanded.paths;
      if (problems.length > 0) return report(problems, {}, 2);
      if (!check && !write && inputs.length !== 1) {
        io.stderr("routec fmt: pass `--check` or `--write` to format more than one file\n");
        io.setExitCode(2);
        return;
      }
      if (write && inputs.some((input) => input.path === null)) {
        io.stderr("routec fmt: `--write` cannot rewrite standard input; drop `--write` to print the result\n");
        io.setExitCode(2);
        return;
      }
      let unformatted = 0;
      for (const input of inputs) {
        const text = input.path === null ? await io.readStdin() : await readFile(input.path, "utf8").catch(() => null);
        if (text === null) {
          report([diagnostic("R0903", null, `cannot read \`${input.display}\``)], {}, 2);
          continue;
        }
        const formatted = formatSource(text, input.display);
        if (!formatted.ok) {
          report(formatted.diagnostics, { [input.display]: text }, 1);
          continue;
        }
        if (!check && !write) {
          io.stdout(formatted.value);
          continue;
        }
        if (formatted.value === text) continue;
        unformatted++;
        if (write && input.path !== null) {
          const written = await writeFile(input.path, formatted.value, "utf8").then(
            () => true,
            () => false,
          );
          if (!written) {
            report([diagnostic("R0903", null, `cannot write \`${input.display}\``)], {}, 2);
            continue;
          }
        }
        io.stdout(`${input.display}\n`);
      }
      if (check && unformatted > 0) {
        io.stderr(`${unformatted} of ${inputs.length} file${inputs.length === 1 ? "" : "s"} not formatted; run \`routec fmt --write\`\n`);
        io.setExitCode(1);
      }
    });
}
