import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSource } from "../../src/format/index.js";
import { stripSpans } from "../../src/syntax/ast.js";
import { printPolicy } from "../../src/syntax/print.js";
import { sourceFile } from "../arbitraries/route-ast.js";
import { commentTexts, gap, meaning, mustParse, perturb } from "./support.js";

const policiesDir = new URL("../../policies/", import.meta.url);
const shipped = readdirSync(policiesDir)
  .filter((name) => name.endsWith(".route"))
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, policiesDir), "utf8") }));

function format(text: string): string {
  const result = formatSource(text, "test.route");
  if (!result.ok) throw new Error(`formatting failed: ${JSON.stringify(result.diagnostics.map((d) => d.message))}\n${text}`);
  return result.value;
}

/** The three properties every formatted text must have, checked against the text it came from. */
function expectFaithful(input: string): void {
  const formatted = format(input);
  const before = mustParse(input);
  const after = mustParse(formatted);
  expect(meaning(after)).toEqual(meaning(before));
  expect(commentTexts(after)).toEqual(commentTexts(before));
  expect(format(formatted)).toBe(formatted);
}

describe("formatSource properties", () => {
  it("ships at least one policy to perturb when the policies directory is read", () => {
    expect(shipped.map((p) => p.name)).toContain("default.route");
  });

  for (const policy of shipped) {
    it(`keeps the tree and comments and is idempotent when ${policy.name} is re-laid out`, () => {
      fc.assert(
        fc.property(fc.array(gap, { minLength: 1, maxLength: 64 }), (gaps) => expectFaithful(perturb(policy.text, gaps))),
        { numRuns: 15 },
      );
    });
  }

  it("prints random trees so that they parse back to themselves when formatted", () => {
    fc.assert(
      fc.property(sourceFile, (file) => {
        const printed = printPolicy(file);
        expect(stripSpans(mustParse(printed, "random.route"))).toEqual(stripSpans(file));
        expect(format(printed)).toBe(printed);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the tree and comments and is idempotent when random policies are re-laid out", () => {
    fc.assert(
      fc.property(sourceFile, fc.array(gap, { minLength: 1, maxLength: 32 }), (file, gaps) => expectFaithful(perturb(printPolicy(file), gaps))),
      { numRuns: 120 },
    );
  });

  it("keeps the tree when printed at narrow widths", () => {
    fc.assert(
      fc.property(sourceFile, fc.integer({ min: 10, max: 60 }), (file, printWidth) => {
        const printed = printPolicy(file, { printWidth });
        expect(stripSpans(mustParse(printed, "random.route"))).toEqual(stripSpans(file));
        expect(printPolicy(mustParse(printed, "random.route"), { printWidth })).toBe(printed);
      }),
      { numRuns: 100 },
    );
  });
});
