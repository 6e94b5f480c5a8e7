import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the check stage. */
export const checkCodes: readonly CodeInfo[] = [
  {
    code: "R0201",
    slug: "duplicate-declaration",
    severity: "error",
    summary: "a name is declared twice",
    explanation: `Runtimes, models, remotes, classes, deny sets, VRAM levels and asserts each have one namespace, and
a policy has at most one \`paths\` block, one \`vram\` block and one \`on error\`. The second declaration is
reported; the note points at the first.

\`\`\`route
class L1 "routine" { max_context 32k }
class L1 "routine change" { max_context 32k tools required }   # error: \`L1\` is declared twice
\`\`\`

Rename one of them or merge the two. \`ok\` is the implicit least severe VRAM level and cannot be declared.`,
  },
  {
    code: "R0202",
    slug: "unknown-runtime",
    severity: "error",
    summary: "a model names a runtime that is not declared",
    explanation: `\`model "m" on NAME\` must name a \`runtime\` declared somewhere in the policy (or its includes).

\`\`\`route
runtime ollama { endpoint "http://127.0.0.1:11434" }
model "qwen2.5:7b-instruct" on olama { context 32k vram 5.4GiB }   # error: did you mean \`ollama\`
\`\`\`

Declare the runtime, or fix the name.`,
  },
  {
    code: "R0203",
    slug: "unknown-model",
    severity: "error",
    summary: "a target names a model that is not declared",
    explanation: `Quoted targets are models and must be declared with \`model "name" on RUNTIME { … }\`.

\`\`\`route
model "qwen2.5:7b-instruct" on ollama { context 32k vram 5.4GiB }
route L1 -> "qwen2.5:7b" else claude   # error: did you mean \`qwen2.5:7b-instruct\`
\`\`\`

Declare the model (with the context window, tool support and VRAM footprint your probes measured), or use the
declared name. Remotes are written without quotes: \`else claude\`, not \`else "claude"\`.`,
  },
  {
    code: "R0204",
    slug: "unknown-remote",
    severity: "error",
    summary: "a target names a remote that is not declared",
    explanation: `Bare names in targets are remotes and must be declared with \`remote NAME { model "…" }\`.

\`\`\`route
remote claude { model "claude-sonnet-4-5" }
on error -> cluade   # error: did you mean \`claude\`
\`\`\`

Models are written in quotes; a bare word is always a remote.`,
  },
  {
    code: "R0205",
    slug: "unknown-class",
    severity: "error",
    summary: "a rule, route or condition names a class that is not declared",
    explanation: `Classification rules (\`-> L1\`), routes (\`route L1\`) and the \`class\` and \`hint\` features
(\`class == L3\`, \`hint == L3\`) must name a class declared with \`class NAME "description" { … }\`.

\`\`\`route
class L3 "security-relevant" { local never }
route L4 -> claude   # error: unknown class \`L4\`, did you mean \`L3\`
\`\`\``,
  },
  {
    code: "R0206",
    slug: "unknown-deny-set",
    severity: "error",
    summary: "`denied NAME` names a deny set that is not declared",
    explanation: `\`denied path\` holds when any deny set matched a file; \`denied NAME\` when the set \`NAME\` did.
The set must be declared with \`deny NAME { … }\`.

\`\`\`route
deny secrets { use std.secrets }
escalate { denied secret -> claude }   # error: did you mean \`secrets\`
\`\`\``,
  },
  {
    code: "R0207",
    slug: "unknown-vram-level",
    severity: "error",
    summary: "a VRAM level is used but not declared",
    explanation: `\`vram LEVEL\` in a condition, and \`unknown as LEVEL\` / \`low_vram_mode as LEVEL\` in the \`vram\`
block, must name a level declared in the \`vram\` block (\`LEVEL when …\`) or the implicit level \`ok\`.

\`\`\`route
vram {
  critical when free < 10%
  unknown as low   # error: unknown VRAM level \`low\`
}
\`\`\`

A policy without a \`vram\` block has only the level \`ok\`.`,
  },
  {
    code: "R0208",
    slug: "unknown-feature",
    severity: "error",
    summary: "a condition tests a feature that does not exist",
    explanation: `Conditions test the features of the routing input: \`kind\`, \`hint\`, \`label\`, \`files\`,
\`context\`, \`tool_failures\`, \`runtime_errors\`, \`schema_mismatch\`, \`low_vram_mode\`; \`class\` in
escalation triggers and asserts; \`free\`, \`largest_free\`, \`fragmentation\`, \`total\` in VRAM levels;
\`target\` and \`mode\` in asserts (docs/semantics.md, Conditions).

\`\`\`route
classify { tool_failure >= 2 -> L3 }   # error: did you mean \`tool_failures\`
\`\`\``,
  },
  {
    code: "R0209",
    slug: "unknown-property",
    severity: "error",
    summary: "a block has a property it does not accept",
    explanation: `Each block accepts its own properties:

| block | properties |
|---|---|
| \`runtime\` | \`endpoint "url"\`, \`enabled yes/no\` |
| \`model\` | \`context\` (tokens, required), \`tools yes/no\`, \`vram\` (memory, required), \`cost\` |
| \`remote\` | \`model "name"\` (required) |
| \`class\` | \`max_context\` (tokens), \`tools required/optional\`, \`local never/allowed\` |
| \`paths\` | \`case insensitive/sensitive/platform\`, \`redact yes/no\` |
| \`vram\` | levels (\`NAME when …\`), \`unknown as LEVEL\`, \`low_vram_mode as LEVEL\` |

\`\`\`route
model "phi3:latest" on ollama { contex 4k vram 2.3GiB }   # error: did you mean \`context\`
\`\`\``,
  },
  {
    code: "R0210",
    slug: "duplicate-property",
    severity: "error",
    summary: "a block sets the same property twice",
    explanation: `A property may appear once per block; which one should win would otherwise be a guess.

\`\`\`route
model "phi3:latest" on ollama { context 4k vram 2.3GiB context 8k }   # error: \`context\` is set twice
\`\`\``,
  },
  {
    code: "R0211",
    slug: "unknown-std-set",
    severity: "error",
    summary: "`use` names a built-in set that does not exist",
    explanation: `\`use std.NAME\` inside a deny set includes one of routec's built-in sets (docs/std-secrets.md).

\`\`\`route
deny secrets { use std.secret }   # error: did you mean \`std.secrets\`
\`\`\``,
  },
  {
    code: "R0212",
    slug: "invalid-value",
    severity: "error",
    summary: "a property or condition has a value of the wrong kind",
    explanation: `Each property takes one kind of value: a string, a quantity, \`yes\`/\`no\`, or one of a few words.

\`\`\`route
model "phi3:latest" on ollama { context 4k tools maybe vram 2.3GiB }   # error: expected \`yes\` or \`no\`
class L3 "security" { local nope }                                      # error: expected \`never\` or \`allowed\`
\`\`\``,
  },
  {
    code: "R0213",
    slug: "wrong-unit",
    severity: "error",
    summary: "a quantity has a unit of the wrong kind",
    explanation: `Token counts take \`k\` (×1024) or \`M\` (×1024²), memory takes \`KiB MiB GiB TiB\` or \`KB MB GB TB\`,
percentages take \`%\`, and counts take no unit.

\`\`\`route
model "m" on ollama { context 32GiB vram 5GiB }   # error: \`context\` is a token count
vram { low when free < 10k }                        # error: \`free\` takes a percentage or a memory size
\`\`\``,
  },
  {
    code: "R0214",
    slug: "missing-unit",
    severity: "error",
    summary: "a memory size or percentage is written without its unit",
    explanation: `A bare number is ambiguous where a memory size or percentage is expected: \`vram 5\` could be bytes,
MiB or GiB. Write the unit.

\`\`\`route
model "m" on ollama { context 32k vram 5 }   # error: write \`5GiB\` or \`5MiB\`
\`\`\``,
  },
  {
    code: "R0215",
    slug: "percent-out-of-range",
    severity: "error",
    summary: "a percentage is outside 0–100",
    explanation: `Free memory and fragmentation are percentages of a whole: a threshold outside 0–100% can never or
always hold, which is a mistake.

\`\`\`route
vram { critical when free < 110% }   # error
\`\`\``,
  },
  {
    code: "R0216",
    slug: "invalid-count",
    severity: "error",
    summary: "a count or size is negative or not a whole number",
    explanation: `Counts (\`files\`, \`tool_failures\`, \`runtime_errors\`) and token counts are whole numbers, and costs
are not negative.

\`\`\`route
escalate { tool_failures >= 1.5 -> claude }   # error: counts are whole numbers
\`\`\``,
  },
  {
    code: "R0217",
    slug: "invalid-glob",
    severity: "error",
    summary: "a glob pattern is empty or malformed",
    explanation: `Globs follow docs/semantics.md (Paths and deny sets): \`*\`, \`?\`, \`**\`, \`[abc]\`, \`{a,b}\`. An empty
pattern matches nothing, and an unclosed \`[\` or \`{\` has no meaning.

\`\`\`route
deny secrets { "**/*.{pem,key" }   # error: unclosed \`{\`
\`\`\``,
  },
  {
    code: "R0218",
    slug: "dangling-except",
    severity: "error",
    summary: "an `except` has no pattern before it",
    explanation: `\`except\` narrows the pattern right before it (docs/decisions.md D3), so it cannot start a deny set.

\`\`\`route
deny secrets {
  except "**/.env.example"   # error: nothing to except from
  "**/.env"
}
\`\`\`

Move the \`except\` after the pattern it narrows.`,
  },
  {
    code: "R0219",
    slug: "except-equals-pattern",
    severity: "error",
    summary: "an `except` is identical to its pattern, so the pattern denies nothing",
    explanation: `An \`except\` equal to its pattern removes everything the pattern matches: the pattern has no effect,
which in a deny set means a secret is not protected.

\`\`\`route
deny secrets { "**/.env" except "**/.env" }   # error: the pattern denies nothing
\`\`\`

Remove the \`except\`, or write the narrower pattern it was meant to be (\`except "**/.env.example"\`).`,
  },
  {
    code: "R0220",
    slug: "disabled-runtime-candidate",
    severity: "warning",
    summary: "a target uses a model whose runtime is disabled, so it is always skipped",
    explanation: `A candidate on a runtime declared \`enabled false\` can never serve: the router always skips it and
moves on. This is legal (a runtime is switched off while it is being validated), but the candidate has no effect.

\`\`\`route
runtime vllm { endpoint "http://127.0.0.1:8000" enabled false }
model "llama3.1:8b" on vllm { context 128k tools yes vram 16GiB }
route L1 -> "llama3.1:8b" else claude   # warning: always skipped
\`\`\``,
  },
  {
    code: "R0221",
    slug: "class-without-route",
    severity: "error",
    summary: "a declared class has no route",
    explanation: `Every class needs \`route CLASS -> …\`: a task classified into a class without a route would have
nowhere to go.

\`\`\`route
class L0 "docs" { max_context 8k }   # error: no \`route L0\`
\`\`\``,
  },
  {
    code: "R0222",
    slug: "duplicate-route",
    severity: "error",
    summary: "a class has two routes",
    explanation: `A class has exactly one route; merge the candidate lists into one \`route\` line.

\`\`\`route
route L1 -> "qwen2.5:7b-instruct" else claude
route L1 -> "llama3.1:latest" else claude   # error
\`\`\``,
  },
  {
    code: "R0223",
    slug: "missing-on-error",
    severity: "error",
    summary: "the policy has no `on error` target",
    explanation: `\`on error -> REMOTE\` is where a task goes when the input is invalid or a local runtime fails. There
is no implicit default, because the only safe one names a remote you declared.

\`\`\`route
on error -> claude
\`\`\``,
  },
  {
    code: "R0224",
    slug: "local-on-error",
    severity: "error",
    summary: "`on error` sends tasks to a local model",
    explanation: `Faults fail closed: a task that could not be validated or routed (a bad path, unknown telemetry, a
crashed runtime) must go to a remote, never to a local model that may see a secret.

\`\`\`route
on error -> "qwen2.5:7b-instruct" else claude   # error: write \`on error -> claude\`
\`\`\``,
  },
  {
    code: "R0225",
    slug: "class-in-classify",
    severity: "error",
    summary: "a classification rule tests the class it is computing",
    explanation: `The \`class\` feature exists only after classification, so \`classify\` cannot test it. To let the
agent's own opinion count, test \`hint\` (docs/decisions.md D7).

\`\`\`route
classify { class == L3 -> L3 }   # error: use \`hint == L3\`
\`\`\``,
  },
  {
    code: "R0226",
    slug: "decision-outside-assert",
    severity: "error",
    summary: "`target` or `mode` is tested outside an assert",
    explanation: `\`target == …\`, \`target is local|remote\` and \`mode == …\` describe the decision, which exists only
after routing. Only asserts can state properties of it.

\`\`\`route
escalate { target is local and denied path -> claude }   # error
assert "secrets stay remote": denied path => target is remote   # ok
\`\`\``,
  },
  {
    code: "R0227",
    slug: "implication-outside-assert",
    severity: "error",
    summary: "`=>` is used outside an assert",
    explanation: `Implication states an invariant; in a rule it would fire for every input where the left side is false,
which is almost never what was meant.

\`\`\`route
escalate { schema_mismatch => tool_failures > 1 -> claude }   # error
assert "mismatches escalate": schema_mismatch => target is remote   # ok
\`\`\`

Write \`not a or b\` if a rule really means that.`,
  },
  {
    code: "R0228",
    slug: "missing-unknown-level",
    severity: "error",
    summary: "the `vram` block does not say which level applies without telemetry",
    explanation: `Without GPU telemetry (no \`nvidia-smi\`, a remote host) the VRAM level is unknown. The policy must
choose explicitly: pessimistic (\`unknown as critical\`) sends more to the remote, optimistic (\`unknown as ok\`)
keeps work local but may overload the GPU.

\`\`\`route
vram {
  critical when free < 10%
  unknown as critical
}
\`\`\``,
  },
  {
    code: "R0229",
    slug: "operand-type-mismatch",
    severity: "error",
    summary: "a feature is compared with a value of the wrong kind",
    explanation: `Enumerated features (\`kind\`, \`hint\`, \`class\`, \`label\`) are compared with words or strings using
\`==\`, \`!=\`, \`in\`; numeric features with numbers; flags stand alone.

\`\`\`route
classify {
  kind == 3 -> L1           # error: \`kind\` is a word
  files == many -> L2       # error: \`files\` is a number
  files -> L2               # error: \`files\` is not a flag
}
\`\`\``,
  },
  {
    code: "R0230",
    slug: "local-forbidden-class",
    severity: "error",
    summary: "a `local never` class is routed to a local model",
    explanation: `\`local never\` promises that no local model serves the class; its route must be a remote.

\`\`\`route
class L3 "security" { local never }
route L3 -> "qwen2.5:7b-instruct" else claude   # error
\`\`\``,
  },
  {
    code: "R0231",
    slug: "review-not-remote",
    severity: "error",
    summary: "a synthesis reviewer is not a remote",
    explanation: `In \`synthesize draft "m" review R\`, the reviewer merges the local draft and must be a remote
(written without quotes).

\`\`\`route
route L2 -> synthesize draft "llama3.1:latest" review "qwen2.5:7b-instruct"   # error: review claude
\`\`\``,
  },
  {
    code: "R0232",
    slug: "draft-not-model",
    severity: "error",
    summary: "a synthesis draft is not a local model",
    explanation: `Synthesis drafts locally: \`draft\` lists quoted model names. A remote that drafts is just the remote.

\`\`\`route
route L2 -> synthesize draft claude review claude   # error
\`\`\``,
  },
  {
    code: "R0233",
    slug: "remote-as-candidate",
    severity: "error",
    summary: "a remote is listed among local candidates",
    explanation: `Candidates before \`else\` are local models tried in order; a remote always serves, so it belongs after
\`else\`, where it is the fallback.

\`\`\`route
route L1 -> "qwen2.5:7b-instruct", claude   # error: write \`"qwen2.5:7b-instruct" else claude\`
\`\`\``,
  },
  {
    code: "R0234",
    slug: "unreachable-after-otherwise",
    severity: "warning",
    summary: "classification rules after `otherwise` are never reached",
    explanation: `\`otherwise\` matches every task, and the first matching rule wins, so the rules after it can never
fire.

\`\`\`route
classify {
  otherwise -> L2
  kind == docs -> L0   # warning: never reached
}
\`\`\`

Move \`otherwise\` last.`,
  },
  {
    code: "R0235",
    slug: "missing-property",
    severity: "error",
    summary: "a declaration lacks a property it needs",
    explanation: `A model needs \`context\` and \`vram\` (the router skips a model that cannot fit the task or the free
memory; without the numbers it cannot decide), and a remote needs \`model\`.

\`\`\`route
model "phi3:latest" on ollama { tools no }   # error: no \`context\`
\`\`\``,
  },
  {
    code: "R0236",
    slug: "misplaced-feature",
    severity: "error",
    summary: "a condition uses a feature where it is not available",
    explanation: `VRAM levels are computed from GPU telemetry alone, before anything else: their conditions may test only
\`free\`, \`largest_free\`, \`fragmentation\` and \`total\`; and those telemetry features exist only there (rules test the
level with \`vram LEVEL\`).

\`\`\`route
vram { critical when free < 10% or kind == edit }   # error: \`kind\` in a VRAM level
escalate { free < 10% -> claude }                    # error: write \`vram critical\`
\`\`\``,
  },
  {
    code: "R0237",
    slug: "unreachable-fallback",
    severity: "warning",
    summary: "targets after a remote are never used",
    explanation: `A remote always serves, so an \`else\` after it is dead.

\`\`\`route
route L3 -> claude else "qwen2.5:7b-instruct"   # warning
\`\`\``,
  },
  {
    code: "R0238",
    slug: "empty-deny-set",
    severity: "warning",
    summary: "a deny set has no patterns, so it denies nothing",
    explanation: `A deny set without patterns (or \`use\`) matches no file: \`denied NAME\` never holds and the set protects
nothing. It is usually a set whose patterns were moved or commented out.

\`\`\`route
deny secrets "OS and user secrets" { }   # warning
\`\`\`

Add patterns (\`use std.secrets\` is a good start) or remove the set.`,
  },
];
