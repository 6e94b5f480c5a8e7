import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the input stage. */
export const inputCodes: readonly CodeInfo[] = [];
