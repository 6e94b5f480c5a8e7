import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the compile stage. */
export const compileCodes: readonly CodeInfo[] = [];
