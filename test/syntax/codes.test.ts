import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syntaxCodes } from "../../src/diagnostics/codes/syntax.js";
import { loadProgram, memoryHost } from "../../src/syntax/index.js";
import { fixtureDir, readTree } from "./helpers.js";

interface Expected {
  readonly code: string;
  readonly snippet: string;
  readonly message?: string;
}

const errDir = `${fixtureDir}/err`;
const files = readTree(errDir);
const roots = Object.keys(files).filter((path) => path.endsWith(".route") && !path.includes("/"));

function expectedOf(root: string): Expected {
  return JSON.parse(readFileSync(`${errDir}/${root.replace(/\.route$/, ".expected.json")}`, "utf8")) as Expected;
}

describe("syntax error fixtures", () => {
  it.each(roots)("reports exactly the expected error when loading %s", (root) => {
    const expected = expectedOf(root);
    const result = loadProgram(root, memoryHost(files));
    expect(result.ok).toBe(false);
    const seen = result.diagnostics.map((d) => ({
      code: d.code,
      snippet: d.span === null ? null : files[d.span.file]!.slice(d.span.start.offset, d.span.end.offset),
      ...(expected.message === undefined ? {} : { message: d.message }),
    }));
    expect(seen).toEqual([expected]);
  });

  it("covers every registered syntax code with a fixture, or a test listed in codes-tested-elsewhere.json, when the fixtures are read", () => {
    // R0114 needs a chain of 100 files: test/syntax/loader.test.ts builds it in memory instead.
    const elsewhere = JSON.parse(readFileSync(`${fixtureDir}/codes-tested-elsewhere.json`, "utf8")) as Record<string, string>;
    const covered = new Set([...roots.map((root) => expectedOf(root).code), ...Object.keys(elsewhere)]);
    expect(syntaxCodes.map((c) => c.code).filter((code) => !covered.has(code))).toEqual([]);
  });
});

describe("syntax code registry", () => {
  it("keeps codes in R0101–R0199 with unique codes and slugs when registered", () => {
    for (const info of syntaxCodes) expect(info.code).toMatch(/^R01(0[1-9]|[1-9]\d)$/);
    expect(new Set(syntaxCodes.map((c) => c.code)).size).toBe(syntaxCodes.length);
    expect(new Set(syntaxCodes.map((c) => c.slug)).size).toBe(syntaxCodes.length);
  });

  it.each(syntaxCodes.map((c) => [c.code, c] as const))("documents %s with a lowercase summary and an example", (_, info) => {
    expect(info.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(info.summary).toMatch(/^[a-z`]/);
    expect(info.summary).not.toMatch(/\.$/);
    expect(info.explanation.length).toBeGreaterThan(150);
    expect(info.explanation).toMatch(/Fix/);
    expect(info.explanation).toContain("`");
  });
});
