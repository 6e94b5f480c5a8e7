export * from "./diagnostics/index.js";
export type * from "./syntax/ast.js";
export type * from "./runtime/types.js";
export { stripSpans } from "./syntax/ast.js";
export { loadProgram, maxNesting, memoryHost, parseSource } from "./syntax/index.js";
export type { Program, SourceHost } from "./syntax/index.js";
export { formatSource, printPolicy } from "./format/index.js";
export type { PrintOptions } from "./format/index.js";
export { createLineRedactor, findSecrets, isEnvReference, isSecretKeyName, redactionMarker, sanitize } from "./sanitize/index.js";
export type { LineRedactor, SanitizeOptions, SecretFinding, SecretKind } from "./sanitize/index.js";
// Probe results are data: these need no Node APIs. Running probes (network, nvidia-smi) is the CLI's job.
export { diffProbeResults } from "./probe/diff.js";
export type { ModelChange, ProbeDiff } from "./probe/diff.js";
export { probeContradictions } from "./probe/contradictions.js";
export { parseProbeResults } from "./probe/results.js";
export { probeJsonSchema, probeResultsSchema } from "./probe/schema.js";
export type { CheckResult, Fault, ModelResult, ProbeResults } from "./probe/schema.js";
