import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyCodes } from "../../src/diagnostics/codes/verify.js";
import { assertHolds, referenceEvaluate } from "../../src/reference/index.js";
import { evaluate } from "../../src/runtime/index.js";
import { comparable, verifyPolicy } from "../../src/verify/index.js";
import { checkedFrom, tableFrom } from "./helpers.js";

const dir = "test/fixtures/verify/err";
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith(".route"))
  .map((f) => f.slice(0, -".route".length))
  .sort();

function load(name: string) {
  const text = readFileSync(join(dir, `${name}.route`), "utf8");
  const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as { code: string; snippet: string };
  const policy = checkedFrom(text, `${name}.route`);
  const table = tableFrom(policy, text, `${name}.route`);
  return { text, expected, policy, table, result: verifyPolicy(policy, table, { randomInputs: 50 }) };
}

describe("verify err fixtures", () => {
  for (const name of fixtures) {
    it(`reports the expected code under the expected text when verifying ${name}`, () => {
      const { text, expected, result } = load(name);
      const snippets = result.diagnostics.filter((d) => d.code === expected.code).map((d) => (d.span ? text.slice(d.span.start.offset, d.span.end.offset) : null));
      expect(snippets).toContain(expected.snippet);
    });

    it(`gives counterexamples that reproduce through the reference and the runtime when verifying ${name}`, () => {
      const { policy, table, result } = load(name);
      for (const ce of result.counterexamples) {
        const reference = referenceEvaluate(policy, ce.input);
        expect(comparable(reference)).toEqual(comparable(ce.decision));
        expect(comparable(evaluate(table, ce.input))).toEqual(comparable(reference));
      }
    });
  }

  it("has an err fixture for every verify code that a policy can trigger", () => {
    const covered = new Set(fixtures.map((name) => (JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as { code: string }).code));
    // R0305 is rejected first by the checker (R0224), R0308 needs a table that disagrees with its policy, and
    // R0309 a policy of more than 250,000 cells (minutes of work): they are tested on hand-built values, a tampered
    // table and a small budget below and in translation.test.ts.
    const policyCodes = verifyCodes.map((c) => c.code).filter((c) => !["R0305", "R0308", "R0309"].includes(c));
    expect(policyCodes.filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe("verifyPolicy counterexamples", () => {
  it("refutes an assert with an input that violates it when the assert is false", () => {
    const { policy, result } = load("assert-refuted");
    const ce = result.counterexamples.find((c) => c.code === "R0307");
    const rule = policy.asserts[0];
    expect(ce && rule).toBeTruthy();
    if (!ce || !rule) return;
    expect(assertHolds(policy, rule.value.cond, ce.input, referenceEvaluate(policy, ce.input))).toBe(false);
    expect(ce.input.context_tokens).toBeGreaterThan(16 * 1024);
  });

  it("shows an unclassified input when classification has a gap", () => {
    const { policy, result } = load("gap");
    const ce = result.counterexamples.find((c) => c.code === "R0301");
    expect(ce).toBeDefined();
    if (!ce) return;
    expect(referenceEvaluate(policy, ce.input).class).toBeNull();
    expect(["docs", "edit"]).not.toContain(ce.input.task.kind);
  });

  it("names the covering rule when a classification rule is shadowed", () => {
    const { result } = load("shadowed");
    const d = result.diagnostics.find((x) => x.code === "R0302" && x.message.includes("classify#2"));
    expect(d?.message).toContain("`classify#1`");
    expect(d?.severity).toBe("warning");
  });

  it("shows an input whose every candidate is skipped when a route has no fallback", () => {
    const { policy, result } = load("missing-fallback");
    const ce = result.counterexamples.find((c) => c.code === "R0303");
    expect(ce).toBeDefined();
    if (!ce) return;
    const decision = referenceEvaluate(policy, ce.input);
    expect(decision.target).toBe("remote");
    expect(decision.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["skipped", "on-error"]));
  });

  it("shows a denied path that would go local when no trigger escalates denied paths", () => {
    const { policy, result } = load("denied-local");
    const ce = result.counterexamples.find((c) => c.code === "R0304");
    expect(ce).toBeDefined();
    if (!ce) return;
    const decision = referenceEvaluate(policy, ce.input);
    expect(decision.denied.length).toBeGreaterThan(0);
    expect(decision.reasons.map((r) => r.code)).toContain("guard");
  });

  it("shows a remote input and a local input under more pressure when a trigger escalates on low pressure", () => {
    const { policy, result } = load("vram-monotonic");
    const ce = result.counterexamples.find((c) => c.code === "R0306");
    expect(ce?.pressured).toBeTruthy();
    if (!ce?.pressured) return;
    expect(referenceEvaluate(policy, ce.input).target).toBe("remote");
    expect(referenceEvaluate(policy, ce.pressured.input).target).toBe("local");
    const { vram: _a, ...taskA } = ce.input;
    const { vram: _b, ...taskB } = ce.pressured.input;
    expect(taskB).toEqual(taskA);
  });

  it("gives up with an error and proves nothing when the cells exceed the budget", () => {
    const { text, policy } = load("shadowed");
    const result = verifyPolicy(policy, null, { maxCells: 5 });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["R0309"]);
    const span = result.diagnostics[0]?.span;
    expect(span ? text.slice(span.start.offset, span.end.offset) : null).toBe("kind in [edit, refactor] -> L1");
    expect(result.summary.checks.map((c) => c.status)).toEqual(["refuted"]);
  });

  it("rejects a local on error when a hand-built policy names candidates for it", () => {
    const { policy } = load("gap");
    const local = { ...policy, onError: { ...policy.onError, value: { target: { kind: "local" as const, candidates: ["phi3:latest"], fallback: { kind: "remote" as const, remote: "claude" } } } } };
    const result = verifyPolicy(local, null);
    const d = result.diagnostics.find((x) => x.code === "R0305");
    expect(d?.span).toEqual(policy.onError.span);
    expect(result.summary.checks.find((c) => c.name === "on-error-remote")?.status).toBe("refuted");
  });
});
