/**
 * The prettier plugin for `.route` files (`routec/prettier`). It reuses routec's own parser and canonical
 * printer, so prettier and `routec fmt` print the same text: the printer lays the file out once (honouring
 * `printWidth`, `tabWidth` and `useTabs`) and the plugin hands prettier those lines joined by `hardline`.
 * Comments are printed by the canonical printer from `SourceFile.comments`; the parsed root deliberately has no
 * `comments` property and no visitor keys, so prettier's generic comment attachment never sees them
 * (docs/formatting.md explains why).
 */
import type { AstPath, Doc, Parser, ParserOptions, Plugin, Printer, SupportLanguage, SupportOptions } from "prettier";
import { builders } from "prettier/doc";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../syntax/ast.js";
import { parseSource } from "../syntax/index.js";
import { printPolicy } from "../syntax/print.js";

/** The AST prettier holds: the parsed file wrapped, so prettier's comment machinery leaves it alone. */
export interface RouteDocument {
  readonly type: "RouteDocument";
  readonly file: SourceFile;
}

/** A parse error shaped as prettier expects: `loc` lets prettier show a code frame. */
export interface RouteSyntaxError extends SyntaxError {
  readonly loc: { readonly start: LineColumn; readonly end: LineColumn };
  /** Every diagnostic of the parse, for tools that want more than the first. */
  readonly diagnostics: readonly Diagnostic[];
}

interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** The `.route` language, formatted by the `route` parser. */
export const languages: SupportLanguage[] = [
  { name: "route", parsers: ["route"], extensions: [".route"], vscodeLanguageIds: ["route"], tmScope: "source.route" },
];

function syntaxError(diagnostics: readonly Diagnostic[]): RouteSyntaxError {
  const first = diagnostics.find((d) => d.severity === "error") ?? diagnostics[0];
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
  const error = new SyntaxError(first === undefined ? "cannot parse the file" : `${first.code}: ${first.message}${more}`);
  const span = first?.span;
  const start = span === undefined || span === null ? { line: 1, column: 1 } : { line: span.start.line, column: span.start.column };
  const end = span === undefined || span === null ? start : { line: span.end.line, column: span.end.column };
  return Object.assign(error, { loc: { start, end }, diagnostics });
}

/** Parses with routec's parser; a file with errors throws a `SyntaxError` carrying `loc`, as prettier expects. */
export const parsers: Record<"route", Parser<RouteDocument>> = {
  route: {
    astFormat: "route-ast",
    parse(text: string, options: ParserOptions<RouteDocument>): RouteDocument {
      const result = parseSource(text, options.filepath ?? "<input>");
      if (!result.ok) throw syntaxError(result.diagnostics);
      return { type: "RouteDocument", file: result.value };
    },
    locStart: (node) => node.file.span.start.offset,
    locEnd: (node) => node.file.span.end.offset,
  },
};

/** Prints the canonical layout: the same text `formatSource` gives for the same width and indentation. */
export const printers: Record<"route-ast", Printer<RouteDocument>> = {
  "route-ast": {
    print(path: AstPath<RouteDocument>, options: ParserOptions<RouteDocument>): Doc {
      const text = printPolicy(path.node.file, {
        printWidth: options.printWidth,
        indentWidth: options.tabWidth,
        useTabs: options.useTabs ?? false,
      });
      return builders.join(builders.hardline, text.split("\n"));
    },
    getVisitorKeys: () => [],
  },
};

/** No options beyond prettier's own: the layout is canonical on purpose. */
export const options: SupportOptions = {};

/** The house layout: 100 columns, two-space indentation. */
export const defaultOptions: Plugin["defaultOptions"] = { printWidth: 100, tabWidth: 2, useTabs: false };

const plugin: Plugin<RouteDocument> = { languages, parsers, printers, options, defaultOptions };

export default plugin;
