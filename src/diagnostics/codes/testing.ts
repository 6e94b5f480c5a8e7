import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the testing stage (R0801–R0899): golden fixtures and semantic diffs. */
export const testingCodes: readonly CodeInfo[] = [
  {
    code: "R0801",
    slug: "malformed-golden-fixture",
    severity: "error",
    summary: "a golden fixture file does not follow the `routec.golden/1` format",
    explanation: `A golden fixture file (\`*.golden.json\`, see docs/testing.md) is an object with \`policy\` (the
policy or table, relative to the fixture file) and \`cases\`, each case an object with a \`name\`, an \`input\` and an
\`expect\` naming at least the \`target\`. The message names the file, the case (by number and name) and the field.

\`\`\`json
{ "policy": "../../policies/default.route",
  "cases": [{ "name": "docs go local", "input": { "...": "..." }, "expect": { "model": "phi3:latest" } }] }
\`\`\`

Here \`expect.target\` is missing. Fix the field the message names; \`schema/golden.schema.json\` gives editors
completion for the format.`,
  },
  {
    code: "R0802",
    slug: "duplicate-golden-case",
    severity: "error",
    summary: "two golden cases in one file have the same name",
    explanation: `A case's name says what it pins and identifies it in failures, JUnit reports and \`--update\`, so
names must be unique within a file.

Fix: rename one of the cases to say what distinguishes it.`,
  },
  {
    code: "R0803",
    slug: "golden-policy-unusable",
    severity: "error",
    summary: "the policy a golden fixture names is missing or does not compile",
    explanation: `\`routec test\` compiles the policy a fixture file names (\`policy\`, relative to the fixture file)
before running its cases. The file is missing, or it has errors (run \`routec check\` on it).

Fix: correct the \`policy\` path or the policy.`,
  },
  {
    code: "R0804",
    slug: "golden-case-failed",
    severity: "error",
    summary: "a golden case's decision differs from its expectation",
    explanation: `The decision for the case's input does not have the fields its \`expect\` pins. \`routec test\`
prints the expected and actual value of each field and the rule whose target was taken, with its location.

If the policy change was intended, review the new decisions and run \`routec test --update\` to rewrite the
expectations (names and inputs are kept).`,
  },
  {
    code: "R0805",
    slug: "golden-coverage-too-low",
    severity: "error",
    summary: "golden cases exercise less of the policy than `--min-coverage` requires",
    explanation: `Rule coverage counts classify rules, escalate triggers, routes, candidates (chosen and skipped),
the policy's own deny patterns, VRAM levels (including unknown telemetry and low-VRAM mode) and \`on error\`.
\`routec test\` lists the items no case exercises.

Fix: add cases for the listed items, or remove rules that can never matter.`,
  },
];
