import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fsHost } from "../../src/cli/fs-host.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { validateInput } from "../../src/runtime/index.js";
import type { Input, Table } from "../../src/runtime/types.js";
import { arbitraryInput, forAllInputs } from "../../src/testing/index.js";
import { fileURLToPath } from "node:url";

let table: Table;

beforeAll(() => {
  const compiled = compilePolicy(fileURLToPath(new URL("../../policies/default.route", import.meta.url)), fsHost());
  if (compiled.table === null) throw new Error("default.route does not compile");
  table = compiled.table;
});

describe("routec/testing", () => {
  it("generates only valid routing inputs", () => {
    fc.assert(fc.property(arbitraryInput(table), (input) => validateInput(input).ok), { numRuns: 1000 });
  });

  it("hits the policy's thresholds, names, denied paths and unknown telemetry when sampled", () => {
    const samples: Input[] = fc.sample(arbitraryInput(table), { numRuns: 2000, seed: 3 });
    const tool = new Set(samples.map((s) => s.tool_failures));
    expect([1, 2, 3].every((v) => tool.has(v))).toBe(true);
    expect(samples.some((s) => s.context_tokens === 65537)).toBe(true);
    expect(samples.some((s) => s.task.kind === "auth")).toBe(true);
    expect(samples.some((s) => s.task.labels.includes("security"))).toBe(true);
    expect(samples.some((s) => s.vram === null)).toBe(true);
    expect(samples.some((s) => s.vram !== null && s.vram.gpus.some((g) => g.free_mib === 5530))).toBe(true);
    let denied = 0;
    forAllInputs(table, (_input, decision) => {
      if (decision.denied.length > 0) denied += 1;
    }, { numRuns: 500, seed: 3 });
    expect(denied).toBeGreaterThan(50);
  });

  it("throws with a counterexample when the predicate fails for some input", () => {
    expect(() => forAllInputs(table, (_input, decision) => decision.target === "local", { numRuns: 200, seed: 1 })).toThrow(/Property failed/);
  });

  it("keeps telemetry known when unknown VRAM is turned off", () => {
    const samples = fc.sample(arbitraryInput(table, { unknownVram: false }), { numRuns: 300, seed: 2 });
    expect(samples.every((s) => s.vram !== null && s.vram.gpus.length > 0)).toBe(true);
  });
});
