import type { Severity } from "../diagnostic.js";

/**
 * A registered diagnostic code. Codes are grouped by stage: R01xx syntax, R02xx check, R03xx verify,
 * R04xx compile, R05xx input/runtime, R06xx probe, R07xx router, R08xx test and diff, R09xx CLI and I/O.
 */
export interface CodeInfo {
  readonly code: string;
  readonly slug: string;
  readonly severity: Severity;
  /** One line, lowercase, no final period: what the code means. */
  readonly summary: string;
  /** The long explanation printed by `routec explain`: markdown, with an example and the fix. */
  readonly explanation: string;
}
