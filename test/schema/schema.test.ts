import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { DecisionSchema, InputSchema, TableSchema, jsonSchemaOf, wireSchemas, type WireFormat } from "../../src/schema/index.js";
import type { Decision, Input, Table } from "../../src/runtime/types.js";
import { prettyJson } from "../../src/compile/canonical.js";
import { finalizeTable } from "../../src/compile/canonical.js";
import { minimalBody } from "../compile/fixtures.js";

/** Readonly-ness is a TypeScript-only promise the schemas cannot make; compare shapes without it. */
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

describe("wire schemas", () => {
  it("infer exactly the runtime's types when readonly is ignored", () => {
    expectTypeOf<DeepMutable<z.infer<typeof InputSchema>>>().toEqualTypeOf<DeepMutable<Input>>();
    expectTypeOf<DeepMutable<z.infer<typeof DecisionSchema>>>().toEqualTypeOf<DeepMutable<Decision>>();
    expectTypeOf<DeepMutable<z.infer<typeof TableSchema>>>().toEqualTypeOf<DeepMutable<Table>>();
  });

  it("accepts a finalized table when it is built by the compiler", () => {
    const table = finalizeTable(minimalBody(), { cells: 1, checks: [{ name: "totality", status: "proved", detail: null }] });
    expect(TableSchema.safeParse(table).success).toBe(true);
  });

  it("rejects unknown keys when they are nested", () => {
    const table = finalizeTable(minimalBody(), { cells: 0, checks: [] });
    const bad = { ...table, options: { ...table.options, extra: 1 } };
    expect(TableSchema.safeParse(bad).success).toBe(false);
  });

  it("accepts a minimal input and rejects a negative count", () => {
    const input = { task: { kind: "edit", labels: [] }, files: ["a.ts", { path: "b.ts", real: "/r/b.ts" }], context_tokens: 10, tool_failures: 0, schema_mismatch: false, vram: null };
    expect(InputSchema.safeParse(input).success).toBe(true);
    expect(InputSchema.safeParse({ ...input, tool_failures: -1 }).success).toBe(false);
    expect(InputSchema.safeParse({ ...input, files: ["a\u0000b"] }).success).toBe(false);
    expect(InputSchema.safeParse({ ...input, cwd: undefined }).success).toBe(false);
  });
});

describe("committed JSON Schemas", () => {
  it.each(Object.keys(wireSchemas) as WireFormat[])("match schema/%s.schema.json (run npm run gen:schemas to update)", async (format) => {
    await expect(prettyJson(jsonSchemaOf(format))).toMatchFileSnapshot(`../../schema/${format}.schema.json`);
  });

  it("validate a compiled table with ajv when the table is well-formed and reject it when not", () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(jsonSchemaOf("table"));
    const table = finalizeTable(minimalBody(), { cells: 0, checks: [] });
    expect(validate(JSON.parse(JSON.stringify(table)))).toBe(true);
    expect(validate({ ...table, sha256: "x" })).toBe(false);
  });

  it.each(Object.keys(wireSchemas) as WireFormat[])("give %s an $id under routec.dev", (format) => {
    expect(jsonSchemaOf(format)["$id"]).toBe(`https://routec.dev/schema/${format}.schema.json`);
  });
});
