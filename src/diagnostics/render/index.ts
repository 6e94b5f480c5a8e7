/**
 * Diagnostic renderers: pure functions from diagnostics (and the source texts they point into) to text. Only
 * renderers turn diagnostics into text; commands pick one with `--format`.
 */
import type { Diagnostic } from "../diagnostic.js";
import { sortDiagnostics } from "../diagnostic.js";
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderSarif } from "./sarif.js";
import type { Sources } from "./source.js";
import { renderText } from "./text.js";

export { renderGithub } from "./github.js";
export { renderJson } from "./json.js";
export { fingerprintKey, fnv1a64, renderSarif } from "./sarif.js";
export { renderText } from "./text.js";
export type { GithubOptions } from "./github.js";
export type { SarifOptions } from "./sarif.js";
export type { TextOptions } from "./text.js";
export type { Sources } from "./source.js";
export { summaryLine } from "./source.js";
export { renderCodeDocs } from "./docs.js";

/** The output formats of commands that report diagnostics. */
export const diagnosticFormats = ["text", "json", "sarif", "github"] as const;
export type DiagnosticFormat = (typeof diagnosticFormats)[number];

export interface RenderOptions {
  readonly color?: boolean;
  /** Paths are shown relative to this directory. */
  readonly root?: string;
  /** The routec version, recorded in SARIF. */
  readonly toolVersion: string;
}

/** Renders diagnostics in one of the formats, sorted by file and position so output never depends on pass order. */
export function renderDiagnostics(format: DiagnosticFormat, unsorted: readonly Diagnostic[], sources: Sources, options: RenderOptions): string {
  const diagnostics = sortDiagnostics(unsorted);
  const root = options.root === undefined ? {} : { root: options.root };
  switch (format) {
    case "text":
      return renderText(diagnostics, sources, { color: options.color ?? false, ...root });
    case "json":
      return renderJson(diagnostics);
    case "sarif":
      return renderSarif(diagnostics, sources, { toolVersion: options.toolVersion, ...root });
    case "github":
      return renderGithub(diagnostics, root);
  }
}
