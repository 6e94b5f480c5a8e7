/**
 * zod schemas of the wire formats (`routec.input/1`, `routec.decision/1`, `routec.table/1`), strict (unknown keys
 * are rejected) and tested to agree with the types in src/runtime/types.ts. The JSON Schemas in `schema/` are
 * generated from them (`jsonSchemas`).
 */
import { z } from "zod";
import type { Cond, TargetRule } from "../runtime/types.js";

const nonNegInt = z.number().int().nonnegative();
const nonNeg = z.number().nonnegative();
const name = z.string().min(1);

// ---------------------------------------------------------------------------------------------------------
// Input

const pathString = z.string().min(1).regex(/^[^\u0000]*$/, "a path cannot contain a NUL byte");

export const FileRefSchema = z.union([pathString, z.strictObject({ path: pathString, real: pathString.exactOptional() })]);

export const GpuSnapshotSchema = z.strictObject({ index: nonNegInt, total_mib: nonNeg, free_mib: nonNeg });

export const VramSnapshotSchema = z.strictObject({ gpus: z.array(GpuSnapshotSchema), low_vram_mode: z.boolean().exactOptional() });

/** `routec.input/1`. */
export const InputSchema = z
  .strictObject({
    schema: z.literal("routec.input/1").exactOptional(),
    task: z.strictObject({
      id: z.string().exactOptional(),
      kind: z.string(),
      labels: z.array(z.string()),
      class: z.string().exactOptional(),
    }),
    files: z.array(FileRefSchema),
    cwd: z.string().exactOptional(),
    home: z.string().exactOptional(),
    platform: z.enum(["linux", "darwin", "win32"]).exactOptional(),
    context_tokens: nonNegInt,
    tool_failures: nonNegInt,
    schema_mismatch: z.boolean(),
    runtime_errors: nonNegInt.exactOptional(),
    vram: VramSnapshotSchema.nullable(),
  })
  .meta({ title: "routec.input/1", description: "What a router knows about a task when it must decide" });

// ---------------------------------------------------------------------------------------------------------
// Decision

export const SourceLocationSchema = z.strictObject({ file: z.string(), line: z.number().int().positive(), column: z.number().int().positive() });

export const ReasonSchema = z.strictObject({
  code: z.enum(["input-error", "denied", "classified", "escalated", "routed", "skipped", "fallback", "synthesis", "on-error", "guard"]),
  message: z.string(),
  rule: z.string().nullable(),
  source: SourceLocationSchema.nullable(),
});

export const DeniedFileSchema = z.strictObject({ set: z.string(), pattern: z.string(), file: nonNegInt, path: z.string() });

/** `routec.decision/1`. */
export const DecisionSchema = z
  .strictObject({
    schema: z.literal("routec.decision/1"),
    target: z.enum(["local", "remote"]),
    mode: z.enum(["direct", "synthesis"]),
    runtime: z.string().nullable(),
    model: z.string(),
    remote: z.string().nullable(),
    review: z.strictObject({ remote: z.string(), model: z.string() }).nullable(),
    class: z.string().nullable(),
    vram_level: z.string().nullable(),
    reasons: z.array(ReasonSchema),
    denied: z.array(DeniedFileSchema),
    error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
    policy: z.strictObject({ name: z.string(), version: nonNegInt.nullable(), sha256: z.string() }),
  })
  .meta({ title: "routec.decision/1", description: "Where a task runs and why" });

// ---------------------------------------------------------------------------------------------------------
// Table

const numericFeature = z.enum(["context", "files", "tool_failures", "runtime_errors", "free_pct", "free_mib", "largest_free_mib", "fragmentation_pct", "total_mib"]);

export const CondSchema: z.ZodType<Cond> = z.lazy(() =>
  z.union([
    z.strictObject({ op: z.literal("true") }),
    z.strictObject({ op: z.literal("false") }),
    z.strictObject({ op: z.literal("and"), args: z.array(CondSchema) }),
    z.strictObject({ op: z.literal("or"), args: z.array(CondSchema) }),
    z.strictObject({ op: z.literal("not"), arg: CondSchema }),
    z.strictObject({ op: z.literal("cmp"), feature: numericFeature, cmp: z.enum(["<", "<=", ">", ">=", "==", "!="]), value: z.number() }),
    z.strictObject({ op: z.literal("in"), feature: z.enum(["kind", "hint", "class"]), values: z.array(z.string()) }),
    z.strictObject({ op: z.literal("label"), values: z.array(z.string()) }),
    z.strictObject({ op: z.literal("files"), quantifier: z.enum(["any", "all"]), set: z.string() }),
    z.strictObject({ op: z.literal("denied"), set: z.string().nullable() }),
    z.strictObject({ op: z.literal("vram"), level: z.string() }),
    z.strictObject({ op: z.literal("flag"), feature: z.enum(["schema_mismatch", "low_vram_mode"]) }),
  ]),
).meta({ id: "Cond" });

export const TargetRuleSchema: z.ZodType<TargetRule> = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.literal("remote"), remote: name }),
    z.strictObject({ kind: z.literal("local"), candidates: z.array(name), fallback: TargetRuleSchema.nullable() }),
    z.strictObject({ kind: z.literal("synthesis"), draft: z.array(name), review: name, fallback: TargetRuleSchema.nullable() }),
  ]),
).meta({ id: "TargetRule" });

const ids = z.array(nonNegInt);
const lookup = z.record(z.string(), ids);

export const GlobIndexSchema = z
  .strictObject({
    exact: lookup,
    prefix: lookup,
    basename: lookup,
    suffix: lookup,
    basename_prefix: lookup,
    segment: lookup,
    regex: z.array(z.strictObject({ source: z.string(), ids })),
  })
  .meta({ id: "GlobIndex" });

export const GlobMatchersSchema = z.strictObject({ include: GlobIndexSchema, except: GlobIndexSchema });

export const GlobSetSchema = z.strictObject({
  name: name,
  kind: z.enum(["deny", "match"]),
  description: z.string().nullable(),
  patterns: z.array(z.strictObject({ source: z.string(), origin: z.string(), rule: z.string(), excepts: ids })),
  excepts: z.array(z.string()),
  folded: GlobMatchersSchema.nullable(),
  exact: GlobMatchersSchema.nullable(),
});

const condRule = z.strictObject({ id: z.string(), when: CondSchema, then: z.string() });
const routeRule = z.strictObject({ id: z.string(), target: TargetRuleSchema });

/** `routec.table/1`. */
export const TableSchema = z
  .strictObject({
    schema: z.literal("routec.table/1"),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe("sha256 (hex) of the canonical JSON of this table without `sha256`: keys sorted by UTF-16 code units, no whitespace, numbers in shortest round-trip form"),
    policy: z.strictObject({
      name: z.string(),
      version: nonNegInt.nullable(),
      source_sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .describe("sha256 (hex) of the policy files in include order, each as its path relative to the root file's directory, a NUL, and its text with CRLF read as LF"),
    }),
    options: z.strictObject({ case: z.enum(["insensitive", "sensitive", "platform"]), unicode: z.literal("NFC"), redact_denied: z.boolean() }),
    runtimes: z.record(z.string(), z.strictObject({ endpoint: z.string().nullable(), enabled: z.boolean() })),
    models: z.record(z.string(), z.strictObject({ runtime: z.string(), context: nonNegInt, tools: z.boolean(), vram_mib: nonNeg, cost: nonNeg })),
    remotes: z.record(z.string(), z.strictObject({ model: z.string() })),
    classes: z.record(
      z.string(),
      z.strictObject({ description: z.string().nullable(), max_context: nonNegInt.nullable(), tools_required: z.boolean(), local_allowed: z.boolean() }),
    ),
    globsets: z.record(z.string(), GlobSetSchema),
    vram: z.strictObject({
      levels: z.array(z.strictObject({ id: z.string(), name: z.string(), when: CondSchema })),
      unknown: z.string(),
      low_vram_mode: z.string().nullable(),
    }),
    classify: z.array(condRule),
    escalate: z.array(z.strictObject({ id: z.string(), when: CondSchema, target: TargetRuleSchema, reason: z.string() })),
    routes: z.record(z.string(), routeRule),
    on_error: routeRule,
    source_map: z.record(z.string(), SourceLocationSchema),
    verification: z.strictObject({
      cells: nonNegInt,
      checks: z.array(z.strictObject({ name: z.string(), status: z.enum(["proved", "refuted", "warning"]), detail: z.string().nullable() })),
    }),
  })
  .meta({ title: "routec.table/1", description: "A compiled, verified routec policy" });

/** The wire formats by the name `routec schema <name>` takes. */
export const wireSchemas = { input: InputSchema, decision: DecisionSchema, table: TableSchema } as const;

export type WireFormat = keyof typeof wireSchemas;

const BASE_ID = "https://routec.dev/schema";

/** The JSON Schema (draft 2020-12) of a wire format, with its `$id`, as committed in `schema/<name>.schema.json`. */
export function jsonSchemaOf(format: WireFormat): Record<string, unknown> {
  const generated = z.toJSONSchema(wireSchemas[format], { target: "draft-2020-12", unrepresentable: "throw" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `${BASE_ID}/${format}.schema.json`, ...rest };
}
