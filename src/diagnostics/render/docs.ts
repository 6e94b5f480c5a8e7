/**
 * docs/diagnostics.md, generated from the registry (`npm run gen:docs`): every code of every stage with its slug,
 * severity, summary and long explanation.
 */
import type { CodeInfo } from "../codes/code.js";

const stages: readonly { readonly prefix: string; readonly title: string }[] = [
  { prefix: "R01", title: "Syntax (R01xx)" },
  { prefix: "R02", title: "Check (R02xx)" },
  { prefix: "R03", title: "Verify (R03xx)" },
  { prefix: "R04", title: "Compile (R04xx)" },
  { prefix: "R05", title: "Input and runtime (R05xx)" },
  { prefix: "R06", title: "Probe (R06xx)" },
  { prefix: "R07", title: "Router (R07xx)" },
  { prefix: "R08", title: "Tests and diffs (R08xx)" },
  { prefix: "R09", title: "CLI and I/O (R09xx)" },
];

/** Renders the reference of all codes as markdown. */
export function renderCodeDocs(codes: readonly CodeInfo[]): string {
  const out: string[] = [
    "# Diagnostics",
    "",
    "<!-- Generated from src/diagnostics/codes/*.ts by `npm run gen:docs`; do not edit by hand. -->",
    "",
    "Every diagnostic routec reports has a stable code (`R` + four digits, never reused) and a slug. `routec explain",
    "CODE` (or the slug) prints the explanation below; `routec explain --list` lists them all. In SARIF output the code is",
    "the `ruleId`.",
    "",
    "`routec check` prints diagnostics as `--format text` (for people), `json` (these objects), `sarif` (SARIF 2.1.0 for",
    "code scanning, with stable fingerprints) or `github` (pull-request annotations). It exits 0 when there are no errors,",
    "1 for errors (or more warnings than `--max-warnings`) and 2 for usage and I/O problems (R09xx).",
    "",
    "**Adding a code.** Register it in `src/diagnostics/codes/<stage>.ts` with a slug, summary and explanation, then",
    "add an error fixture `test/fixtures/<stage>/err/<name>.route` with `<name>.expected.json`",
    '(`{ "code": "R0203", "snippet": "<the underlined text>" }`); a code that no `.route` file can trigger is listed in',
    "`test/fixtures/<stage>/codes-tested-elsewhere.json` with the test that triggers it. `npm run gen:docs` regenerates",
    "this file; a test fails while either is missing.",
    "",
  ];
  for (const stage of stages) {
    const inStage = codes.filter((c) => c.code.startsWith(stage.prefix));
    if (inStage.length === 0) continue;
    out.push(`## ${stage.title}`, "", "| code | slug | severity | summary |", "|---|---|---|---|");
    for (const c of inStage) out.push(`| [${c.code}](#${c.code.toLowerCase()}-${c.slug}) | \`${c.slug}\` | ${c.severity} | ${c.summary.replaceAll("|", "\\|")} |`);
    out.push("");
    for (const c of inStage) out.push(`### ${c.code} ${c.slug}`, "", `*${c.severity}*: ${c.summary}`, "", c.explanation.trim(), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
