/**
 * `routec test [paths...]`: runs golden fixtures (`*.golden.json`, docs/testing.md) against the policies they
 * name, prints each failing case with the expected and actual decision and the rule that decided it, and
 * reports rule coverage.
 *
 * Exit codes: 0 every case passed (and coverage is at least `--min-coverage`), 1 a case failed, a policy has
 * errors or coverage is too low, 2 usage or I/O (a missing or malformed fixture, a missing policy file).
 */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Coverage } from "../../golden/coverage.js";
import { coverageOf, renderCoverage } from "../../golden/coverage.js";
import type { GoldenFile } from "../../golden/format.js";
import type { SuiteResult } from "../../golden/junit.js";
import { renderJunit } from "../../golden/junit.js";
import type { CaseResult } from "../../golden/run.js";
import { runCases, updateGolden, validateGolden } from "../../golden/run.js";
import type { Table, TraceStep } from "../../runtime/types.js";
import { sanitize } from "../../sanitize/index.js";
import { describeFsError, shownArg } from "../fs-errors.js";
import type { CliIO } from "../io.js";
import { loadTable, parseJson } from "./eval.js";

const optionsSchema = z.object({
  junit: z.string().optional(),
  coverage: z.string().optional(),
  minCoverage: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: "`--min-coverage` must be a percentage from 0 to 100" })
    .transform(Number)
    .refine((n) => n <= 100, { error: "`--min-coverage` must be a percentage from 0 to 100" })
    .optional(),
  update: z.boolean().default(false),
});

/** `*.golden.json` files under `dir`, skipping hidden directories and node_modules, sorted. */
async function discover(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules") out.push(...(await discover(join(dir, e.name))));
    else if (e.isFile() && e.name.endsWith(".golden.json")) out.push(join(dir, e.name));
  }
  return out;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? "undefined";
}

/** A location as `path:line:col`; table paths are relative to the policy's directory, shown relative to the cwd. */
function at(io: CliIO, policyDir: string, source: { file: string; line: number; column: number } | null): string {
  if (source === null) return "";
  return ` at ${relative(io.cwd, resolve(policyDir, source.file)) || source.file}:${source.line}:${source.column}`;
}

function failureText(io: CliIO, policyDir: string, r: CaseResult): string {
  const lines = r.mismatches.map((m) => `${m.field}: expected ${show(m.expected)}, got ${show(m.actual)}${m.field === "reasons" ? " (missing from the decision's reasons)" : ""}`);
  const d = r.decision;
  const where = d.target === "remote" ? `remote \`${d.remote ?? ""}\` (\`${d.model}\`)` : `${d.mode === "synthesis" ? "synthesis draft" : "local"} \`${d.model}\``;
  lines.push(`actual decision: ${where}, class ${show(d.class)}${d.error === null ? "" : `, error ${d.error.code}: ${d.error.message}`}`);
  lines.push(r.rule === null ? "decided by: no rule" : `decided by \`${r.rule.id}\`${at(io, policyDir, r.rule.source)}`);
  return lines.join("\n");
}

interface PolicyRun {
  readonly table: Table;
  readonly runs: { readonly input: unknown; readonly trace: readonly TraceStep[] }[];
}

/** The `test` command. */
export function testCommand(io: CliIO): Command {
  return new Command("test")
    .description(
      "Run golden fixtures against their policies.\n\n" +
        "Runs every *.golden.json under the given paths (default: fixtures/golden/), compares each case's " +
        "decision with its expectation, and reports which rules, triggers, routes, candidates, deny patterns " +
        "and VRAM levels no case exercises. Exit 0 all passed, 1 failures or coverage below --min-coverage, 2" +
        " usage or I/O (missing or malformed fixtures, missing policy files).",
    )
    .argument("[paths...]", "fixture files or directories to search for *.golden.json")
    .option("--junit <file>", "write a JUnit XML report")
    .option("--coverage <file>", "write rule coverage as JSON")
    .option("--min-coverage <percent>", "fail when a policy's rule coverage is below this percentage")
    .option("--update", "rewrite every case's expectation to its current decision (review the diff first)")
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        io.stderr(`routec test: ${parsed.error.issues[0]?.message ?? "invalid options"}\n`);
        io.setExitCode(2);
        return;
      }
      const options = parsed.data;
      const roots = paths.length > 0 ? paths : ["fixtures/golden"];
      if (paths.length === 0 && !existsSync(resolve(io.cwd, roots[0] ?? ""))) {
        io.stderr("routec test: no `fixtures/golden/` here to search for *.golden.json fixtures; name the fixture files or directories (`routec test path/to/goldens`)\n");
        io.setExitCode(2);
        return;
      }
      const files: string[] = [];
      let unreadable = false;
      for (const p of roots) {
        try {
          const abs = resolve(io.cwd, p);
          files.push(...(statSync(abs).isDirectory() ? await discover(abs) : [abs]));
        } catch (error) {
          io.stderr(`routec test: cannot read \`${shownArg(p)}\`: ${describeFsError(error)}\n`);
          io.setExitCode(2);
          unreadable = true;
        }
      }
      if (files.length === 0) {
        if (!unreadable) io.stderr(`routec test: no *.golden.json files under ${roots.map((r) => `\`${shownArg(r)}\``).join(", ")}\n`);
        io.setExitCode(2);
        return;
      }
      const tables = new Map<string, PolicyRun | null>();
      const suites: SuiteResult[] = [];
      let passed = 0;
      let failed = 0;
      const report = (d: Diagnostic): void => io.stderr(sanitize(`error ${d.code}: ${d.message}\n`));
      for (const abs of files) {
        const display = relative(io.cwd, abs) || abs;
        const suiteError = (message: string, exit: 1 | 2): void => {
          io.stderr(sanitize(`routec test: ${message}\n`));
          io.setExitCode(exit);
          suites.push({ file: display, policy: "", results: [], error: message });
        };
        let text: string;
        try {
          text = await readFile(abs, "utf8");
        } catch (error) {
          suiteError(`cannot read \`${shownArg(display)}\`: ${describeFsError(error)}`, 2);
          continue;
        }
        const json = parseJson(text, display);
        if (!json.ok) {
          suiteError(json.failure.message, 2);
          continue;
        }
        const valid = validateGolden(json.value, display);
        if (!valid.ok) {
          valid.diagnostics.forEach(report);
          io.setExitCode(2);
          suites.push({ file: display, policy: "", results: [], error: valid.diagnostics.map((d) => d.message).join("; ") });
          continue;
        }
        const golden: GoldenFile = valid.value;
        const policyAbs = resolve(dirname(abs), golden.policy);
        const policyDisplay = relative(io.cwd, policyAbs) || policyAbs;
        if (!tables.has(policyAbs)) {
          if (!existsSync(policyAbs)) {
            report({ code: "R0803", severity: "error", span: null, message: `${display}: policy \`${golden.policy}\` (${policyDisplay}): no such file` });
            io.setExitCode(2);
            suites.push({ file: display, policy: policyDisplay, results: [], error: `policy \`${golden.policy}\` not found` });
            continue;
          }
          const loaded = await loadTable(io, policyDisplay);
          tables.set(policyAbs, loaded.ok ? { table: loaded.value, runs: [] } : null);
          if (!loaded.ok) io.stderr(sanitize(`error R0803: ${display}: ${loaded.failure.message}\n`));
        }
        const run = tables.get(policyAbs);
        if (!run) {
          io.setExitCode(1);
          suites.push({ file: display, policy: policyDisplay, results: [], error: `policy \`${golden.policy}\` has errors` });
          continue;
        }
        const results = runCases(run.table, golden.cases);
        run.runs.push(...results.map((r) => ({ input: r.input, trace: r.trace })));
        suites.push({ file: display, policy: policyDisplay, results, error: null });
        for (const r of results) {
          if (r.mismatches.length === 0) {
            passed += 1;
            continue;
          }
          failed += 1;
          if (!options.update) io.stdout(sanitize(`FAIL ${display} › ${r.name}\n${failureText(io, dirname(policyAbs), r).replace(/^/gm, "  ")}\n\n`));
        }
        if (options.update && results.some((r) => r.mismatches.length > 0)) {
          await writeFile(abs, `${JSON.stringify(updateGolden(golden, results), null, 2)}\n`);
          io.stdout(`updated ${results.filter((r) => r.mismatches.length > 0).length} case(s) in ${display}\n`);
        }
      }
      const coverages: { policy: string; coverage: Coverage }[] = [];
      for (const [policyAbs, run] of tables) {
        if (!run) continue;
        const coverage = coverageOf(run.table, run.runs);
        const policy = relative(io.cwd, policyAbs) || policyAbs;
        coverages.push({ policy, coverage });
        io.stdout(renderCoverage(policy, coverage));
      }
      io.stdout(`${options.update ? `${failed} case(s) updated, ${passed} unchanged` : `${passed} passed, ${failed} failed`} (${files.length} fixture file(s))\n`);
      if (options.junit !== undefined) await writeFile(resolve(io.cwd, options.junit), renderJunit(suites, (s, r) => sanitize(failureText(io, dirname(resolve(io.cwd, s.policy)), r))));
      if (options.coverage !== undefined) {
        const out = coverages.map(({ policy, coverage }) => ({
          policy,
          percent: coverage.percent,
          covered: coverage.covered,
          total: coverage.total,
          std_secrets: coverage.std,
          uncovered: coverage.items.filter((i) => i.hits === 0 && i.kind !== "std").map((i) => ({ kind: i.kind, id: i.id, label: i.label })),
          items: coverage.items,
        }));
        await writeFile(resolve(io.cwd, options.coverage), `${JSON.stringify({ schema: "routec.coverage/1", policies: out }, null, 2)}\n`);
      }
      if (failed > 0 && !options.update) {
        io.stderr(`error R0804: ${failed} golden case(s) failed; if the change was intended, review the decisions and run \`routec test --update\`\n`);
        io.setExitCode(1);
      }
      const min = options.minCoverage;
      if (min !== undefined) {
        for (const { policy, coverage } of coverages) {
          if (coverage.percent >= min) continue;
          io.stderr(`error R0805: ${policy}: rule coverage ${coverage.percent}% is below --min-coverage ${min}%\n`);
          io.setExitCode(1);
        }
      }
    });
}
