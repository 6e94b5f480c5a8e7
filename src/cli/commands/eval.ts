/**
 * `routec eval <policy.route|table.json> --input <file|->`: prints the decision for one routing input, or with
 * `--explain` the steps the runtime took. `routec report` shares the loading and input reading defined here.
 *
 * Exit codes: 0 a decision was made (also an `on error` decision caused by bad input: the decision is the
 * answer, and a warning goes to stderr), 1 the policy or table has errors, 2 usage or I/O (a missing file,
 * a file that is not JSON).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { compilePolicy } from "../../pipeline/compile.js";
import { explain, validateTable } from "../../runtime/index.js";
import type { Decision, Table, TraceStep } from "../../runtime/types.js";
import { sanitize } from "../../sanitize/index.js";
import { fsHost } from "../fs-host.js";
import type { CliIO } from "../io.js";

/** A failure that ends a command: what to print and the exit code. */
export interface Failure {
  readonly exit: 1 | 2;
  readonly message: string;
}

export type Loaded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };

const fail = <T>(exit: 1 | 2, message: string): Loaded<T> => ({ ok: false, failure: { exit, message } });

/** The 1-based line and column of a UTF-16 offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else column++;
  }
  return `${line}:${column}`;
}

/**
 * The offset of the first JSON syntax error in `text` (V8 does not always report one). A small recursive
 * scanner over the JSON grammar; it is only called once `JSON.parse` has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const value = (): boolean => {
    ws();
    const c = text.charAt(i);
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text.charAt(i) === close) return void i++, true;
      for (;;) {
        if (c === "{") {
          ws();
          if (text.charAt(i) !== '"' || !string()) return false;
          ws();
          if (text.charAt(i) !== ":") return false;
          i++;
        }
        if (!value()) return false;
        ws();
        if (text.charAt(i) === ",") i++;
        else if (text.charAt(i) === close) return void i++, true;
        else return false;
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (m === null) return false;
    i += m[0].length;
    return true;
  };
  const string = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') return void i++, true;
      if (c < " ") return false;
      if (c === "\\") {
        const e = text.charAt(i + 1);
        if (e === "u" ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : !'"\\/bfnrt'.includes(e) || e === "") return false;
        i += e === "u" ? 6 : 2;
      } else i++;
    }
    return false;
  };
  if (value()) {
    ws();
    if (i >= text.length) return text.length;
  }
  return i;
}

/** Parses JSON, or describes the first syntax error as `file:line:col: message`. */
export function parseJson(text: string, display: string): Loaded<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/ in JSON at position \d+.*$/s, "").replace(/, ".*" is not valid JSON$/s, "") : "invalid JSON";
    return fail(2, `${display}:${lineColumn(text, jsonErrorOffset(text))}: invalid JSON: ${reason.toLowerCase()}`);
  }
}

async function readText(io: CliIO, spec: string): Promise<Loaded<string>> {
  try {
    return { ok: true, value: spec === "-" ? await io.readStdin() : await readFile(resolve(io.cwd, spec), "utf8") };
  } catch (e) {
    const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
    return fail(2, `cannot read \`${spec}\`: ${code === "ENOENT" ? "no such file or directory" : code === "EISDIR" ? "is a directory" : "read failed"}`);
  }
}

function renderDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.span === null ? "" : `${d.span.file}:${d.span.start.line}:${d.span.start.column}: `}${d.severity} ${d.code}: ${d.message}\n`)
    .join("");
}

/**
 * Loads a policy (compiled in memory from `.route`) or a table file (checked by the runtime's table
 * validation). Warnings from compiling go to stderr.
 */
export async function loadTable(io: CliIO, file: string): Promise<Loaded<Table>> {
  if (file.endsWith(".route")) {
    const result = compilePolicy(resolve(io.cwd, file), fsHost());
    const errors = hasErrors(result.diagnostics);
    if (result.diagnostics.length > 0) io.stderr(sanitize(renderDiagnostics(result.diagnostics)));
    if (errors || result.table === null) return fail(1, `\`${file}\` has errors; fix them before evaluating`);
    return { ok: true, value: result.table };
  }
  const text = await readText(io, file);
  if (!text.ok) return text;
  const json = parseJson(text.value, file);
  if (!json.ok) return json;
  const valid = validateTable(json.value);
  if (!valid.ok) return fail(1, `\`${file}\` is not a valid decision table: ${valid.message}`);
  return { ok: true, value: json.value as Table };
}

/**
 * Reads routing inputs: one JSON value, a JSON array of inputs (when `many`), or JSON lines (when `many`).
 * Each input is passed to the runtime as parsed; the runtime judges its validity.
 */
export async function readInputs(io: CliIO, spec: string, many: boolean): Promise<Loaded<unknown[]>> {
  const text = await readText(io, spec);
  if (!text.ok) return text;
  const display = spec === "-" ? "<stdin>" : spec;
  const whole = parseJson(text.value, display);
  if (whole.ok) return { ok: true, value: many && Array.isArray(whole.value) ? whole.value : [whole.value] };
  if (!many) return whole;
  const lines = text.value.split("\n");
  const inputs: unknown[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? "";
    if (line.trim() === "") continue;
    const parsed = parseJson(line, display);
    if (!parsed.ok) return fail(2, parsed.failure.message.replace(`${display}:1:`, `${display}:${n + 1}:`));
    inputs.push(parsed.value);
  }
  return { ok: true, value: inputs };
}

/** The decision JSON, keys in the decision's fixed order, sanitized. */
export function renderDecision(decision: Decision): string {
  return sanitize(`${JSON.stringify(decision, null, 2)}\n`);
}

const yesNo = (b: boolean): string => (b ? "yes" : "no");

function traceLine(s: TraceStep): string {
  switch (s.step) {
    case "table":
      return s.ok ? "table: ok" : `table: invalid: ${s.error ?? ""}`;
    case "input":
      return s.ok || s.error === null ? "input: ok" : `input: invalid at \`${s.error.path}\`: ${s.error.message} (${s.error.code})`;
    case "path":
      return `file ${s.file} ${s.spelling}: ${s.views.join("  |  ")}`;
    case "match":
      return `file ${s.file} is in ${s.kind} set \`${s.set}\` by pattern \`${s.pattern}\``;
    case "vram": {
      const f = s.features;
      const telemetry =
        f === null
          ? "telemetry unknown"
          : `total ${f.total_mib} MiB, free ${f.free_mib} MiB (${f.free_pct.toFixed(1)}%), largest free ${f.largest_free_mib} MiB, fragmentation ${f.fragmentation_pct.toFixed(1)}%`;
      return `vram: level \`${s.level}\` (${telemetry}${s.low_vram_mode ? "; low-vram mode on" : ""}${s.raised_from === null ? "" : `; raised from \`${s.raised_from}\``})`;
    }
    case "classify":
      return `classify ${s.rule} -> ${s.class}: ${s.matched ? "matched" : "no"}`;
    case "escalate":
      return `escalate ${s.rule} "${s.reason}": ${s.matched ? "matched" : "no"}`;
    case "route":
      return `route ${s.rule} for class \`${s.class}\``;
    case "candidate": {
      const t = s.thresholds;
      const limits =
        `context ${t.context_tokens} vs model ${t.model_context}` +
        `${t.class_max_context === null ? "" : ` and class ${t.class_max_context}`}, tools required ${yesNo(t.tools_required)} / model ${yesNo(t.model_tools)}, ` +
        `vram ${t.vram_mib} MiB vs largest free ${t.largest_free_mib === null ? "unknown" : `${t.largest_free_mib} MiB`}, runtime enabled ${yesNo(t.runtime_enabled)}, class allows local ${yesNo(t.local_allowed)}`;
      return `${s.role} \`${s.model}\`: ${s.skipped === null ? "can serve" : `skipped (${s.skipped})`} [${limits}]`;
    }
    case "fallback":
      return `fallback: ${s.to}`;
    case "guard":
      return `guard: ${s.tripped ? "tripped (a denied file would go local)" : "ok"}`;
    case "on-error":
      return `on error: ${s.why}`;
  }
}

function decisionLine(d: Decision): string {
  const where =
    d.target === "remote"
      ? `remote \`${d.remote ?? ""}\` (model \`${d.model}\`)`
      : d.mode === "synthesis"
        ? `synthesis: \`${d.model}\` on \`${d.runtime ?? ""}\` drafts, \`${d.review?.remote ?? ""}\` reviews`
        : `local \`${d.model}\` on \`${d.runtime ?? ""}\``;
  return `decision: ${where}${d.error === null ? "" : ` [${d.error.code}: ${d.error.message}]`}`;
}

/** The explain trace as readable text, one step per line, sanitized. */
export function renderTrace(trace: readonly TraceStep[], decision: Decision): string {
  return sanitize([...trace.map(traceLine), decisionLine(decision)].join("\n") + "\n");
}

/** Warns on stderr when the decision is `on error` because the input or table was unusable. */
export function warnOnError(io: CliIO, decision: Decision, label = ""): void {
  if (decision.error !== null) io.stderr(sanitize(`warning: ${label}took the \`on error\` decision: ${decision.error.message} (${decision.error.code})\n`));
}

const optionsSchema = z.object({
  input: z.string({ error: "`--input <file|->` is required" }),
  explain: z.boolean().default(false),
  format: z.enum(["text", "json"], { error: "`--format` must be `text` or `json`" }).default("text"),
});

/** The `eval` command. */
export function evalCommand(io: CliIO): Command {
  return new Command("eval")
    .description(
      "Decide where one task runs.\n\n" +
        "Compiles <policy.route> in memory (or reads a compiled table.json), evaluates the routing input " +
        "(routec.input/1) and prints the decision (routec.decision/1). Invalid input still gets a decision: " +
        "the policy's `on error` target, with a warning on stderr. Exit 0 decision made, 1 policy errors, " +
        "2 usage or I/O.",
    )
    .argument("<policy>", "a .route policy or a compiled table (.json)")
    .option("-i, --input <file>", "the routing input, `-` for stdin")
    .option("--explain", "print the steps the runtime took instead of the decision")
    .addOption(new Option("--format <format>", "with --explain: `text` or `json`").choices(["text", "json"]))
    .action(async (policy: string, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        io.stderr(`routec eval: ${parsed.error.issues[0]?.message ?? "invalid options"}\n`);
        io.setExitCode(2);
        return;
      }
      const options = parsed.data;
      const table = await loadTable(io, policy);
      if (!table.ok) return done(io, table.failure);
      const inputs = await readInputs(io, options.input, false);
      if (!inputs.ok) return done(io, inputs.failure);
      const { decision, trace } = explain(table.value, inputs.value[0]);
      warnOnError(io, decision);
      if (!options.explain) io.stdout(renderDecision(decision));
      else if (options.format === "json") io.stdout(sanitize(`${JSON.stringify({ decision, trace }, null, 2)}\n`));
      else io.stdout(renderTrace(trace, decision));
      io.setExitCode(0);
    });
}

/** Prints a failure and sets its exit code. */
export function done(io: CliIO, failure: Failure): void {
  io.stderr(`routec: ${sanitize(failure.message)}\n`);
  io.setExitCode(failure.exit);
}
