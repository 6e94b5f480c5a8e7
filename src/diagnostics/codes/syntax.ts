import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the syntax stage (R0101–R0199): lexing, parsing and loading includes. */
export const syntaxCodes: readonly CodeInfo[] = [
  {
    code: "R0101",
    slug: "unknown-character",
    severity: "error",
    summary: "a character that no token of the language starts with",
    explanation: `A \`.route\` file contains only words, numbers, strings, comments and the punctuation
\`-> => == != < <= > >= [ ] { } ( ) , : .\`. Any other character outside a string or comment is an error.

Example:

\`\`\`route
classify {
  kind == edit && files <= 3 -> L1
}
\`\`\`

\`&&\` is not an operator. Fix: write conditions with words, \`kind == edit and files <= 3 -> L1\`, and put
other text inside a string (\`"..."\`) or after \`#\` in a comment.`,
  },
  {
    code: "R0102",
    slug: "unexpected-token",
    severity: "error",
    summary: "a token where the grammar expects something else",
    explanation: `The parser found a word, number, string or symbol that cannot appear at that point. The message
says what was expected and what was found.

Example:

\`\`\`route
route L1 "qwen2.5:7b-instruct"
\`\`\`

A route needs an arrow before its target. Fix: \`route L1 -> "qwen2.5:7b-instruct"\`. See
\`grammar/route.ebnf\` (or \`grammar/diagrams.html\`) for the complete grammar.`,
  },
  {
    code: "R0103",
    slug: "missing-closing-delimiter",
    severity: "error",
    summary: "a block, list or parenthesis is not closed",
    explanation: `Every \`{\` needs a \`}\`, every \`[\` a \`]\` and every \`(\` a \`)\`. The error points at the first
token that cannot be inside the open block, which is usually the next declaration.

Example:

\`\`\`route
classify {
  otherwise -> L2

route L2 -> claude
\`\`\`

Fix: close the block before the next declaration:

\`\`\`route
classify {
  otherwise -> L2
}
\`\`\``,
  },
  {
    code: "R0104",
    slug: "unterminated-string",
    severity: "error",
    summary: "a string with no closing quote on its line",
    explanation: `Strings are written between double quotes on one line. A string whose closing quote is
missing runs to the end of its line and is an error.

Example:

\`\`\`route
model "qwen2.5:7b-instruct on ollama { context 32k }
\`\`\`

Fix: add the closing quote, \`model "qwen2.5:7b-instruct" on ollama { context 32k }\`. To put a quote inside a
string, escape it: \`"say \\"hi\\""\`.`,
  },
  {
    code: "R0105",
    slug: "bad-escape",
    severity: "error",
    summary: "a backslash escape that strings do not support",
    explanation: `Inside a string, a backslash starts an escape. The escapes are \`\\"\` (quote), \`\\\\\`
(backslash), \`\\n\` (newline), \`\\t\` (tab) and \`\\u{1F600}\` (a Unicode code point in 1 to 6 hex digits, up to
\`10FFFF\`). Any other escape is an error, so a Windows path written with single backslashes is caught.

Example:

\`\`\`route
deny secrets { "C:\\Users\\me\\.ssh" }
\`\`\`

Fix: glob patterns use forward slashes on every platform: \`"C:/Users/me/.ssh"\` (or \`"~/.ssh/**"\`). Where a
backslash is really meant, double it: \`"\\\\"\`.`,
  },
  {
    code: "R0106",
    slug: "invalid-number",
    severity: "error",
    summary: "a number with an unknown unit or a malformed fraction",
    explanation: `A number is digits with an optional fraction and an optional unit written right after it:
\`k\` and \`M\` for tokens (×1024, ×1024²), \`KiB MiB GiB TiB\` (binary) and \`KB MB GB TB\` (decimal) for
memory, and \`%\` for percentages. Units are case-sensitive.

Example:

\`\`\`route
model "phi3:latest" on ollama { context 4kb vram 2.3gib }
\`\`\`

Fix: \`context 4k vram 2.3GiB\`.`,
  },
  {
    code: "R0107",
    slug: "nesting-too-deep",
    severity: "error",
    summary: "a condition or target nested more than 200 levels deep",
    explanation: `Conditions may nest parentheses, \`not\`, \`and\`, \`or\` and \`=>\` up to 200 levels, and a target
may chain up to 200 \`else\` fallbacks. Deeper nesting is refused so that no stage of routec can run out of
stack; no hand-written policy needs it.

Example: a generated condition such as \`((((((… kind == edit …))))))\` with 500 levels of parentheses.

Fix: remove redundant parentheses, or split the condition into several classification or escalation rules
(the first matching rule wins, so a long \`or\` chain is a list of rules).`,
  },
  {
    code: "R0108",
    slug: "include-cycle",
    severity: "error",
    summary: "files include each other in a cycle",
    explanation: `\`include\` splices another file's declarations into the policy. A file that includes
itself, directly or through other files, would be spliced in forever. The error is reported at the include that
closes the cycle, and the message lists the cycle.

Example:

\`\`\`route
# a.route
include "b.route"
# b.route
include "a.route"
\`\`\`

Fix: remove one of the includes. Declarations both files need can move to a third file that both include;
a file included twice (a diamond) is loaded once.`,
  },
  {
    code: "R0109",
    slug: "include-not-found",
    severity: "error",
    summary: "a policy file or included file cannot be read",
    explanation: `The file named by an \`include\` (or given on the command line) does not exist or cannot be read.
Include paths are relative to the file that contains the \`include\`, not to the current directory.

Example, in \`policies/team.route\`:

\`\`\`route
include "policies/models.route"
\`\`\`

This looks for \`policies/policies/models.route\`. Fix: \`include "models.route"\`.`,
  },
  {
    code: "R0110",
    slug: "header-in-include",
    severity: "error",
    summary: "an included file has a `policy` header",
    explanation: `Only the root file names the policy with \`policy "name" version N\`. An included file
contributes declarations to that policy and must not have a header of its own.

Example:

\`\`\`route
# models.route, included by default.route
policy "models" version 1
model "phi3:latest" on ollama { context 4k }
\`\`\`

Fix: remove the header from the included file.`,
  },
  {
    code: "R0111",
    slug: "missing-header",
    severity: "error",
    summary: "the root policy file has no `policy` header",
    explanation: `The file a policy is loaded from must start with a header naming the policy, with an optional
version: \`policy "local-first" version 1\`. The name and version appear in the compiled table and in every
decision's provenance.

Fix: add a header as the first line of the root file:

\`\`\`route
policy "local-first" version 1
\`\`\``,
  },
  {
    code: "R0112",
    slug: "duplicate-header",
    severity: "error",
    summary: "a file has more than one `policy` header",
    explanation: `A policy has exactly one name and version, given once in the root file.

Example:

\`\`\`route
policy "local-first" version 1
policy "local-first" version 2
\`\`\`

Fix: keep one header.`,
  },
  {
    code: "R0113",
    slug: "misplaced-header",
    severity: "error",
    summary: "the `policy` header is not the first declaration",
    explanation: `The header comes before every other declaration (comments may precede it), so a reader sees
which policy a file defines first.

Example:

\`\`\`route
runtime ollama { endpoint "http://127.0.0.1:11434" }
policy "local-first" version 1
\`\`\`

Fix: move the header to the top of the file.`,
  },
  {
    code: "R0114",
    slug: "include-too-deep",
    severity: "error",
    summary: "includes are nested more than 100 files deep",
    explanation: `Each \`include\` may include further files, but a chain of more than 100 nested includes is
refused: no policy needs it, and a generated or hostile chain of thousands of files would exhaust the loader's
stack. The error is reported at the include that goes one level too deep.

Fix: include the files from fewer levels; a file can include several files side by side, and a file included
from several places (a diamond) is loaded once.`,
  },
];
