/**
 * Block properties (docs/decisions.md D1): the grammar accepts any `key value`; each block declares here which
 * keys it takes and how their values are read.
 */
import type { Property, Value } from "../syntax/ast.js";
import type { CheckContext } from "./context.js";
import { didYouMean, report } from "./context.js";
import { closest } from "./suggest.js";

/** Reads one property value; reports and returns undefined when it is invalid. */
export type Reader<T> = (ctx: CheckContext, value: Value, what: string) => T | undefined;

export type Schema = Readonly<Record<string, Reader<unknown>>>;

/** The values read, by key; a key is absent when it was not written or its value was invalid. */
export type Read<S extends Schema> = { -readonly [K in keyof S]?: Exclude<ReturnType<S[K]>, undefined> };

/** Whether a block has a key its schema does not know (then a "missing" key is probably that misspelling). */
export function hasUnknownKey(properties: readonly Property[], schema: Schema): boolean {
  return properties.some((p) => !Object.hasOwn(schema, p.key.name));
}

/**
 * Reads a block's properties against `schema`, reporting unknown keys (with the closest known key) and keys set
 * twice (pointing at the first).
 */
export function readProperties<S extends Schema>(ctx: CheckContext, block: string, properties: readonly Property[], schema: S): Read<S> {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, Property>();
  for (const property of properties) {
    const key = property.key.name;
    const reader = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (reader === undefined) {
      const near = closest(key, Object.keys(schema));
      report(ctx, "R0209", property.key.span, `unknown property \`${key}\` in \`${block}\``, {
        ...didYouMean(near, property.key.span),
        notes: [`\`${block}\` accepts ${Object.keys(schema).map((k) => `\`${k}\``).join(", ")}`],
      });
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      report(ctx, "R0210", property.key.span, `\`${key}\` is set twice in \`${block}\``, {
        related: [{ span: first.span, message: `\`${key}\` is first set here` }],
      });
      continue;
    }
    seen.set(key, property);
    const value = reader(ctx, property.value, `\`${key}\``);
    if (value !== undefined) out[key] = value;
  }
  // INVARIANT: `out` only has keys of `schema`, each holding its reader's non-undefined result.
  return out as Read<S>;
}
