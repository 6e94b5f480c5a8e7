import type { CheckedPolicy } from "../../src/check/checked.js";
import { checkProgram } from "../../src/check/index.js";
import { loadProgram, memoryHost } from "../../src/syntax/index.js";

/** Parses and checks policy source text; fails the test with the diagnostics when it does not check. */
export function checkedFrom(text: string, file = "policy.route"): CheckedPolicy {
  const loaded = loadProgram(file, memoryHost({ [file]: text }));
  if (!loaded.ok) throw new Error(`parse failed: ${JSON.stringify(loaded.diagnostics.map((d) => [d.code, d.message]))}`);
  const checked = checkProgram(loaded.value);
  if (!checked.ok) throw new Error(`check failed: ${JSON.stringify(checked.diagnostics.map((d) => [d.code, d.message]))}`);
  return checked.value;
}
