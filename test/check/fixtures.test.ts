import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkCodes } from "../../src/diagnostics/codes/check.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { memoryHost } from "../../src/syntax/index.js";

interface Expected {
  readonly code: string;
  readonly snippet: string;
  readonly message?: string;
  readonly help?: string;
}

const errDir = new URL("../fixtures/check/err/", import.meta.url);
const files = Object.fromEntries(readdirSync(errDir).map((name) => [name, readFileSync(new URL(name, errDir), "utf8")]));
const roots = Object.keys(files).filter((name) => name.endsWith(".route")).sort();

function expectedOf(root: string): Expected {
  return JSON.parse(files[root.replace(/\.route$/, ".expected.json")] ?? "null") as Expected;
}

describe("check error fixtures", () => {
  it.each(roots)("reports exactly the expected diagnostic and underline when checking %s", (root) => {
    const expected = expectedOf(root);
    const result = analyzePolicy(root, memoryHost(files));
    const seen = result.diagnostics.map((d) => ({
      code: d.code,
      snippet: d.span === null ? null : result.sources[d.span.file]?.slice(d.span.start.offset, d.span.end.offset),
      ...(expected.message === undefined ? {} : { message: d.message }),
      ...(expected.help === undefined ? {} : { help: d.help }),
    }));
    // Exactly one diagnostic: one root cause gives one error, with no follow-on reports.
    expect(seen).toEqual([expected]);
  });

  it("covers every registered check code with a fixture when the fixtures are read", () => {
    const covered = new Set(roots.map((root) => expectedOf(root).code));
    expect(checkCodes.map((c) => c.code).filter((code) => !covered.has(code))).toEqual([]);
  });

  it("fails a policy when the fixture's code is an error and passes it when a warning", () => {
    for (const root of roots) {
      const severity = checkCodes.find((c) => c.code === expectedOf(root).code)?.severity;
      const result = analyzePolicy(root, memoryHost(files));
      expect(result.checked === null, root).toBe(severity === "error");
    }
  });
});

describe("check code registry", () => {
  it("keeps codes in R0201–R0299 with unique codes and slugs when registered", () => {
    for (const info of checkCodes) expect(info.code).toMatch(/^R02(0[1-9]|[1-9]\d)$/);
    expect(new Set(checkCodes.map((c) => c.code)).size).toBe(checkCodes.length);
    expect(new Set(checkCodes.map((c) => c.slug)).size).toBe(checkCodes.length);
  });

  it.each(checkCodes.map((c) => [c.code, c] as const))("documents %s with a lowercase summary and a route example", (_, info) => {
    expect(info.slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(info.summary).toMatch(/^[a-z`]/);
    expect(info.summary).not.toMatch(/\.$/);
    expect(info.explanation).toContain("```route\n");
  });
});
