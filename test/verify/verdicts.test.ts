import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertHolds, referenceEvaluate } from "../../src/reference/index.js";
import { evaluate } from "../../src/runtime/index.js";
import { buildSpace, comparable, verifyPolicy } from "../../src/verify/index.js";
import { inputArbitrary } from "../arbitraries/inputs.js";
import { policySource } from "../arbitraries/policies.js";
import { checkedFrom, tableFrom } from "./helpers.js";

const status = (result: ReturnType<typeof verifyPolicy>, name: string) => result.summary.checks.find((c) => c.name === name)?.status;

describe("verifyPolicy verdicts", () => {
  it("agree with brute-force sampling through the reference interpreter when policies are random", () => {
    fc.assert(
      fc.property(policySource, fc.integer({ min: 1, max: 1_000_000 }), (text, seed) => {
        const policy = checkedFrom(text);
        const table = tableFrom(policy, text);
        const result = verifyPolicy(policy, table, { randomInputs: 20, seed });
        expect(result.diagnostics.filter((d) => d.code === "R0308")).toEqual([]);
        for (const ce of result.counterexamples) {
          const decision = referenceEvaluate(policy, ce.input);
          expect(comparable(decision)).toEqual(comparable(ce.decision));
          expect(comparable(evaluate(table, ce.input))).toEqual(comparable(decision));
          const rule = policy.asserts.find((a) => `assert:${a.value.name}` === ce.check);
          if (rule) expect(assertHolds(policy, rule.value.cond, ce.input, decision)).toBe(false);
        }
        const samples = fc.sample(inputArbitrary(policy), { numRuns: 150, seed });
        for (const input of samples) {
          const decision = referenceEvaluate(policy, input);
          if (status(result, "totality") === "proved") expect(decision.class).not.toBeNull();
          if (status(result, "denied-path-local") === "proved") expect(decision.reasons.map((r) => r.code)).not.toContain("guard");
          const codes = decision.reasons.map((r) => r.code);
          const unservable = decision.class !== null && codes.includes("on-error") && !codes.includes("guard");
          if (status(result, "capability") === "proved") expect(unservable).toBe(false);
          for (const rule of policy.asserts) {
            if (status(result, `assert:${rule.value.name}`) === "proved") expect(assertHolds(policy, rule.value.cond, input, decision)).toBe(true);
          }
        }
      }),
      { numRuns: 30, seed: 42 },
    );
  });

  it("never sees a remote decision go local under more pressure when monotonicity is proved for random policies", () => {
    let pressured = 0;
    fc.assert(
      fc.property(policySource, fc.integer({ min: 1, max: 1_000_000 }), (text, seed) => {
        const policy = checkedFrom(text);
        const result = verifyPolicy(policy, null, { randomInputs: 0 });
        if (status(result, "vram-monotonic") !== "proved") return;
        for (const input of fc.sample(inputArbitrary(policy), { numRuns: 150, seed })) {
          const gpus = input.vram?.gpus ?? [];
          if (input.vram === null || input.vram === undefined || gpus.length === 0) continue;
          // A GPU with no free memory: less free in percent, the same free total and largest free block.
          const more = { ...input, vram: { ...input.vram, gpus: [...gpus, { index: gpus.length + 7, total_mib: 65536, free_mib: 0 }] } };
          const before = referenceEvaluate(policy, input);
          const after = referenceEvaluate(policy, more);
          if (before.target !== "remote" || before.vram_level === after.vram_level) continue;
          pressured += 1;
          expect(after.target, JSON.stringify({ text, input, more })).toBe("remote");
        }
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(pressured).toBeGreaterThan(0);
  });

  it("decide every leaf as the reference interpreter decides its witness when policies are random", () => {
    fc.assert(
      fc.property(policySource, (text) => {
        const policy = checkedFrom(text);
        const space = buildSpace(policy);
        for (const leaf of space.leaves) {
          const input = space.witnessOf(leaf.region);
          const outcome = leaf.state.outcome;
          if (!input || !outcome) continue;
          const decision = referenceEvaluate(policy, input);
          expect([decision.target, decision.model, decision.remote, decision.class]).toEqual([outcome.target, outcome.model, outcome.remote, leaf.state.cls]);
        }
        for (const leaf of space.levelLeaves) {
          const input = space.witnessOf(leaf.region);
          if (input) expect(referenceEvaluate(policy, input).vram_level).toBe(leaf.state.level);
        }
      }),
      { numRuns: 15, seed: 5 },
    );
  });
});
