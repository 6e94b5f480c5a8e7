import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { GoldenFileSchema, goldenJsonSchema } from "../../src/golden/format.js";

describe("golden fixture format", () => {
  it("matches the committed JSON Schema when generated from the zod schema", async () => {
    await expect(`${JSON.stringify(goldenJsonSchema(), null, 2)}\n`, "schema/golden.schema.json is stale: run vitest with --update").toMatchFileSnapshot("../../schema/golden.schema.json");
  });

  it("accepts every shipped fixture file under both the zod schema and the JSON Schema", () => {
    const validate = new Ajv2020({ strict: false }).compile(goldenJsonSchema());
    for (const name of ["default", "strict", "low-vram", "offload"]) {
      const file: unknown = JSON.parse(readFileSync(new URL(`../../fixtures/golden/${name}.golden.json`, import.meta.url), "utf8"));
      expect(GoldenFileSchema.safeParse(file).success, name).toBe(true);
      expect(validate(file), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("rejects a case without an expected target under the JSON Schema", () => {
    const validate = new Ajv2020({ strict: false }).compile(goldenJsonSchema());
    expect(validate({ policy: "p.route", cases: [{ name: "n", input: {}, expect: { model: "m" } }] })).toBe(false);
  });
});
