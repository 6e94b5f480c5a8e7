export * from "./diagnostics/index.js";
export type * from "./syntax/ast.js";
export type * from "./runtime/types.js";
export { stripSpans } from "./syntax/ast.js";
export { loadProgram, maxNesting, memoryHost, parseSource } from "./syntax/index.js";
export type { Program, SourceHost } from "./syntax/index.js";
export { formatSource, printPolicy } from "./format/index.js";
export type { PrintOptions } from "./format/index.js";
