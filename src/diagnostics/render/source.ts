/** Helpers the renderers share: source lines under spans, counts, and paths relative to a root. */
import type { Diagnostic, Span } from "../diagnostic.js";

/** The text of every file diagnostics may point into, by the path in their spans. */
export type Sources = Readonly<Record<string, string>>;

/** The lines of the text split last: renderers ask for one line per diagnostic, often thousands from one file. */
let lastSplit: { readonly text: string; readonly lines: readonly string[] } = { text: "", lines: [""] };

/** The 1-based line `line` of `text`, without its line break. */
export function lineOf(text: string, line: number): string {
  if (lastSplit.text !== text) lastSplit = { text, lines: text.split(/\r\n|\r|\n/) };
  return lastSplit.lines[line - 1] ?? "";
}

/** The source text under a span, or null when the file is unknown. */
export function spanText(sources: Sources, span: Span): string | null {
  const text = sources[span.file];
  return text === undefined ? null : text.slice(span.start.offset, span.end.offset);
}

/** `2 errors, 1 warning` (info diagnostics are not counted). */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  return `${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}`;
}

/** `path` with forward slashes, relative to `root` when it is under it. */
export function displayPath(path: string, root?: string): string {
  const slashed = path.replaceAll("\\", "/");
  if (root === undefined || root === "") return slashed;
  const base = root.replaceAll("\\", "/").replace(/\/+$/, "");
  return slashed.startsWith(`${base}/`) ? slashed.slice(base.length + 1) : slashed;
}
