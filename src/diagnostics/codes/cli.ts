import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the cli stage. */
export const cliCodes: readonly CodeInfo[] = [];
