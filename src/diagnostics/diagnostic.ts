/** A position in a source file: 0-based UTF-16 offset, 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open source range `[start, end)` in one file. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

/** How bad a diagnostic is; only `error` fails a check. */
export type Severity = "error" | "warning" | "info";

/** A secondary location that explains a diagnostic (e.g. the first declaration of a duplicate). */
export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

/** A machine-applicable or human suggestion: replace the text under `span` (or the diagnostic's span) with `replacement`. */
export interface Suggestion {
  readonly message: string;
  readonly replacement?: string;
  readonly span?: Span;
}

/**
 * One problem found in a policy or input. Diagnostics are data: only renderers turn them into text.
 * `code` is public API (`R` + four digits) and never reused; `span` is null only for problems with no source
 * location (a missing file, a command-line value).
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly span: Span | null;
  readonly message: string;
  readonly help?: string;
  readonly notes?: readonly string[];
  readonly related?: readonly RelatedLocation[];
  readonly suggestion?: Suggestion;
}

/** The outcome of a library call: a value and warnings, or the diagnostics that prevented it. Never thrown. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Thrown only for broken internal invariants: a bug in routec, never a user error. */
export class InternalError extends Error {
  override readonly name = "InternalError";
}

/** Exhaustiveness guard for `switch` over discriminated unions. */
export function assertNever(value: never, what = "value"): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, offset, then code and message, so output never depends on pass order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.span?.start.offset ?? -1;
    const ob = b.span?.start.offset ?? -1;
    if (oa !== ob) return oa - ob;
    if (a.code !== b.code) return a.code < b.code ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
