/**
 * The formatting library behind `routec fmt` and the prettier plugin: parse, then print in the canonical
 * layout. No Node APIs, so editors and the browser playground can format too.
 */
import type { Result } from "../diagnostics/diagnostic.js";
import { InternalError } from "../diagnostics/diagnostic.js";
import { stripSpans } from "../syntax/ast.js";
import type { SourceFile } from "../syntax/ast.js";
import { parseSource } from "../syntax/index.js";
import { printPolicy } from "../syntax/print.js";
import type { PrintOptions } from "../syntax/print.js";

export type { PrintOptions } from "../syntax/print.js";
export { printPolicy } from "../syntax/print.js";

/** What formatting must keep: the tree without positions, and the comments' texts in order. */
function essence(file: SourceFile): string {
  return JSON.stringify([stripSpans(file.header), stripSpans(file.items), file.comments.map((c) => c.text.trimEnd())]);
}

/**
 * Formats one `.route` file's text; a file that does not parse yields its parse diagnostics. The result is
 * parsed again before it is returned, so a printer bug can never hand back text that means something else.
 */
export function formatSource(text: string, file: string, options: PrintOptions = {}): Result<string> {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return parsed;
  const printed = printPolicy(parsed.value, options);
  const reparsed = parseSource(printed, file);
  // INVARIANT: printing keeps the tree and every comment (tested as a property in test/format).
  if (!reparsed.ok || essence(reparsed.value) !== essence(parsed.value)) {
    throw new InternalError(`formatting \`${file}\` would change its meaning or lose a comment`);
  }
  return { ok: true, value: printed, diagnostics: parsed.diagnostics };
}
