/**
 * `routec fmt`: prints `.route` files in the canonical layout, checks that they are (`--check`) or rewrites
 * them (`--write`). It uses the library printer (`formatSource`), not prettier, so the CLI needs no prettier.
 * A file that does not parse is reported and never touched.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { renderText } from "../../diagnostics/render/index.js";
import { formatSource } from "../../format/index.js";
import type { CliIO } from "../io.js";

const optionsSchema = z
  .object({ check: z.boolean().default(false), write: z.boolean().default(false) })
  .refine((o) => !(o.check && o.write), { message: "`--check` and `--write` cannot be used together" });

/** One thing to format: a file on disk or standard input (`-`). */
interface Input {
  readonly display: string;
  readonly path: string | null;
}

type Expanded = { readonly ok: true; readonly inputs: readonly Input[] } | { readonly ok: false; readonly message: string };

/** Directories are searched for `.route` files, skipping `node_modules` and hidden directories, in sorted order. */
async function expand(args: readonly string[], cwd: string): Promise<Expanded> {
  const inputs: Input[] = [];
  for (const arg of args) {
    if (arg === "-") {
      inputs.push({ display: "<stdin>", path: null });
      continue;
    }
    const path = resolve(cwd, arg);
    const info = await stat(path).catch(() => null);
    if (info === null) return { ok: false, message: `cannot read \`${arg}\`: no such file or directory` };
    if (info.isDirectory()) {
      for (const found of await routeFiles(path)) inputs.push({ display: join(arg, found), path: join(path, found) });
    } else {
      inputs.push({ display: arg, path });
    }
  }
  return { ok: true, inputs };
}

async function routeFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = (await readdir(join(dir, prefix), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const found: string[] = [];
  for (const entry of entries) {
    const relative = prefix === "" ? entry.name : join(prefix, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
      found.push(...(await routeFiles(dir, relative)));
    } else if (entry.isFile() && entry.name.endsWith(".route")) {
      found.push(relative);
    }
  }
  return found;
}

/** The `fmt` command. Exit codes: 0 formatted (or already so), 1 a file would change or does not parse, 2 usage or I/O. */
export function fmtCommand(io: CliIO): Command {
  return new Command("fmt")
    .description(
      "Format .route files in the canonical layout.\n\n" +
        "With one file (or `-` for standard input) and no flag, prints the formatted text. `--check` lists the " +
        "files that are not formatted and exits 1 if there are any; `--write` rewrites them in place. A file " +
        "that does not parse is reported and left untouched.",
    )
    .argument("<paths...>", "files, directories (searched for .route files) or `-` for standard input")
    .option("--check", "list files that are not formatted; exit 1 if any")
    .option("--write", "rewrite files that are not formatted")
    .action(async (paths: string[], rawOptions: unknown) => {
      const parsedOptions = optionsSchema.safeParse(rawOptions);
      if (!parsedOptions.success) {
        io.stderr(`routec fmt: ${parsedOptions.error.issues.map((issue) => issue.message).join("; ")}\n`);
        io.setExitCode(2);
        return;
      }
      const { check, write } = parsedOptions.data;
      const expanded = await expand(paths, io.cwd);
      if (!expanded.ok) {
        io.stderr(`routec fmt: ${expanded.message}\n`);
        io.setExitCode(2);
        return;
      }
      const inputs = expanded.inputs;
      if (!check && !write && inputs.length !== 1) {
        io.stderr(
          inputs.length === 0
            ? "routec fmt: no .route files found\n"
            : "routec fmt: pass `--check` or `--write` to format more than one file\n",
        );
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
          io.stderr(`routec fmt: cannot read \`${input.display}\`\n`);
          io.setExitCode(2);
          continue;
        }
        const formatted = formatSource(text, input.display);
        if (!formatted.ok) {
          io.stderr(renderText(formatted.diagnostics, { [input.display]: text }, { color: io.isTTY && io.env["NO_COLOR"] === undefined }));
          io.setExitCode(1);
          continue;
        }
        if (!check && !write) {
          io.stdout(formatted.value);
        } else if (formatted.value !== text) {
          unformatted++;
          if (write && input.path !== null) {
            const written = await writeFile(input.path, formatted.value, "utf8").then(() => true, () => false);
            if (!written) {
              io.stderr(`routec fmt: cannot write \`${input.display}\`\n`);
              io.setExitCode(2);
              continue;
            }
          }
          io.stdout(`${input.display}\n`);
        }
      }
      if (check && unformatted > 0) {
        io.stderr(`${unformatted} of ${inputs.length} file${inputs.length === 1 ? "" : "s"} not formatted; run \`routec fmt --write\`\n`);
        io.setExitCode(1);
      }
    });
}
