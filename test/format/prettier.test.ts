import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/index.js";
import plugin from "../../src/prettier/index.js";
import type { RouteSyntaxError } from "../../src/prettier/index.js";
import { printPolicy } from "../../src/syntax/print.js";
import { sourceFile } from "../arbitraries/route-ast.js";

const fixtures = new URL("../fixtures/format/", import.meta.url);
const inputs = readdirSync(fixtures)
  .filter((name) => name.endsWith(".route") && !name.endsWith(".formatted.route"))
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, fixtures), "utf8") }));
const defaultPolicy = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");

function library(text: string): string {
  const result = formatSource(text, "test.route");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.value;
}

async function viaPrettier(text: string, options: prettier.Options = {}): Promise<string> {
  return prettier.format(text, { parser: "route", plugins: [plugin], ...options });
}

describe("routec/prettier", () => {
  for (const input of inputs) {
    it(`prints what formatSource prints when formatting ${input.name}`, async () => {
      expect(await viaPrettier(input.text)).toBe(library(input.text));
    });
  }

  it("prints what formatSource prints when formatting random policies", async () => {
    await fc.assert(
      fc.asyncProperty(sourceFile, async (file) => {
        const text = printPolicy(file, { printWidth: 40 });
        expect(await viaPrettier(text)).toBe(library(text));
      }),
      { numRuns: 40 },
    );
  });

  it("picks the route parser when the file name ends in .route", async () => {
    const out = await prettier.format(defaultPolicy, { filepath: "policies/default.route", plugins: [plugin] });
    expect(out).toBe(library(defaultPolicy));
  });

  it("uses 100 columns when printWidth is not set", async () => {
    const line = `model "m" on ollama { context 32k tools yes vram 5.4GiB cost 0 description "${"x".repeat(20)}" }\n`;
    expect(line.length).toBeGreaterThan(80);
    expect(await viaPrettier(line)).toBe(line);
  });

  it("breaks blocks at printWidth when it is set", async () => {
    const out = await viaPrettier('runtime ollama { endpoint "http://127.0.0.1:11434" enabled false }\n', { printWidth: 40 });
    expect(out).toBe('runtime ollama {\n  endpoint "http://127.0.0.1:11434"\n  enabled false\n}\n');
  });

  it("indents with tabs when useTabs is set", async () => {
    const out = await viaPrettier("classify { otherwise -> L1 }\n", { useTabs: true });
    expect(out).toBe("classify {\n\totherwise -> L1\n}\n");
  });

  it("keeps comments when they are on their own line, trailing or inside a block", async () => {
    const text = "# head\nclassify { # open\n  # lead\n  a -> L1 # trail\n  # end\n}\n";
    expect(await viaPrettier(text)).toBe("# head\nclassify { # open\n  # lead\n  a -> L1 # trail\n  # end\n}\n");
  });

  it("throws a SyntaxError with the error's location when the file does not parse", async () => {
    const error = await viaPrettier('policy "p"\nclassify {\n  kind == -> L1\n}\n').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SyntaxError);
    const syntax = error as RouteSyntaxError;
    expect(syntax.message).toMatch(/^R01\d\d: expected/);
    expect(syntax.loc.start).toEqual({ line: 3, column: 11 });
    expect(syntax.diagnostics.length).toBeGreaterThan(0);
  });

  it("formats route code blocks when they are embedded in markdown", async () => {
    const markdown = "# Policy\n\n```route\nroute L0->claude   # why\n```\n";
    const out = await prettier.format(markdown, { parser: "markdown", plugins: [plugin] });
    expect(out).toBe("# Policy\n\n```route\nroute L0 -> claude # why\n```\n");
  });

  it("declares the route language for .route files when loaded by prettier", async () => {
    const info = await prettier.getSupportInfo({ plugins: [plugin] });
    const route = info.languages.find((language) => language.name === "route");
    expect(route?.extensions).toEqual([".route"]);
    expect(route?.parsers).toEqual(["route"]);
  });
});
