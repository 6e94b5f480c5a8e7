/** `--format json`: the diagnostic objects themselves, in a stable key order, as a JSON array. */
import type { Diagnostic } from "../diagnostic.js";

function canonical(d: Diagnostic): Diagnostic {
  return {
    code: d.code,
    severity: d.severity,
    span: d.span,
    message: d.message,
    ...(d.help === undefined ? {} : { help: d.help }),
    ...(d.notes === undefined ? {} : { notes: d.notes }),
    ...(d.related === undefined ? {} : { related: d.related }),
    ...(d.suggestion === undefined ? {} : { suggestion: d.suggestion }),
  };
}

/** Renders diagnostics (already sorted by the caller) as a JSON array, one object per diagnostic. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(diagnostics.map(canonical), null, 2)}\n`;
}
