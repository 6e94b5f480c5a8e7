import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referenceEvaluator, runtimeEvaluator } from "../../src/reference/index.js";
import { referenceEvaluate } from "../../src/reference/index.js";
import { buildSpace, comparable, disagreement, representatives, verifyPolicy } from "../../src/verify/index.js";
import { generatePolicy } from "../../bench/verify/generate.js";
import { inputArbitrary } from "../arbitraries/inputs.js";
import { checkedFrom, shipped, tableFrom } from "./helpers.js";

const policies = ["policies/default.route", "policies/offload.route", "policies/low-vram.route", "policies/strict.route"];

describe("translation validation", () => {
  it("keeps an input for every classification rule and every trigger outcome when paths exceed the limit", () => {
    const policy = checkedFrom(generatePolicy(40));
    const space = buildSpace(policy);
    const all = representatives(space);
    const few = representatives(space, 10);
    const fired = (inputs: typeof all, code: "classified" | "escalated") =>
      new Set(inputs.flatMap((input) => referenceEvaluate(policy, input).reasons.filter((r) => r.code === code).map((r) => r.rule)));
    const outcomes = (inputs: typeof all) => new Set(inputs.map((input) => JSON.stringify(comparable(referenceEvaluate(policy, input)), ["target", "model", "remote", "mode"])));
    expect(few.length).toBeLessThan(all.length);
    expect(fired(few, "classified")).toEqual(fired(all, "classified"));
    expect(fired(few, "escalated")).toEqual(fired(all, "escalated"));
    expect(outcomes(few)).toEqual(outcomes(all));
  });

  for (const path of policies) {
    it(`agrees with the reference interpreter on random inputs when the table is compiled from ${path}`, () => {
      const { policy, table } = shipped(path);
      const reference = referenceEvaluator(policy, { sha256: table.sha256 });
      const runtime = runtimeEvaluator(table);
      fc.assert(
        fc.property(inputArbitrary(policy), (input) => {
          expect(comparable(runtime.evaluate(input))).toEqual(comparable(reference.evaluate(input)));
        }),
        { numRuns: 300, seed: 7 },
      );
    });
  }

  it("reports a disagreement as an internal error when the table is tampered with", () => {
    const { policy, table } = shipped("policies/default.route");
    const first = table.classify[0];
    if (!first) throw new Error("the default policy has classification rules");
    const tampered = { ...table, classify: [{ ...first, then: "L0" }, ...table.classify.slice(1)] };
    const result = verifyPolicy(policy, tampered, { randomInputs: 50 });
    const d = result.diagnostics.find((x) => x.code === "R0308");
    expect(d?.severity).toBe("error");
    expect(d?.message).toContain("`class`");
    expect(result.summary.checks.find((c) => c.name === "translation")?.status).toBe("refuted");
  });

  it("proves the translation when the table is compiled from the policy", () => {
    const { policy, table } = shipped("policies/default.route");
    const result = verifyPolicy(policy, table, { randomInputs: 50 });
    expect(result.summary.checks.find((c) => c.name === "translation")?.status).toBe("proved");
  });

  // docs/semantics.md: the `low_vram_mode` condition is false when telemetry is unknown (`vram: null` or no GPUs).
  it("agrees on the low_vram_mode condition when the input reports no GPUs", () => {
    const text = readFileSync("policies/default.route", "utf8").replace("escalate {", 'escalate {\n  low_vram_mode -> claude "low-VRAM mode"');
    const policy = checkedFrom(text);
    const table = tableFrom(policy, text);
    const input = { task: { kind: "docs", labels: [] }, files: [], context_tokens: 10, tool_failures: 0, schema_mismatch: false, vram: { gpus: [], low_vram_mode: true } };
    expect(comparable(runtimeEvaluator(table).evaluate(input))).toEqual(comparable(referenceEvaluator(policy).evaluate(input)));
  });

  it("lists the differing fields when two decisions differ", () => {
    const { policy, table } = shipped("policies/default.route");
    const input = { task: { kind: "edit", labels: [] }, files: [], context_tokens: 10, tool_failures: 0, schema_mismatch: false, vram: null };
    const a = runtimeEvaluator(table).evaluate(input);
    expect(disagreement(a, { ...a, model: "other", class: "L9" })).toEqual(["model", "class"]);
    expect(disagreement(a, referenceEvaluator(policy).evaluate(input))).toEqual([]);
  });
});
