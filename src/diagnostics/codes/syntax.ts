import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the syntax stage. */
export const syntaxCodes: readonly CodeInfo[] = [];
