export { referenceEvaluate, assertHolds, globMatches, redactedPath } from "./evaluate.js";
export type { ReferenceOptions } from "./evaluate.js";
export { referenceEvaluator, runtimeEvaluator } from "./evaluator.js";
export type { Evaluator } from "./evaluator.js";
export { globToRegExp } from "./glob.js";
export { normalizePath, pathViews } from "./paths.js";
export { validateInput } from "./input.js";
