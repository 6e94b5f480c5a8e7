import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { compileAnalysis, compilePolicy } from "../../src/pipeline/compile.js";
import { memoryHost } from "../../src/syntax/index.js";

const gap = readFileSync("test/fixtures/verify/err/gap.route", "utf8");

describe("verification in the pipeline", () => {
  it("adds the verifier's diagnostics when a checked policy has a classification gap", () => {
    const compiled = compileAnalysis(analyzePolicy("gap.route", memoryHost({ "gap.route": gap })));
    expect(compiled.diagnostics.map((d) => d.code)).toContain("R0301");
  });

  it("reports only the check errors when the policy does not check", () => {
    const broken = analyzePolicy("b.route", memoryHost({ "b.route": gap.replace("route L1", "route L7") }));
    expect(compileAnalysis(broken).diagnostics).toEqual(broken.diagnostics);
  });

  it("writes no table when verification refutes a property", () => {
    const compiled = compilePolicy("gap.route", memoryHost({ "gap.route": gap }));
    expect(compiled.table).toBeNull();
    expect(compiled.diagnostics.map((d) => d.code)).toContain("R0301");
  });

  it("stamps the verification summary on the table when the shipped policy verifies", () => {
    const text = readFileSync("policies/default.route", "utf8");
    const compiled = compilePolicy("default.route", memoryHost({ "default.route": text }));
    expect(compiled.table?.verification.cells).toBeGreaterThan(0);
    expect(compiled.table?.verification.checks.every((c) => c.status === "proved")).toBe(true);
  });
});
