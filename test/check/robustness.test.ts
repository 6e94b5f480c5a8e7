import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { lookupCode } from "../../src/diagnostics/registry.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { memoryHost } from "../../src/syntax/index.js";

const original = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");
const lines = original.split("\n");
const vocabulary = ["L0", "L9", "claude", "cluade", "ollama", "kind", "files", "free", "10%", "5", "32GiB", '"x"', "==", "->", "else", "vram", "low", "}", "{", "otherwise", "yes", "maybe"];

function analyze(text: string) {
  return analyzePolicy("p.route", memoryHost({ "p.route": text }));
}

/** Replaces the `word`-th whitespace-separated word of line `line` with `replacement` (or drops the line). */
function mutate(line: number, word: number, replacement: string | null): string {
  return lines
    .flatMap((text, i) => {
      if (i !== line) return [text];
      if (replacement === null) return [];
      const words = text.split(" ");
      words[word % Math.max(1, words.length)] = replacement;
      return [words.join(" ")];
    })
    .join("\n");
}

describe("check robustness", () => {
  it("never throws and reports registered codes inside the source when a policy is mutated", () => {
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.nat(12), fc.option(fc.constantFrom(...vocabulary), { nil: null }), (line, word, replacement) => {
        const text = mutate(line, word, replacement);
        const result = analyze(text);
        for (const d of result.diagnostics) {
          expect(lookupCode(d.code), d.code).toBeDefined();
          if (d.span !== null) {
            expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
            expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
            expect(d.span.start.offset).toBeLessThanOrEqual(d.span.end.offset);
          }
        }
        expect(result.checked === null).toBe(hasErrors(result.diagnostics));
      }),
      { numRuns: 150 },
    );
  });

  it("reports one error with the original name suggested when one model reference is misspelled", () => {
    const references = [...original.matchAll(/(?<=(->|,|draft) )"([^"]+)"/g)].map((m) => ({ offset: (m.index ?? 0) + 1, name: m[2] ?? "" }));
    expect(references.length).toBeGreaterThanOrEqual(5);
    fc.assert(
      fc.property(fc.constantFrom(...references), fc.nat(), fc.constantFrom("x", "_", "q"), (ref, at, extra) => {
        const cut = ref.offset + (at % (ref.name.length + 1));
        const result = analyze(original.slice(0, cut) + extra + original.slice(cut));
        expect(result.diagnostics.map((d) => [d.code, d.help])).toEqual([["R0203", `did you mean \`${ref.name}\``]]);
      }),
      { numRuns: 60 },
    );
  });
});
