/** Small helpers shared by the runtime's modules. */

/** Whether `o` has `k` as an own property (never a prototype's, whatever `k` is). */
export const own = (o: object, k: unknown): boolean => typeof k === "string" && Object.hasOwn(o, k);

/** Whether `v` is a non-null, non-array object. */
export const isObj = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A problem found while checking an input or a table: thrown, and caught where the check started. */
export class Fault {
  constructor(
    readonly message: string,
    readonly code = "",
    readonly path = "",
  ) {}
}
