/**
 * Property tests of policies/default.route with `routec/testing`: invariants the operator cares about,
 * checked on thousands of inputs biased to the policy's thresholds, globs and VRAM levels.
 *
 * In your own repository, import from the package instead:
 *   import { arbitraryInput, forAllInputs } from "routec/testing";
 *   import { evaluate } from "routec/runtime";
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compilePolicy, evaluate, memoryHost } from "../../src/index.js";
import type { Table } from "../../src/index.js";
import { arbitraryInput, forAllInputs } from "../../src/testing/index.js";

let table: Table;

beforeAll(() => {
  const source = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");
  const compiled = compilePolicy("default.route", memoryHost({ "default.route": source }));
  if (compiled.table === null) throw new Error("policies/default.route does not compile");
  table = compiled.table;
});

describe("policies/default.route", () => {
  it("routes any input with a denied file remote", () => {
    forAllInputs(table, (_input, decision) => decision.denied.length === 0 || decision.target === "remote", { numRuns: 2000 });
  });

  it("never makes a decision local when tool failures increase", () => {
    fc.assert(
      fc.property(arbitraryInput(table), fc.integer({ min: 1, max: 5 }), (input, more) => {
        const before = evaluate(table, input);
        const after = evaluate(table, { ...input, tool_failures: input.tool_failures + more });
        return before.target === "local" || after.target === "remote";
      }),
      { numRuns: 1000 },
    );
  });

  it("generates inputs the runtime accepts as valid", () => {
    forAllInputs(table, (_input, decision) => {
      expect(decision.error).toBeNull();
    }, { numRuns: 500 });
  });
});
