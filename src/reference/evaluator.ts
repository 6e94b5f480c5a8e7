/**
 * One interface for every implementation of the semantics, so tests and translation validation drive the
 * reference interpreter and the table runtime the same way (Cedar's `CedarTestImplementation`).
 */
import type { CheckedPolicy } from "../check/checked.js";
import { evaluate } from "../runtime/index.js";
import type { Decision, Table } from "../runtime/types.js";
import { referenceEvaluate } from "./evaluate.js";
import type { ReferenceOptions } from "./evaluate.js";

/** Something that decides routing inputs: the reference interpreter on a policy, or the runtime on a table. */
export interface Evaluator {
  readonly name: string;
  evaluate(input: unknown): Decision;
}

/** The reference interpreter on a checked policy, as an `Evaluator`. */
export function referenceEvaluator(policy: CheckedPolicy, options: ReferenceOptions = {}): Evaluator {
  return { name: "reference", evaluate: (input) => referenceEvaluate(policy, input, options) };
}

/** The runtime on a compiled table, as an `Evaluator`. */
export function runtimeEvaluator(table: Table): Evaluator {
  return { name: "runtime", evaluate: (input) => evaluate(table, input) };
}
