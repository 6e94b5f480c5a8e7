/**
 * The decision-time error codes (`Decision.error.code`), R05xx. They are registered with their explanations in
 * src/diagnostics/codes/input.ts; the runtime keeps its own copy of the strings because it imports nothing
 * outside src/runtime (a test checks the two agree).
 */
export const INPUT_TYPE = "R0501";
export const INPUT_UNKNOWN_FIELD = "R0502";
export const INPUT_MISSING_FIELD = "R0503";
export const INPUT_NUMBER = "R0504";
export const INPUT_PATH = "R0505";
export const INPUT_VRAM = "R0506";
export const INPUT_SCHEMA = "R0507";
export const TABLE_INVALID = "R0508";
export const ON_ERROR_UNUSABLE = "R0509";
export const GUARD = "R0510";
export const RUNTIME_FAULT = "R0511";
