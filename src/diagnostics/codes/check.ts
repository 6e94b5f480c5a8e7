import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the check stage. */
export const checkCodes: readonly CodeInfo[] = [];
