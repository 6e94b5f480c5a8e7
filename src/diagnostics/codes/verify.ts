import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the verify stage. */
export const verifyCodes: readonly CodeInfo[] = [];
