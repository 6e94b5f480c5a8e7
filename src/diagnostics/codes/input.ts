import type { CodeInfo } from "./code.js";

/**
 * Decision-time error codes (R0501–R0599): why the runtime took the `on error` decision. They appear as
 * `Decision.error.code`; src/runtime/codes.ts holds the same strings for the dependency-free runtime.
 */
export const inputCodes: readonly CodeInfo[] = [
  {
    code: "R0501",
    slug: "input-wrong-type",
    severity: "error",
    summary: "a field of the routing input has the wrong type",
    explanation: `The input must be a \`routec.input/1\` object: \`task\` an object with a string \`kind\` and a
\`labels\` array of strings, \`files\` an array of paths or \`{ "path", "real" }\` objects, numbers for
\`context_tokens\` and \`tool_failures\`, a boolean \`schema_mismatch\`, \`vram\` an object or \`null\`, and
\`platform\` one of \`linux\`, \`darwin\`, \`win32\`.

Example: \`"schema_mismatch": "no"\` is a string. Fix: \`"schema_mismatch": false\`.

The decision is the policy's \`on error\` target (always remote), so a broken router never leaks a task to a
local model.`,
  },
  {
    code: "R0502",
    slug: "input-unknown-field",
    severity: "error",
    summary: "the routing input has a field that `routec.input/1` does not define",
    explanation: `Unknown fields are rejected rather than ignored: a misspelled \`tool_failure\` would otherwise
silently read as zero failures and keep a task local.

Example: \`{ "task": …, "toolFailures": 3 }\`. Fix: use the field names of \`routec.input/1\`
(\`tool_failures\`). The decision is the \`on error\` target.`,
  },
  {
    code: "R0503",
    slug: "input-missing-field",
    severity: "error",
    summary: "the routing input lacks a required field",
    explanation: `\`task\` (with \`kind\` and \`labels\`), \`files\`, \`context_tokens\`, \`tool_failures\`,
\`schema_mismatch\` and \`vram\` are required; \`vram\` is \`null\` when GPU telemetry is unknown.

Example: an input without \`files\`. Fix: send \`"files": []\` when the task touches no file. The decision is
the \`on error\` target.`,
  },
  {
    code: "R0504",
    slug: "input-invalid-number",
    severity: "error",
    summary: "a number in the routing input is not finite, is negative, or is a fractional count",
    explanation: `Counts (\`context_tokens\`, \`tool_failures\`, \`runtime_errors\`, a GPU's \`index\`) are whole
non-negative numbers; memory figures (\`total_mib\`, \`free_mib\`) are finite and non-negative.

Example: \`"tool_failures": -1\` or \`"context_tokens": 1.5\`. Fix: send the actual count. The decision is the
\`on error\` target.`,
  },
  {
    code: "R0505",
    slug: "input-invalid-path",
    severity: "error",
    summary: "a path in the routing input is empty or contains a nul byte",
    explanation: `An empty path names no file, and a path with a NUL byte is truncated differently by different
layers (a classic way to slip past a denylist), so either makes the whole input invalid. This applies to
\`files\` (both \`path\` and \`real\`), \`cwd\` and \`home\`.

Example: \`"files": ["src/a.ts\\u0000.png"]\`. Fix: send the path the agent will actually open. The decision is
the \`on error\` target.`,
  },
  {
    code: "R0506",
    slug: "input-inconsistent-vram",
    severity: "error",
    summary: "gpu telemetry reports more free memory than total, or a total of zero",
    explanation: `Telemetry that cannot be true is not trusted: a GPU with \`total_mib\` 0, or with \`free_mib\`
above \`total_mib\`, makes the input invalid.

Example: \`{ "index": 0, "total_mib": 8192, "free_mib": 9000 }\`. Fix: read telemetry again (\`routec vram
--json\` prints it in this shape), or send \`"vram": null\` when it is unknown. The decision is the \`on error\`
target.`,
  },
  {
    code: "R0507",
    slug: "input-unsupported-schema",
    severity: "error",
    summary: "the routing input names a schema other than `routec.input/1`",
    explanation: `\`schema\` is optional, but when present it must be \`routec.input/1\`.

Example: \`"schema": "routec.input/2"\`. Fix: remove the field or send the version this runtime reads. The
decision is the \`on error\` target.`,
  },
  {
    code: "R0508",
    slug: "invalid-table",
    severity: "error",
    summary: "the decision table is malformed",
    explanation: `The runtime checks a table's structure once before using it: every field it reads, every name
a rule refers to (models, remotes, classes, glob sets, VRAM levels), and that every class has a route. A table
that fails is never evaluated; every decision is the \`on error\` target (or, when even that is unusable, a
remote decision named \`unavailable\`).

Example: a hand-edited table whose route names a model that is not in \`models\`. Fix: edit the \`.route\`
policy and run \`routec compile\` instead of editing the table.`,
  },
  {
    code: "R0509",
    slug: "on-error-unusable",
    severity: "error",
    summary: "the table's `on error` target does not lead to a remote",
    explanation: `\`on error\` must resolve to a remote: faults fail closed. When a table's \`on_error\` names no
remote that the table defines (on its own or on its fallback chain), the runtime still answers with a remote
decision, naming the remote and model \`unavailable\` and setting \`error\`; an embedder must not run such a task
locally.

Example: a hand-edited table with \`"on_error": { "target": { "kind": "remote", "remote": "gone" } }\`. Fix:
recompile the policy; the verifier rejects a non-remote \`on error\`.`,
  },
  {
    code: "R0510",
    slug: "guard-tripped",
    severity: "error",
    summary: "the table would send a denied file to a local model",
    explanation: `After routing, the runtime checks that no denied file goes to a local model (direct or
synthesis). The verifier proves this never happens for a compiled table, so it means the table was edited by
hand or compiled by a broken compiler. The decision is replaced by the \`on error\` target.

Example: a table whose \`escalate\` list lost its \`denied path\` trigger. Fix: recompile the policy.`,
  },
  {
    code: "R0511",
    slug: "runtime-fault",
    severity: "error",
    summary: "the runtime hit an unexpected fault and failed closed",
    explanation: `The runtime never throws: an exception inside evaluation (a bug, or a hostile object passed as
input or table) becomes the \`on error\` decision with this code.

Fix: report it with the table and input that caused it (\`routec eval --explain\` shows the steps taken).`,
  },
];
