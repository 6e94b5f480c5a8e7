/**
 * The golden fixture format (`routec.golden/1`): one file per policy, listing named routing inputs and the
 * parts of the decision each must produce. Only the fields written in `expect` are compared, so a case pins
 * exactly what its name says and survives unrelated policy edits.
 */
import { z } from "zod";

export const ExpectSchema = z
  .strictObject({
    target: z.enum(["local", "remote"]).describe("where the task runs"),
    model: z.string().optional().describe("the model that runs first: the local model, the draft model, or the remote's model"),
    class: z.string().nullable().optional().describe("the task class; null for an input error"),
    mode: z.enum(["direct", "synthesis"]).optional(),
    vram_level: z.string().nullable().optional().describe("the VRAM level the decision used"),
    reasons: z.array(z.string()).optional().describe("reason codes (`escalated`) or rule ids (`escalate#2`) that must appear among the decision's reasons"),
    denied: z.boolean().optional().describe("whether some file is denied"),
    error: z.string().nullable().optional().describe("the error code of an `on error` decision (`R0501`), or null for none"),
  })
  .describe("the parts of the decision the case pins; fields left out are not compared");

export const GoldenCaseSchema = z.strictObject({
  name: z.string().min(1).describe("what the case pins, unique in its file"),
  input: z.unknown().describe("a routing input (`routec.input/1`); invalid inputs pin the `on error` path"),
  expect: ExpectSchema,
});

export const GoldenFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    policy: z.string().min(1).describe("the policy (.route) or table (.json), relative to this file"),
    cases: z.array(GoldenCaseSchema),
  })
  .describe("routec golden fixtures: named routing inputs and the decisions they must get");

export type Expect = z.infer<typeof ExpectSchema>;
export type GoldenCase = z.infer<typeof GoldenCaseSchema>;
export type GoldenFile = z.infer<typeof GoldenFileSchema>;

/** The JSON Schema committed as `schema/golden.schema.json`. */
export function goldenJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(GoldenFileSchema, { target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: "https://routec.dev/schema/golden.schema.json", ...rest };
}
