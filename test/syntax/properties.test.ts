import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stripSpans } from "../../src/syntax/ast.js";
import type { Result } from "../../src/diagnostics/diagnostic.js";
import type { SourceFile } from "../../src/syntax/ast.js";
import { parseSource } from "../../src/syntax/index.js";
import { LineMap, lex } from "../../src/syntax/lex.js";
import { validSources, walkNodes } from "./helpers.js";

const sources = Object.entries(validSources());
const policies = sources.filter(([file]) => file.startsWith("policies/"));

/** Token boundaries of a valid file: `[start, end)` of each token. */
function tokenRanges(text: string): [number, number][] {
  return lex(new LineMap("x", text)).tokens.map((t) => [t.startOffset, t.startOffset + t.image.length]);
}

const vocabulary = [
  "{", "}", "(", ")", "[", "]", ",", ":", ".", "->", "=>", "==", "<", ">=", "not", "and", "or", "in",
  "route", "classify", "policy", "include", "model", "on", "error", "else", "except", "\"s\"", "\"", "32k", "4kb",
  "x", "#", "\n", "\\", "@", "\u0000", "\u{1F600}", "'", "label", "denied", "target", "is", "synthesize",
];

type Mutation = (text: string, ranges: [number, number][]) => string;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (text, ranges) => {
    const [s, e] = ranges[i % ranges.length]!;
    return text.slice(0, s) + text.slice(e);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...vocabulary)).map(([i, word]): Mutation => (text, ranges) => {
    const [s] = ranges[i % ranges.length]!;
    return `${text.slice(0, s)}${word} ${text.slice(s)}`;
  }),
  fc.nat().map((i): Mutation => (text, ranges) => {
    const k = i % Math.max(1, ranges.length - 1);
    const a = ranges[k]!;
    const b = ranges[k + 1] ?? a;
    return text.slice(0, a[0]) + text.slice(b[0], b[1]) + text.slice(a[1], b[0]) + text.slice(a[0], a[1]) + text.slice(b[1]);
  }),
  fc.nat().map((i): Mutation => (text) => text.slice(0, i % (text.length + 1))),
  fc.tuple(fc.nat(), fc.string({ unit: "binary", maxLength: 12 })).map(([i, junk]): Mutation => (text) => {
    const at = i % (text.length + 1);
    return text.slice(0, at) + junk + text.slice(at);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 150, max: 3000 }), fc.constantFrom("(", "not ", "[", "{", "a and ")).map(
    ([i, depth, opener]): Mutation =>
      (text, ranges) => {
        const [s] = ranges[i % ranges.length]!;
        return text.slice(0, s) + opener.repeat(depth) + text.slice(s);
      },
  ),
);

function expectWellFormed(result: Result<SourceFile>, text: string, file: string): void {
  if (result.ok) {
    expect(result.diagnostics).toEqual([]);
    return;
  }
  expect(result.diagnostics.length).toBeGreaterThan(0);
  for (const d of result.diagnostics) {
    expect(d.severity).toBe("error");
    if (d.span === null) continue;
    expect(d.span.file).toBe(file);
    expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.start.offset).toBeLessThanOrEqual(d.span.end.offset);
    expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
    expect(d.message).not.toMatch(/\.$/);
  }
}

describe("parseSource properties", () => {
  it("never throws and keeps every diagnostic span inside the file when shipped policies are mutated", () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(mutation, { minLength: 1, maxLength: 4 }), ([file, original], mutations) => {
        let text = original;
        for (const mutate of mutations) {
          const ranges = tokenRanges(text);
          text = ranges.length === 0 ? `${text}}` : mutate(text, ranges);
        }
        const started = performance.now();
        const result = parseSource(text, file);
        expect(performance.now() - started).toBeLessThan(2000);
        expectWellFormed(result, text, file);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws when the input is random text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        expectWellFormed(parseSource(text, "r.route"), text, "r.route");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses nesting past the limit with one located error when conditions or targets nest deeply", () => {
    const cases = [
      `assert "x": ${"(".repeat(5000)}true${")".repeat(5000)}`,
      `assert "x": ${"not ".repeat(5000)}true`,
      `assert "x": ${Array.from({ length: 5000 }, () => "a").join(" and ")}`,
      `assert "x": ${Array.from({ length: 5000 }, () => "a").join(" => ")}`,
      `route L -> ${Array.from({ length: 5000 }, () => '"m"').join(" else ")}`,
    ];
    for (const text of cases) {
      const result = parseSource(text, "deep.route");
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.code)).toEqual(["R0107"]);
    }
    expect(parseSource(`assert "x": ${"(".repeat(200)}true${")".repeat(200)}`, "ok.route").ok).toBe(true);
  });

  it("gives the same AST when whitespace changes and comments are added", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.infiniteStream(fc.constantFrom(" ", "\n", "\t", "  \r\n  ", " # note\n", "\n# a \"comment\" { -> }\n")),
        ([file, text], separators) => {
          const original = parseSource(text, file);
          if (!original.ok) throw new Error(`${file} does not parse`);
          const rewritten = tokenRanges(text)
            .map(([s, e]) => text.slice(s, e) + separators.next().value)
            .join("");
          const result = parseSource(rewritten, file);
          if (!result.ok) throw new Error(`rewritten ${file} does not parse: ${result.diagnostics[0]?.message}`);
          const meaning = (f: SourceFile) => stripSpans({ header: f.header, items: f.items });
          expect(meaning(result.value)).toEqual(meaning(original.value));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("puts every node span inside the file when a valid file is reformatted", () => {
    for (const [file, text] of sources) {
      const result = parseSource(text, file);
      if (!result.ok) throw new Error(file);
      walkNodes(result.value, (node) => {
        const span = node.span as { start: { offset: number }; end: { offset: number } };
        expect(span.end.offset).toBeLessThanOrEqual(text.length);
      });
    }
  });
});
