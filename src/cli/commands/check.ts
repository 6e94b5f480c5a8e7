/**
 * `routec check [paths...]`: loads and checks policies, printing their diagnostics in one format.
 *
 * Directories are searched for `.route` files (skipping `node_modules` and hidden directories); each file is a
 * root policy, except files another policy in the set includes, which are checked through their includer.
 * Exit codes: 0 no errors (warnings are shown), 1 errors or more warnings than `--max-warnings`, 2 usage or I/O.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { closest } from "../../check/suggest.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { diagnostic } from "../../diagnostics/registry.js";
import type { DiagnosticFormat } from "../../diagnostics/render/index.js";
import { diagnosticFormats, renderDiagnostics, renderText } from "../../diagnostics/render/index.js";
import type { Analysis } from "../../pipeline/analyze.js";
import { analyzePolicy } from "../../pipeline/analyze.js";
import { compileAnalysis } from "../../pipeline/compile.js";
import { probeContradictions } from "../../probe/contradictions.js";
import { readProbeResultsFile } from "../../probe/results-file.js";
import { fsHost } from "../fs-host.js";
import { expandRoutePaths } from "../route-paths.js";
import type { CliIO } from "../io.js";

/** The command's options after parsing; new options (e.g. `--probes`) join this schema. */
const optionsSchema = z.object({
  format: z.string().default("text"),
  maxWarnings: z.string().optional(),
  color: z.boolean().optional(),
  debugPasses: z.boolean().default(false),
  probes: z.string().optional(),
});

type Options = z.infer<typeof optionsSchema>;

interface Settings {
  readonly format: DiagnosticFormat;
  /** Null: any number of warnings passes. */
  readonly maxWarnings: number | null;
  readonly color: boolean;
  readonly debugPasses: boolean;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function settingsOf(options: Options, io: CliIO): Parsed<Settings> {
  const errors: Diagnostic[] = [];
  const format = diagnosticFormats.find((f) => f === options.format);
  if (format === undefined) {
    const near = closest(options.format, diagnosticFormats);
    errors.push(
      diagnostic("R0905", null, `unknown format \`${options.format}\``, {
        help: `${near === undefined ? "" : `did you mean \`${near}\`? `}use one of ${diagnosticFormats.map((f) => `\`${f}\``).join(", ")}`,
      }),
    );
  }
  let maxWarnings: number | null = null;
  if (options.maxWarnings !== undefined) {
    maxWarnings = /^\d+$/.test(options.maxWarnings) ? Number(options.maxWarnings) : null;
    if (maxWarnings === null) {
      errors.push(diagnostic("R0906", null, `invalid value \`${options.maxWarnings}\` for \`--max-warnings\``, { help: "expected a whole number, 0 or more" }));
    }
  }
  if (format === undefined || errors.length > 0) return { ok: false, diagnostics: errors };
  const color = options.color ?? (io.isTTY && io.env["NO_COLOR"] === undefined);
  return { ok: true, value: { format, maxWarnings, color, debugPasses: options.debugPasses } };
}

/**
 * The files to check as root policies: those no other file in the set includes. Files left over (only included
 * within a cycle) become roots in sorted order until every file is covered.
 */
function rootsOf(files: readonly string[], analyses: ReadonlyMap<string, Analysis>): string[] {
  const includedBy = (file: string): string[] => Object.keys(analyses.get(file)?.sources ?? {}).filter((f) => f !== file);
  const included = new Set(files.flatMap(includedBy));
  const roots = files.filter((f) => !included.has(f));
  const covered = new Set(roots.flatMap((r) => [r, ...includedBy(r)]));
  for (const file of [...files].sort()) {
    if (covered.has(file)) continue;
    roots.push(file);
    for (const f of [file, ...includedBy(file)]) covered.add(f);
  }
  return roots;
}

/** A shared included file's problem is reported once, not once per includer. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.span?.file, d.span?.start.offset, d.span?.end.offset, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** routec's version, recorded in SARIF output. */
function toolVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
  return typeof manifest === "object" && manifest !== null && "version" in manifest && typeof manifest.version === "string" ? manifest.version : "0.0.0";
}

/** `file: declarations 0.1ms, properties 0.3ms, …` for `--debug-passes`. */
function passReport(file: string, analysis: Analysis | undefined): string {
  const timings = analysis?.timings ?? [];
  const passes = timings.length === 0 ? "not checked (it did not load)" : timings.map((t) => `${t.pass} ${t.ms.toFixed(1)}ms`).join(", ");
  return `${file}: ${passes}\n`;
}

function usage(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  io.stderr(renderText(diagnostics, {}, { summary: false }));
  io.setExitCode(2);
}

/** The `check` command. */
export function checkCommand(io: CliIO): Command {
  return new Command("check")
    .description(
      "Check .route policies and report their problems.\n\n" +
        "Paths are files or directories, searched for .route files (skipping node_modules and hidden directories); " +
        "the default is the current directory. A file that another checked policy includes is checked through it. " +
        "A policy without errors is also verified, so `check` fails exactly when `compile` would. `routec explain <code>` " +
        "tells more about each diagnostic code.\n\n" +
        "Examples:\n" +
        "  routec check policies/\n" +
        "  routec check --max-warnings 0 --format github policies/\n" +
        "  routec check --format sarif . > routec.sarif\n\n" +
        "Exit codes: 0 no errors, 1 errors or too many warnings, 2 usage or I/O error.",
    )
    .argument("[paths...]", "policy files or directories", ["."])
    .option("--format <format>", `output format: ${diagnosticFormats.join(", ")}`, "text")
    .option("--max-warnings <n>", "exit 1 when there are more than <n> warnings")
    .option("--color", "colour text output (default: when stdout is a terminal and NO_COLOR is unset)")
    .option("--no-color", "do not colour text output")
    .option("--debug-passes", "print the time each check pass took, per policy, on stderr")
    .option("--probes <results.json>", "also report model declarations that these `routec probe` results contradict")
    .action(async (paths: string[], raw: unknown) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        io.stderr(`routec check: ${parsed.error.issues.map((i) => i.message).join("; ")}\n`);
        io.setExitCode(2);
        return;
      }
      const settings = settingsOf(parsed.data, io);
      if (!settings.ok) return usage(io, settings.diagnostics);
      const { format, maxWarnings, color, debugPasses } = settings.value;
      const expanded = await expandRoutePaths(paths, io.cwd, { verb: "check", stdin: false });
      const { problems } = expanded;
      const files = expanded.paths.flatMap((p) => (p.path === null ? [] : [p.path]));
      if (problems.length > 0) return usage(io, problems);
      const probes = parsed.data.probes === undefined ? null : readProbeResultsFile(resolve(io.cwd, parsed.data.probes), parsed.data.probes);
      if (probes !== null && !probes.ok) return usage(io, probes.diagnostics);

      const host = fsHost();
      const clock = debugPasses ? { clock: () => performance.now() } : {};
      const analyses = new Map(files.map((file) => [file, analyzePolicy(file, host, clock)]));
      const roots = rootsOf(files, analyses);
      if (debugPasses) io.stderr(roots.map((root) => passReport(relative(io.cwd, root), analyses.get(root))).join(""));
      const reports = roots.map((root) => analyses.get(root)).filter((a): a is Analysis => a !== undefined);
      // A policy that checks is also verified: `check` fails exactly when `compile` would.
      const verified = reports.map((a) => (a.checked === null || hasErrors(a.diagnostics) ? a.diagnostics : compileAnalysis(a).diagnostics));
      const contradictions = probes?.ok ? reports.flatMap((a) => (a.checked ? probeContradictions(a.checked, probes.value) : [])) : [];
      const diagnostics = sortDiagnostics(dedupe([...verified.flat(), ...contradictions]));
      const sources = Object.assign({}, ...reports.map((a) => a.sources)) as Record<string, string>;

      io.stdout(renderDiagnostics(format, diagnostics, sources, { root: io.cwd, color, toolVersion: toolVersion() }));
      const warnings = diagnostics.filter((d) => d.severity === "warning").length;
      if (format === "text") io.stdout(`checked ${roots.length} ${roots.length === 1 ? "policy" : "policies"}${diagnostics.length === 0 ? ": no problems" : ""}\n`);
      if (hasErrors(diagnostics)) io.setExitCode(1);
      else if (maxWarnings !== null && warnings > maxWarnings) {
        io.stderr(`routec check: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
        io.setExitCode(1);
      }
    });
}
