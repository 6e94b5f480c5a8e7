/**
 * `routec diff <old> <new>` and `routec diff --base <ref> <path>`: the semantic difference of two policies or
 * tables, as the regions of input space whose decision changed, each with a witness input (docs/testing.md).
 *
 * Both sides are compiled without the verifier: a diff must show what an edit changes even when the edit
 * breaks an assert (`routec check` reports that). Exit codes: 0 done (1 with `--fail-on-change` when something
 * changed), 1 a side has errors, 2 usage or I/O (missing file, not a git repository, unknown ref).
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { checkedFromTable } from "../../diff/from-table.js";
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from "../../diff/render.js";
import type { DiffSide, SemanticDiff } from "../../diff/semantic.js";
import { semanticDiff } from "../../diff/semantic.js";
import { analyzePolicy } from "../../pipeline/analyze.js";
import type { Verifier } from "../../pipeline/compile.js";
import { compilePolicy } from "../../pipeline/compile.js";
import { validateTable } from "../../runtime/index.js";
import type { SourceLocation, Table } from "../../runtime/types.js";
import { sanitize } from "../../sanitize/index.js";
import type { SourceHost } from "../../syntax/index.js";
import { shownArg } from "../fs-errors.js";
import { fsHost } from "../fs-host.js";
import type { CliIO } from "../io.js";
import type { Loaded } from "./eval.js";
import { done, notATable, parseJson, readFailure } from "./eval.js";

const optionsSchema = z.object({
  format: z.enum(["text", "json", "markdown"]).default("text"),
  failOnChange: z.boolean().default(false),
  base: z.string().optional(),
});

const fail = <T>(exit: 1 | 2, message: string): Loaded<T> => ({ ok: false, failure: { exit, message } });

/** Skips the proofs: the diff needs the table's decisions, not its verification summary. */
const noProofs: Verifier = () => ({ summary: { cells: 0, checks: [] }, diagnostics: [] });

function renderDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.span === null ? "" : `${d.span.file}:${d.span.start.line}:${d.span.start.column}: `}error ${d.code}: ${d.message}\n`)
    .join("");
}

/** Reads one side through `host`: a `.route` policy (with its includes), or a compiled table. */
function loadSide(io: CliIO, path: string, spec: string, host: SourceHost): Loaded<DiffSide> {
  const display = shownArg(spec);
  if (path.endsWith(".route")) {
    const analysis = analyzePolicy(path, host);
    if (analysis.checked === null || hasErrors(analysis.diagnostics)) {
      if (Object.keys(analysis.sources).length === 0) return fail(2, `cannot read \`${display}\``);
      io.stderr(sanitize(renderDiagnostics(analysis.diagnostics)));
      return fail(1, `\`${display}\` has errors; fix them before diffing`);
    }
    const compiled = compilePolicy(path, host, noProofs);
    if (compiled.table === null) {
      io.stderr(sanitize(renderDiagnostics(compiled.diagnostics)));
      return fail(1, `\`${display}\` does not compile`);
    }
    return { ok: true, value: { checked: analysis.checked, table: compiled.table } };
  }
  const text = host.readFile(path);
  if (text === null) return fail(2, `cannot read \`${display}\``);
  const json = parseJson(text, display);
  if (!json.ok) return json;
  const notTable = notATable(json.value);
  if (notTable !== null) return fail(2, `\`${display}\` is not a decision table: ${notTable}`);
  const valid = validateTable(json.value);
  if (!valid.ok) return fail(1, `\`${display}\` is not a valid decision table: ${valid.message}`);
  const table = json.value as Table;
  return { ok: true, value: { checked: checkedFromTable(table), table } };
}

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync("git", [...args], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { ok: false, stdout: "", stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** A host reading files as they are at `ref` (`git show <ref>:./<path>`), includes too. */
function gitHost(cwd: string, ref: string): SourceHost {
  const files = fsHost();
  return {
    resolve: files.resolve,
    readFile(path) {
      const r = git(cwd, ["show", `${ref}:./${relative(cwd, path).split("\\").join("/")}`]);
      return r.ok ? r.stdout : null;
    },
  };
}

function checkGit(cwd: string, ref: string): Loaded<null> {
  const inside = git(cwd, ["rev-parse", "--is-inside-work-tree"]);
  if (!inside.ok) return fail(2, inside.stderr.includes("ENOENT") ? "`git` is not installed or not on PATH" : "`--base` needs a git repository, and this directory is not in one");
  const commit = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (!commit.ok) return fail(2, `git ref \`${ref}\` not found (for a remote branch, run \`git fetch\` first)`);
  return { ok: true, value: null };
}

/** The diff with rule locations as paths from the working directory (tables hold them relative to the policy). */
function located(diff: SemanticDiff, cwd: string, beforeSpec: string, afterSpec: string): SemanticDiff {
  const fix = (spec: string, source: SourceLocation | null): SourceLocation | null =>
    source === null ? null : { ...source, file: relative(cwd, resolve(dirname(resolve(cwd, spec)), source.file)) || source.file };
  return { ...diff, changes: diff.changes.map((c) => ({ ...c, beforeSource: fix(beforeSpec, c.beforeSource), afterSource: fix(afterSpec, c.afterSource) })) };
}

/** The `diff` command. */
export function diffCommand(io: CliIO): Command {
  return new Command("diff")
    .description(
      "Show how a policy change changes decisions.\n\n" +
        "Compares two policies or tables over the whole input space and prints each region whose decision " +
        "changed, with a witness input and the rules before and after. With --base <ref>, compares the " +
        "working file with its version at a git ref. Exit 0 (1 with --fail-on-change when something changed)," +
        " 1 a side has errors, 2 usage or I/O.",
    )
    .argument("<old>", "the old policy (.route) or table (.json); with --base, the file to compare")
    .argument("[new]", "the new policy or table")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "markdown"]))
    .option("--fail-on-change", "exit 1 when some decision changed")
    .option("--base <ref>", "compare <old> in the working tree with its version at this git ref")
    .action(async (oldSpec: string, newSpec: string | undefined, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        io.stderr(`routec diff: ${parsed.error.issues[0]?.message ?? "invalid options"}\n`);
        io.setExitCode(2);
        return;
      }
      const options = parsed.data;
      if ((options.base === undefined) === (newSpec === undefined)) {
        io.stderr(`routec diff: give two files (\`routec diff old.route new.route\`) or one file and \`--base <ref>\`\n`);
        io.setExitCode(2);
        return;
      }
      let before: Loaded<DiffSide>;
      let after: Loaded<DiffSide>;
      let names: { before: string; after: string };
      if (options.base !== undefined) {
        const ok = checkGit(io.cwd, options.base);
        if (!ok.ok) return done(io, ok.failure);
        const path = resolve(io.cwd, oldSpec);
        const host = gitHost(io.cwd, options.base);
        if (host.readFile(path) === null) return done(io, { exit: 2, message: `\`${oldSpec}\` does not exist at \`${options.base}\`` });
        names = { before: `${options.base}:${oldSpec}`, after: oldSpec };
        before = loadSide(io, path, names.before, host);
        after = loadSide(io, path, oldSpec, fsHost());
      } else {
        names = { before: oldSpec, after: newSpec ?? "" };
        for (const spec of [oldSpec, newSpec ?? ""]) {
          try {
            await readFile(resolve(io.cwd, spec));
          } catch (error) {
            return done(io, readFailure(spec, error));
          }
        }
        before = loadSide(io, resolve(io.cwd, oldSpec), oldSpec, fsHost());
        after = loadSide(io, resolve(io.cwd, newSpec ?? ""), newSpec ?? "", fsHost());
      }
      if (!before.ok) return done(io, before.failure);
      if (!after.ok) return done(io, after.failure);
      const diff = located(semanticDiff(before.value, after.value), io.cwd, oldSpec, newSpec ?? oldSpec);
      const render = options.format === "json" ? renderDiffJson : options.format === "markdown" ? renderDiffMarkdown : renderDiffText;
      io.stdout(sanitize(render(diff, names)));
      if (!diff.complete) io.stderr(`routec diff: warning: the input space has more than 250,000 cells; only part of it was compared\n`);
      io.setExitCode(options.failOnChange && diff.changes.length > 0 ? 1 : 0);
    });
}
