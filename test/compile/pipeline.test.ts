import { describe, expect, it } from "vitest";
import { diagnostic } from "../../src/diagnostics/registry.js";
import { compilePolicy, type Verifier } from "../../src/pipeline/compile.js";
import { memoryHost } from "../../src/syntax/index.js";
import { tableSha256 } from "../../src/compile/canonical.js";

const policy = [
  'policy "p" version 1',
  'remote claude { model "claude-sonnet-4-5" }',
  "class L0 {}",
  "classify { otherwise -> L0 }",
  "route L0 -> claude",
  "on error -> claude",
  "",
].join("\n");

describe("compilePolicy", () => {
  it("puts the verifier's summary in the hashed table when verification passes", () => {
    const summary = { cells: 7, checks: [{ name: "totality", status: "proved" as const, detail: null }] };
    let draftVerification: unknown = null;
    const verify: Verifier = (_checked, draft) => {
      draftVerification = draft.verification;
      return { summary, diagnostics: [] };
    };
    const result = compilePolicy("p.route", memoryHost({ "p.route": policy }), verify);
    expect(draftVerification).toEqual({ cells: 0, checks: [] });
    expect(result.table?.verification).toEqual(summary);
    expect(result.table && tableSha256(result.table)).toBe(result.table?.sha256);
  });

  it("returns no table when the verifier reports an error", () => {
    const verify: Verifier = () => ({
      summary: { cells: 1, checks: [{ name: "totality", status: "refuted", detail: null }] },
      diagnostics: [diagnostic("R0301", null, "some input is not classified")],
    });
    const result = compilePolicy("p.route", memoryHost({ "p.route": policy }), verify);
    expect(result.table).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["R0301"]);
  });

  it("returns no table and the loader's diagnostic when the root file is missing", () => {
    const result = compilePolicy("missing.route", memoryHost({}));
    expect(result.table).toBeNull();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["R0109"]);
  });

  it("verifies with the real verifier by default", () => {
    const result = compilePolicy("p.route", memoryHost({ "p.route": policy }));
    expect(result.table?.verification.checks.map((c) => c.name)).toContain("translation");
  });
});
