import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/runtime/index.js";
import type { Table } from "../../src/runtime/types.js";
import { defaultTable, input, withTable } from "./tables.js";

describe("evaluate on tables that fail at decision time", () => {
  it("answers remote `unavailable` with R0509 when the on-error rule reaches no remote", () => {
    // A table that validates, whose route can skip every candidate without a fallback, and whose `on error`
    // names only local candidates: nothing remote is left to fail closed to.
    const table = withTable({
      routes: Object.fromEntries(Object.entries(defaultTable.routes).map(([cls, rule]) => [cls, { ...rule, target: { kind: "local", candidates: ["phi3:latest"], fallback: null } }])),
      on_error: { id: "on_error", target: { kind: "local", candidates: ["phi3:latest"], fallback: null } },
    });
    const decision = evaluate(table, input({ context_tokens: 5000 }));
    expect(decision).toMatchObject({ target: "remote", remote: "unavailable", model: "unavailable", error: { code: "R0509" } });
  });

  it("answers the on-error remote with R0511 when reading the table faults mid-decision", () => {
    let reads = 0;
    const hostile = { ...defaultTable } as Record<string, unknown>;
    Object.defineProperty(hostile, "escalate", {
      enumerable: true,
      get: () => {
        reads += 1;
        if (reads > 1) throw new Error("storage went away");
        return defaultTable.escalate;
      },
    });
    const decision = evaluate(hostile as unknown as Table, input());
    expect(decision).toMatchObject({ target: "remote", remote: "claude", error: { code: "R0511" } });
    expect(decision.error?.message).toContain("storage went away");
  });
});
