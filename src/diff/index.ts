export { checkedFromTable } from "./from-table.js";
export { describeOutcome, describeRegion, invalidWitness, outcomeKey, outcomeOf, semanticDiff, severity } from "./semantic.js";
export type { Change, DiffOptions, DiffSide, Outcome, SemanticDiff } from "./semantic.js";
export { renderDiffJson, renderDiffMarkdown, renderDiffText } from "./render.js";
export type { DiffNames } from "./render.js";
