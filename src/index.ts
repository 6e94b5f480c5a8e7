export * from "./diagnostics/index.js";
export type * from "./syntax/ast.js";
export type * from "./runtime/types.js";
