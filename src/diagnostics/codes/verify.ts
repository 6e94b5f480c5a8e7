import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the verify stage (R0301–R0399): one per property the verifier proves. */
export const verifyCodes: readonly CodeInfo[] = [
  {
    code: "R0301",
    slug: "classification-gap",
    severity: "error",
    summary: "some tasks match no classification rule",
    explanation: `Totality: every valid input must get a class. The verifier found a region of the input space where
no \`classify\` rule holds; the note gives a concrete input from it (\`routec eval\` reproduces it: such a task
would fall to \`on error\`).

\`\`\`route
classify {
  kind == edit -> L1
  kind == docs -> L0      # error: a task of kind \`chore\` matches no rule
}
\`\`\`

Fix: end the block with \`otherwise -> <class>\`, or add the rule the witness shows is missing.`,
  },
  {
    code: "R0302",
    slug: "unreachable-rule",
    severity: "warning",
    summary: "a rule, trigger, VRAM level or route can never take effect",
    explanation: `Reachability: over every cell of the input space, the rule never fires. Usually an earlier rule
matches every input it would match (it is shadowed); the message names that rule. Otherwise its condition never
holds for a valid input (\`files < 0\`), or, for a route, no classification rule assigns its class.

\`\`\`route
classify {
  kind in [edit, refactor] -> L1
  kind == edit and files <= 3 -> L0   # warning: \`classify#1\` covers it
  otherwise -> L2
}
\`\`\`

Fix: move the narrower rule above the broader one, or delete it.`,
  },
  {
    code: "R0303",
    slug: "missing-fallback",
    severity: "error",
    summary: "every candidate of a target can be skipped and it has no fallback",
    explanation: `Capability soundness: a local candidate is skipped when its runtime is disabled, the class says
\`local never\` or \`tools required\` and the model has no tools, the context exceeds the model's or the class's
limit, or the model does not fit the largest free VRAM block. The verifier found an input for which every
candidate is skipped, and the target has no \`else\`, so the task would fall to \`on error\`.

\`\`\`route
route L1 -> "qwen2.5:7b-instruct"   # error: a 40k-token task skips the only candidate (context 32k)
\`\`\`

Fix: add a fallback (\`route L1 -> "qwen2.5:7b-instruct" else claude\`), or a candidate that can serve the
witness.`,
  },
  {
    code: "R0304",
    slug: "denied-path-goes-local",
    severity: "error",
    summary: "a task touching a denied path can be routed to a local model",
    explanation: `Built-in invariant: a file denied by a deny set never goes to a local model (direct or as a
synthesis draft). The runtime's guard would replace such a decision with \`on error\`, but a verified policy must
not rely on it: the rule named here resolves to a local model for the witness, which touches a denied path.

\`\`\`route
escalate { tool_failures >= 2 -> claude "unstable" }
route L1 -> "qwen2.5:7b-instruct" else claude   # error: \`~/.ssh/id_rsa\` would go local
\`\`\`

Fix: make \`denied path -> claude "sensitive path"\` the first escalate trigger.`,
  },
  {
    code: "R0305",
    slug: "local-on-error",
    severity: "error",
    summary: "`on error` is not a remote",
    explanation: `Built-in invariant: faults (invalid input, a task no rule classifies, a target with no servable
candidate) fail closed, to a remote. \`on error\` must name a remote directly.

\`\`\`route
on error -> "qwen2.5:7b-instruct" else claude   # error
\`\`\`

Fix: \`on error -> claude\`.`,
  },
  {
    code: "R0306",
    slug: "vram-pressure-goes-local",
    severity: "error",
    summary: "more VRAM pressure moves a decision from remote to local",
    explanation: `Built-in invariant (monotonicity): with the same task and the same largest free VRAM block, a more
severe VRAM level (or low-VRAM mode switched on) never turns a remote decision into a local one. The notes give
two inputs that differ only in GPU telemetry: the first goes remote, the second, under more pressure, goes local.

\`\`\`route
escalate { not vram low -> claude "plenty of VRAM: use the big model" }   # error
\`\`\`

Fix: escalate on \`vram <level>\` (more pressure → remote), never on its negation, and keep local routes out of
triggers that only hold under pressure.`,
  },
  {
    code: "R0307",
    slug: "assert-refuted",
    severity: "error",
    summary: "an assert does not hold for every input",
    explanation: `The verifier checks each \`assert\` over every cell of the input space. This one fails; the note
gives a concrete input and the decision the policy makes for it (\`routec eval\` reproduces it).

\`\`\`route
route L1 -> "qwen2.5:7b-instruct" else claude
assert "big contexts go remote": context > 16k => target is remote   # error: 20000 tokens go local
\`\`\`

Fix: change the rules so the decision satisfies the assert (here \`context > 16k -> claude "long context"\`), or
correct the assert.`,
  },
  {
    code: "R0308",
    slug: "translation-disagreement",
    severity: "error",
    summary: "the compiled table and the reference interpreter disagree (internal error)",
    explanation: `Translation validation runs the runtime on the compiled table and the reference interpreter on the
checked policy over one input from every cell of the input space plus seeded random inputs. They disagreed on
the input in the note, so the table is not written. This is a bug in routec, not in the policy: please report it
with the policy and the note.`,
  },
  {
    code: "R0309",
    slug: "verification-budget",
    severity: "error",
    summary: "the input space has too many cells to verify",
    explanation: `The verifier splits the input space into cells on the conditions the policy tests and stops after a
budget of cells (250,000 by default) rather than run for minutes. A policy that reaches it is not verified, so no
table is written. Cells multiply when many rules test independent features: every classification region that
reaches a block of triggers on labels and thresholds is split again by each of them.

Fix: split the policy, test \`kind\` first in classification rules (a split on \`kind\` decides every later rule
that names another kind), and keep triggers on independent features few. docs/verification.md explains the
algorithm.`,
  },
];
