import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { SourceFile } from "../../src/syntax/ast.js";
import { parseSource } from "../../src/syntax/index.js";

export const fixtureDir = "test/fixtures/syntax";

/** Every file under `dir`, keyed by its path relative to `dir` with `/` separators. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** The shipped policies and the ok fixtures, by path. */
export function validSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync("policies").filter((f) => f.endsWith(".route")).sort()) {
    out[`policies/${name}`] = readFileSync(`policies/${name}`, "utf8");
  }
  for (const [name, text] of Object.entries(readTree(`${fixtureDir}/ok`))) out[`${fixtureDir}/ok/${name}`] = text;
  return out;
}

/** Parses text that must be valid. */
export function parseOk(text: string, file = "test.route"): SourceFile {
  const result = parseSource(text, file);
  if (!result.ok) throw new Error(`unexpected diagnostics: ${JSON.stringify(result.diagnostics.map((d) => d.message))}`);
  return result.value;
}

/** Parses text that must be invalid. */
export function parseErr(text: string, file = "test.route"): readonly Diagnostic[] {
  const result = parseSource(text, file);
  if (result.ok) throw new Error("expected diagnostics, got an AST");
  return result.diagnostics;
}

/** The text a diagnostic underlines. */
export function snippet(text: string, diagnostic: Diagnostic): string | null {
  return diagnostic.span === null ? null : text.slice(diagnostic.span.start.offset, diagnostic.span.end.offset);
}

/** Calls `visit` on every object with a `kind` in an AST. */
export function walkNodes(value: unknown, visit: (node: { kind: string; span?: unknown } & Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkNodes(item, visit);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record["kind"] === "string") visit(record as { kind: string } & Record<string, unknown>);
    for (const [key, inner] of Object.entries(record)) if (key !== "span") walkNodes(inner, visit);
  }
}
