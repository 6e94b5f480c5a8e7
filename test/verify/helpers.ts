import { readFileSync } from "node:fs";
import type { CheckedPolicy } from "../../src/check/checked.js";
import { checkProgram } from "../../src/check/index.js";
import { finalizeTable } from "../../src/compile/canonical.js";
import { lowerPolicy } from "../../src/compile/lower.js";
import type { Table } from "../../src/runtime/types.js";
import { loadProgram, memoryHost } from "../../src/syntax/index.js";

/** Parses and checks policy source text; fails the test with the diagnostics when it does not check. */
export function checkedFrom(text: string, file = "policy.route"): CheckedPolicy {
  const loaded = loadProgram(file, memoryHost({ [file]: text }));
  if (!loaded.ok) throw new Error(`parse failed: ${JSON.stringify(loaded.diagnostics.map((d) => [d.code, d.message]))}`);
  const checked = checkProgram(loaded.value);
  if (!checked.ok) throw new Error(`check failed: ${JSON.stringify(checked.diagnostics.map((d) => [d.code, d.message]))}`);
  return checked.value;
}

/** Lowers a checked policy to a table (with an empty verification summary) for translation validation. */
export function tableFrom(checked: CheckedPolicy, text: string, file = "policy.route"): Table {
  const body = lowerPolicy(checked, { [file]: text });
  if (!body.ok) throw new Error(`lower failed: ${JSON.stringify(body.diagnostics.map((d) => [d.code, d.message]))}`);
  return finalizeTable(body.value, { cells: 0, checks: [] });
}

/** A policy file from the repository, checked and compiled. */
export function shipped(path: string): { readonly text: string; readonly policy: CheckedPolicy; readonly table: Table } {
  const text = readFileSync(path, "utf8");
  const policy = checkedFrom(text, path);
  return { text, policy, table: tableFrom(policy, text, path) };
}
