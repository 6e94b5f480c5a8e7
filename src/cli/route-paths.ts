/**
 * Turns command-line paths into the `.route` files a command works on: files as given, directories searched
 * recursively (sorted; `node_modules` and dot-directories skipped), `-` for standard input where the command
 * reads it. Problems with the paths are R09xx diagnostics, worded once for every command.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import { describeFsError, errnoOf, shownArg } from "./fs-errors.js";

/** One policy file to work on: `display` as the user would write it; `path` absolute, or null for standard input. */
export interface RoutePath {
  readonly display: string;
  readonly path: string | null;
}

/** `.route` files under `dir`, sorted, skipping `node_modules` and dot-directories. */
async function routeFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) found.push(...(await routeFiles(path)));
    else if (entry.isFile() && entry.name.endsWith(".route")) found.push(path);
  }
  return found;
}

/** Expands `args`; `verb` names the command's action in messages (`check`, `format`); `stdin` allows `-`. */
export async function expandRoutePaths(args: readonly string[], cwd: string, options: { readonly verb: string; readonly stdin: boolean }): Promise<{ paths: RoutePath[]; problems: Diagnostic[] }> {
  const paths: RoutePath[] = [];
  const problems: Diagnostic[] = [];
  for (const arg of args) {
    if (options.stdin && arg === "-") {
      paths.push({ display: "<stdin>", path: null });
      continue;
    }
    // `resolve` would turn "" into the working directory and work on all of it.
    if (arg === "") {
      problems.push(diagnostic("R0901", null, `cannot ${options.verb} an empty path`, { help: "give a policy file or a directory; `.` is the current directory" }));
      continue;
    }
    const path = resolve(cwd, arg);
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const found = await routeFiles(path);
        if (found.length === 0) problems.push(diagnostic("R0904", null, `no \`.route\` files found in \`${shownArg(arg)}\``));
        for (const file of found) paths.push({ display: join(arg, relative(path, file)), path: file });
      } else if (!info.isFile() && !info.isFIFO()) {
        // A device such as `/dev/zero` (or a link to one) never ends.
        problems.push(diagnostic("R0903", null, `cannot read \`${shownArg(arg)}\`: is not a regular file`));
      } else if (!path.endsWith(".route")) {
        problems.push(diagnostic("R0902", null, `\`${shownArg(arg)}\` is not a \`.route\` file`, { help: "give a policy source file or a directory of them" }));
      } else {
        paths.push({ display: arg, path });
      }
    } catch (error) {
      const code = errnoOf(error);
      const missing = code === "ENOENT" || code === "ENOTDIR";
      problems.push(diagnostic(missing ? "R0901" : "R0903", null, `cannot ${missing ? options.verb : "read"} \`${shownArg(arg)}\`: ${describeFsError(error)}`));
    }
  }
  const seen = new Set<string>();
  return { paths: paths.filter((p) => p.path === null || (!seen.has(p.path) && seen.add(p.path))), problems };
}
