/**
 * The decision JSON Schema specialized to one compiled policy: the names a decision can carry (classes, models,
 * remotes, runtimes, VRAM levels, deny sets) become literal unions, so `routec compile --types` can emit a `.d.ts`
 * whose `Decision` type rejects a misspelled model name at compile time.
 */
import type { Table } from "../runtime/types.js";
import { jsonSchemaOf } from "./index.js";

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** `{ enum: [...] }` of the names, plus null when `nullable`; a plain string when there are no names. */
function names(values: readonly string[], nullable: boolean): Record<string, unknown> {
  if (values.length === 0) return nullable ? { type: "null" } : { type: "string" };
  return nullable ? { anyOf: [{ type: "string", enum: values }, { type: "null" }] } : { type: "string", enum: values };
}

function object(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The `routec.decision/1` JSON Schema with the policy's names as enums. */
export function decisionSchemaFor(table: Table): Record<string, unknown> {
  const base = jsonSchemaOf("decision");
  const properties = object(base["properties"]);
  const remotes = sorted(Object.keys(table.remotes));
  const remoteModels = sorted(Object.values(table.remotes).map((r) => r.model));
  const models = sorted([...Object.keys(table.models), ...remoteModels]);
  const levels = sorted([...table.vram.levels.map((l) => l.name), table.vram.unknown, table.vram.low_vram_mode ?? table.vram.unknown, "ok"]);
  const denySets = sorted(Object.values(table.globsets).filter((s) => s.kind === "deny").map((s) => s.name));
  const denied = object(properties["denied"]);
  const deniedItem = object(denied["items"]);
  const { $id: _id, ...rest } = base;
  return {
    ...rest,
    title: "Decision",
    description: `A routec.decision/1 of policy \`${table.policy.name}\` (table ${table.sha256.slice(0, 12)})`,
    properties: {
      ...properties,
      class: names(sorted(Object.keys(table.classes)), true),
      model: names(models, false),
      remote: names(remotes, true),
      runtime: names(sorted(Object.keys(table.runtimes)), true),
      vram_level: names(levels, true),
      review: {
        anyOf: [
          {
            type: "object",
            additionalProperties: false,
            properties: { remote: names(remotes, false), model: names(remoteModels, false) },
            required: ["remote", "model"],
          },
          { type: "null" },
        ],
      },
      denied: { ...denied, items: { ...deniedItem, properties: { ...object(deniedItem["properties"]), set: names(denySets, false) } } },
    },
  };
}
