import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the probe stage. */
export const probeCodes: readonly CodeInfo[] = [];
