/** The compile stage: lowering a checked policy to a `routec.table/1` body, glob compilation, canonical JSON and hashing. */
export { lowerPolicy, sourceSha256 } from "./lower.js";
export { canonicalJson, finalizeTable, prettyJson, sha256Hex, tableSha256, writeTableJson } from "./canonical.js";
export type { TableBody } from "./canonical.js";
export { checkGlob, compileGlob, compileGlobSet, globRegexSource, parseGlob } from "./globs/index.js";
export type { CaseMode, GlobSetPattern, GlobSetSpec, Lookup, ParsedGlob } from "./globs/index.js";
