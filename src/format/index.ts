/**
 * The formatting library behind `routec fmt` and the prettier plugin: parse, then print in the canonical
 * layout. No Node APIs, so editors and the browser playground can format too.
 */
import type { Result } from "../diagnostics/diagnostic.js";
import { parseSource } from "../syntax/index.js";
import { printPolicy } from "../syntax/print.js";
import type { PrintOptions } from "../syntax/print.js";

export type { PrintOptions } from "../syntax/print.js";
export { printPolicy } from "../syntax/print.js";

/** Formats one `.route` file's text; a file that does not parse yields its parse diagnostics. */
export function formatSource(text: string, file: string, options: PrintOptions = {}): Result<string> {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return parsed;
  return { ok: true, value: printPolicy(parsed.value, options), diagnostics: parsed.diagnostics };
}
