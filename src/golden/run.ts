/**
 * Runs golden cases against a compiled table: each case's input through the runtime's `explain`, its decision
 * compared with the fields the case pins. Pure: the caller loads fixture files and compiles policies.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import { explain } from "../runtime/index.js";
import type { Decision, Reason, SourceLocation, Table, TraceStep } from "../runtime/types.js";
import type { Expect, GoldenCase, GoldenFile } from "./format.js";
import { GoldenFileSchema } from "./format.js";

/** One field of a case whose expectation the decision does not meet. */
export interface Mismatch {
  readonly field: keyof Expect;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface CaseResult {
  readonly name: string;
  readonly input: unknown;
  readonly expect: Expect;
  readonly decision: Decision;
  readonly trace: readonly TraceStep[];
  readonly mismatches: readonly Mismatch[];
  /** The rule whose target the decision took (escalate trigger, route or `on_error`), with its source location. */
  readonly rule: { readonly id: string; readonly source: SourceLocation | null } | null;
}

/** Validates a parsed fixture file; every problem names the file and, when it is in a case, the case. */
export function validateGolden(value: unknown, file: string): Result<GoldenFile> {
  const parsed = GoldenFileSchema.safeParse(value);
  if (!parsed.success) {
    const cases = typeof value === "object" && value !== null && Array.isArray((value as { cases?: unknown }).cases) ? ((value as { cases: unknown[] }).cases) : [];
    const diagnostics = parsed.error.issues.slice(0, 20).map((issue) => {
      const [first, index, ...rest] = issue.path;
      const inCase = first === "cases" && typeof index === "number";
      const raw = inCase ? cases[index] : undefined;
      const caseName = typeof raw === "object" && raw !== null && typeof (raw as { name?: unknown }).name === "string" ? (raw as { name: string }).name : null;
      const where = inCase ? `case ${index + 1}${caseName === null ? "" : ` \`${caseName}\``}${rest.length > 0 ? ` at \`${rest.join(".")}\`` : ""}` : `at \`${issue.path.join(".") || "(root)"}\``;
      return diagnostic("R0801", null, `${file}: ${where}: ${issue.message.toLowerCase()}`);
    });
    return { ok: false, diagnostics };
  }
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const c of parsed.data.cases) {
    if (seen.has(c.name)) diagnostics.push(diagnostic("R0802", null, `${file}: case \`${c.name}\` appears twice; case names must be unique`));
    seen.add(c.name);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: parsed.data, diagnostics: [] };
}

/** The reason that decided the target: the last reason naming a rule, other than a deny match. */
export function decisiveReason(decision: Decision): Reason | null {
  return [...decision.reasons].reverse().find((r) => r.rule !== null && r.code !== "denied" && r.code !== "classified" && r.code !== "skipped") ?? null;
}

function actualOf(decision: Decision, field: keyof Expect): unknown {
  switch (field) {
    case "target":
      return decision.target;
    case "model":
      return decision.model;
    case "class":
      return decision.class;
    case "mode":
      return decision.mode;
    case "vram_level":
      return decision.vram_level;
    case "denied":
      return decision.denied.length > 0;
    case "error":
      return decision.error?.code ?? null;
    case "reasons":
      return decision.reasons.flatMap((r) => (r.rule === null ? [r.code] : [r.code, r.rule]));
  }
}

/** The fields of `expect` that `decision` does not meet. */
export function compare(expect: Expect, decision: Decision): Mismatch[] {
  const out: Mismatch[] = [];
  for (const field of Object.keys(expect) as (keyof Expect)[]) {
    const expected = expect[field];
    if (expected === undefined) continue;
    const actual = actualOf(decision, field);
    if (field === "reasons") {
      const have = new Set(actual as string[]);
      const missing = (expected as string[]).filter((r) => !have.has(r));
      if (missing.length > 0) out.push({ field, expected: missing, actual });
    } else if (expected !== actual) out.push({ field, expected, actual });
  }
  return out;
}

export function runCase(table: Table, c: GoldenCase): CaseResult {
  const { decision, trace } = explain(table, c.input);
  const decisive = decisiveReason(decision);
  return {
    name: c.name,
    input: c.input,
    expect: c.expect,
    decision,
    trace,
    mismatches: compare(c.expect, decision),
    rule: decisive === null || decisive.rule === null ? null : { id: decisive.rule, source: decisive.source },
  };
}

export function runCases(table: Table, cases: readonly GoldenCase[]): CaseResult[] {
  return cases.map((c) => runCase(table, c));
}

/**
 * The expectation a case would need to pass now: the same fields it pinned, at their current values, and
 * always target, model, class and mode. Pinned reasons that still appear are kept; otherwise they become the
 * decisive rule.
 */
export function updatedExpect(expect: Expect, decision: Decision): Expect {
  const decisive = decisiveReason(decision);
  const reasons = expect.reasons === undefined ? undefined : compare({ target: decision.target, reasons: expect.reasons }, decision).length === 0 ? expect.reasons : decisive?.rule ? [decisive.rule] : [];
  return {
    target: decision.target,
    model: decision.model,
    class: decision.class,
    mode: decision.mode,
    ...(expect.vram_level === undefined ? {} : { vram_level: decision.vram_level }),
    ...(reasons === undefined ? {} : { reasons }),
    ...(expect.denied === undefined ? {} : { denied: decision.denied.length > 0 }),
    ...(expect.error === undefined ? {} : { error: decision.error?.code ?? null }),
  };
}

/** The fixture file with every case's expectation rewritten to its current decision; names and inputs kept. */
export function updateGolden(file: GoldenFile, results: readonly CaseResult[]): GoldenFile {
  return { ...file, cases: file.cases.map((c, i) => {
    const result = results[i];
    return result === undefined ? c : { name: c.name, input: c.input, expect: updatedExpect(c.expect, result.decision) };
  }) };
}
