export { ExpectSchema, GoldenCaseSchema, GoldenFileSchema, goldenJsonSchema } from "./format.js";
export type { Expect, GoldenCase, GoldenFile } from "./format.js";
export { compare, decisiveReason, runCase, runCases, updateGolden, updatedExpect, validateGolden } from "./run.js";
export type { CaseResult, Mismatch } from "./run.js";
export { coverageItems, coverageOf, renderCoverage, traceKeys } from "./coverage.js";
export type { Coverage, CoverageItem, CoverageKind } from "./coverage.js";
export { renderJunit, xmlEscape } from "./junit.js";
export type { SuiteResult } from "./junit.js";
