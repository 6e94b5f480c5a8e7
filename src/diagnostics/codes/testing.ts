import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the testing stage. */
export const testingCodes: readonly CodeInfo[] = [];
