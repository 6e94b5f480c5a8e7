/**
 * Canonical JSON and table hashing. The canonical form is what `Table.sha256` covers: object keys sorted by
 * UTF-16 code units (as RFC 8785 does), no whitespace, numbers in JavaScript's shortest round-trip form (so
 * integers never carry a fraction). The table file on disk is the pretty form of the same value; its sha256 is
 * recomputed from the parsed value's canonical form, never from the file's bytes.
 */
import { InternalError } from "../diagnostics/diagnostic.js";
import type { Table, VerificationSummary } from "../runtime/types.js";
import { sha256Hex } from "./sha256.js";

export { sha256Hex } from "./sha256.js";

/** A table before hashing and verification. */
export type TableBody = Omit<Table, "sha256" | "verification">;

/** Rebuilds `value` with sorted object keys, rejecting what JSON cannot say exactly. */
function sortedValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InternalError(`canonical json: non-finite number at ${path}`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) return value.map((item, i) => sortedValue(item, `${path}[${i}]`));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortedValue((value as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return out;
  }
  throw new InternalError(`canonical json: ${typeof value} at ${path}`);
}

/** The canonical JSON text of `value`: sorted keys, no whitespace. Throws `InternalError` on NaN, Infinity or undefined. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedValue(value, "$"));
}

/** The pretty, deterministic form written to disk: sorted keys, two-space indentation, final newline. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(sortedValue(value, "$"), null, 2)}\n`;
}

/** The sha256 a table must carry: over the canonical JSON of the table without its `sha256` key. */
export function tableSha256(table: Omit<Table, "sha256">): string {
  const { sha256: _ignored, ...rest } = table as Omit<Table, "sha256"> & { sha256?: unknown };
  return sha256Hex(canonicalJson(rest));
}

/** Adds the verification summary and the table's own sha256 to a lowered table. */
export function finalizeTable(body: TableBody, verification: VerificationSummary): Table {
  const unhashed: Omit<Table, "sha256"> = { ...body, verification };
  return { ...unhashed, sha256: tableSha256(unhashed) };
}

/** The bytes `routec compile` writes: the pretty form of the table. */
export function writeTableJson(table: Table): string {
  return prettyJson(table);
}
