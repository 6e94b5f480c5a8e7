import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the router stage. */
export const routerCodes: readonly CodeInfo[] = [];
