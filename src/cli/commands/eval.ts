/**
 * `routec eval <policy.route|table.json> --input <file|->`: prints the decision for one routing input, or with
 * `--explain` the steps the runtime took. `routec report` shares the loading and input reading defined here.
 *
 * Exit codes: 0 a decision was made (also an `on error` decision caused by bad input: the decision is the
 * answer, and a warning goes to stderr), 1 the policy or table has errors, 2 usage or I/O (a missing file,
 * a file that is not JSON).
 */
import { Stats } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { z } from "zod";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { explain, validateTable } from "../../runtime/index.js";
import type { Decision, Table, TraceStep } from "../../runtime/types.js";
import { sanitize } from "../../sanitize/index.js";
import { describeFsError, shownArg } from "../fs-errors.js";
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

/** What a scan of JSON text found: the first syntax error, the first repeated object key, or neither. */
export type JsonScan =
  | { readonly kind: "ok" }
  | { readonly kind: "syntax"; readonly offset: number }
  | { readonly kind: "duplicate"; readonly offset: number; readonly key: string };

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Scans `text` against the JSON grammar without building values, with an explicit stack so that 10^5 nested
 * arrays do not overflow the call stack. `JSON.parse` keeps the last of two equal keys, so a routing input
 * `{"files": ["~/.ssh/id_rsa"], "files": []}` would hide a denied path from the decision while another reader
 * sees it; the scan reports the repeat (keys compared after unescaping, as `JSON.parse` does).
 */
export function scanJson(text: string): JsonScan {
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  let want: "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "next" = "value";
  const syntax = (offset: number): JsonScan => ({ kind: "syntax", offset });
  /** Moves `i` past the string starting at `i`; false (with `i` at the fault) when it is not one. */
  const string = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) return void i++, true;
      if (c < 32) return false;
      if (c === 92) {
        const e = text.charAt(i + 1);
        if (e === "u" ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : e === "" || !'"\\/bfnrt'.includes(e)) return false;
        i += e === "u" ? 6 : 2;
      } else i++;
    }
    return false;
  };
  for (;;) {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
    if (i >= text.length) return want === "next" && stack.length === 0 ? { kind: "ok" } : syntax(i);
    const c = text.charAt(i);
    const top = stack[stack.length - 1];
    if (want === "next") {
      if (top === undefined) return syntax(i);
      if (c === ",") want = top === null ? "value" : "key";
      else if (c === (top === null ? "]" : "}")) stack.pop();
      else return syntax(i);
      i++;
    } else if (want === "colon") {
      if (c !== ":") return syntax(i);
      i++;
      want = "value";
    } else if (want === "key" || want === "key-or-close") {
      if (want === "key-or-close" && c === "}") {
        stack.pop();
        i++;
        want = "next";
        continue;
      }
      const start = i;
      if (c !== '"' || !string()) return syntax(i);
      const raw = text.slice(start + 1, i - 1);
      const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (top?.has(key)) return { kind: "duplicate", offset: start, key };
      top?.add(key);
      want = "colon";
    } else if (want === "value-or-close" && c === "]") {
      stack.pop();
      i++;
      want = "next";
    } else if (c === "{" || c === "[") {
      stack.push(c === "{" ? new Set() : null);
      i++;
      want = c === "{" ? "key-or-close" : "value-or-close";
    } else if (c === '"') {
      if (!string()) return syntax(i);
      want = "next";
    } else {
      LITERAL.lastIndex = i;
      const m = LITERAL.exec(text);
      if (m === null) return syntax(i);
      i += m[0].length;
      want = "next";
    }
  }
}

/** One character for a message: invisible and control characters as `\u{…}` escapes. */
function shownChar(text: string, offset: number): string {
  const c = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  return /[\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u.test(c) ? `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}` : c;
}

type JsonRead = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly failure: Failure; readonly syntax: boolean };

function readJson(text: string, display: string): JsonRead {
  // RFC 8259 §8.1 lets a parser ignore a byte order mark; PowerShell's Out-File writes one.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const failure = (message: string, syntax: boolean): JsonRead => ({ ok: false, failure: { exit: 2, message }, syntax });
  if (body.trim() === "") return failure(`${display}: ${display === "<stdin>" ? "standard input is empty" : "the file is empty"}`, true);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const scan = scanJson(body);
    const offset = scan.kind === "ok" ? 0 : scan.offset;
    const what = offset >= body.length ? "unexpected end of the input" : `unexpected character \`${shownChar(body, offset)}\``;
    return failure(`${display}:${lineColumn(body, offset)}: invalid JSON: ${what}`, true);
  }
  const scan = scanJson(body);
  if (scan.kind === "duplicate") return failure(`${display}:${lineColumn(body, scan.offset)}: duplicate key \`${shownArg(scan.key)}\``, false);
  return { ok: true, value };
}

/**
 * Parses JSON, or describes the first problem as `file:line:col: message`: a syntax error, or a key that an
 * object repeats (readers disagree on which of the two counts, so routing inputs with one fail closed).
 */
export function parseJson(text: string, display: string): Loaded<unknown> {
  const read = readJson(text, display);
  return read.ok ? read : { ok: false, failure: read.failure };
}

/** A failed read of `spec` (a path, or `-` for standard input) in words. */
export function readFailure(spec: string, error: unknown): Failure {
  return { exit: 2, message: `cannot read \`${spec === "-" ? "<stdin>" : shownArg(spec)}\`: ${describeFsError(error)}` };
}

async function readText(io: CliIO, spec: string): Promise<Loaded<string>> {
  try {
    if (spec !== "-") return { ok: true, value: await readFile(resolve(io.cwd, spec), "utf8") };
    if (io.stdinIsTTY === true) io.stderr("routec: reading the input from standard input (end with Ctrl-D)\n");
    return { ok: true, value: await io.readStdin() };
  } catch (e) {
    return { ok: false, failure: readFailure(spec, e) };
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
    const path = resolve(io.cwd, file);
    // The compiler reports an unreadable policy as a policy error (exit 1); a missing file is an I/O error (2).
    const info = await stat(path).catch((e: unknown) => e);
    if (!(info instanceof Stats)) return { ok: false, failure: readFailure(file, info) };
    if (info.isDirectory()) return fail(2, `cannot read \`${shownArg(file)}\`: is a directory`);
    // Loaded here so that commands given a table (eval, report, hook, export) never load the parser.
    const { compilePolicy } = await import("../../pipeline/compile.js");
    const result = compilePolicy(path, fsHost());
    const errors = hasErrors(result.diagnostics);
    if (result.diagnostics.length > 0) io.stderr(sanitize(renderDiagnostics(result.diagnostics)));
    if (errors || result.table === null) return fail(1, `\`${shownArg(file)}\` has errors; fix them before evaluating`);
    return { ok: true, value: result.table };
  }
  const text = await readText(io, file);
  if (!text.ok) return text;
  const json = parseJson(text.value, file);
  if (!json.ok) return json;
  const notTable = notATable(json.value);
  if (notTable !== null) return fail(2, `\`${shownArg(file)}\` is not a decision table: ${notTable}`);
  const valid = validateTable(json.value);
  if (!valid.ok) return fail(1, `\`${shownArg(file)}\` is not a valid decision table: ${valid.message}`);
  return { ok: true, value: json.value as Table };
}

/**
 * Why a JSON value is not a decision table at all (a usage error, unlike a table whose contents are wrong), or
 * null when it says it is one.
 */
export function notATable(value: unknown): string | null {
  const found = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? null : `a ${typeof value}`;
  if (found !== null) return `expected a JSON object, found ${found}`;
  const schema = (value as Record<string, unknown>)["schema"];
  if (schema === "routec.table/1") return null;
  return typeof schema === "string"
    ? `its \`schema\` is \`${shownArg(schema)}\`, not \`routec.table/1\``
    : 'it has no `"schema": "routec.table/1"` (write one with `routec compile -o table.json`)';
}

/**
 * Reads routing inputs: one JSON value, a JSON array of inputs (when `many`), or JSON lines (when `many`).
 * Each input is passed to the runtime as parsed; the runtime judges its validity.
 */
export async function readInputs(io: CliIO, spec: string, many: boolean): Promise<Loaded<unknown[]>> {
  const text = await readText(io, spec);
  if (!text.ok) return text;
  const display = spec === "-" ? "<stdin>" : spec;
  if (many && text.value.replace(/^\uFEFF/, "").trim() === "") return fail(2, spec === "-" ? "no routing inputs on standard input" : `no routing inputs in \`${shownArg(spec)}\`: the file is empty`);
  const whole = readJson(text.value, display);
  if (whole.ok) return { ok: true, value: many && Array.isArray(whole.value) ? whole.value : [whole.value] };
  if (!many || !whole.syntax) return { ok: false, failure: whole.failure };
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
