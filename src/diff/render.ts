/** Renderings of a semantic diff: text for terminals, JSON for tools, markdown for a pull-request comment. */
import type { SourceLocation } from "../runtime/types.js";
import type { Change, SemanticDiff } from "./semantic.js";
import { describeOutcome, severity } from "./semantic.js";

export interface DiffNames {
  readonly before: string;
  readonly after: string;
}

const impact = ["target changed", "model or mode changed", "class changed", "reason changed"] as const;

function rule(id: string | null, source: SourceLocation | null): string {
  if (id === null) return "no rule";
  return source === null ? id : `${id} (${source.file}:${source.line}:${source.column})`;
}

function summary(diff: SemanticDiff): string {
  const n = diff.changes.length;
  const cells = diff.changes.reduce((s, c) => s + c.cells, 0);
  const skipped = `${diff.unwitnessed === 0 ? "" : `; ${diff.unwitnessed} changed cell(s) without a constructible input not shown`}${diff.complete ? "" : "; INCOMPLETE: the cell budget ran out, later regions were not compared"}`;
  return n === 0 ? `no semantic change (${diff.cells} cells compared${skipped})` : `${n} change(s) of decision over ${cells} of ${diff.cells} cells${skipped}`;
}

export function renderDiffText(diff: SemanticDiff, names: DiffNames): string {
  const lines = [`routec diff ${names.before} → ${names.after}: ${summary(diff)}`];
  diff.changes.forEach((c, i) => {
    lines.push("");
    lines.push(`change ${i + 1} (${impact[severity(c)]}): ${describeOutcome(c.before)} → ${describeOutcome(c.after)}`);
    lines.push(`  where: ${c.region.join("; ") || "every input"}${c.cells > 1 ? ` (${c.cells} cells)` : ""}`);
    lines.push(`  rule: ${rule(c.beforeRule, c.beforeSource)} → ${rule(c.afterRule, c.afterSource)}`);
    lines.push(`  witness: ${JSON.stringify(c.witness)}`);
  });
  return `${lines.join("\n")}\n`;
}

function changeJson(c: Change): Record<string, unknown> {
  return {
    impact: impact[severity(c)],
    before: c.before,
    after: c.after,
    before_rule: c.beforeRule,
    after_rule: c.afterRule,
    before_source: c.beforeSource,
    after_source: c.afterSource,
    cells: c.cells,
    region: c.region,
    witness: c.witness,
    decisions: c.decisions,
  };
}

export function renderDiffJson(diff: SemanticDiff, names: DiffNames): string {
  return `${JSON.stringify({ schema: "routec.diff/1", before: names.before, after: names.after, complete: diff.complete, cells: diff.cells, unwitnessed: diff.unwitnessed, changes: diff.changes.map(changeJson) }, null, 2)}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function renderDiffMarkdown(diff: SemanticDiff, names: DiffNames): string {
  const out = [`### routec diff: \`${names.before}\` → \`${names.after}\``, "", summary(diff).replace(/^no semantic change/, "**No semantic change**")];
  if (diff.changes.length === 0) return `${out.join("\n")}\n`;
  out.push("", "| # | impact | before | after | where |", "|---|---|---|---|---|");
  diff.changes.forEach((c, i) => {
    out.push(`| ${i + 1} | ${impact[severity(c)]} | ${cell(describeOutcome(c.before))} | ${cell(describeOutcome(c.after))} | ${cell(c.region.join("; "))} |`);
  });
  out.push("", "<details><summary>Witness inputs (reproduce with <code>routec eval &lt;policy&gt; --input witness.json</code>)</summary>", "");
  diff.changes.forEach((c, i) => {
    out.push(`**${i + 1}.** \`${rule(c.beforeRule, c.beforeSource)}\` → \`${rule(c.afterRule, c.afterSource)}\``, "", "```json", JSON.stringify(c.witness), "```", "");
  });
  out.push("</details>");
  return `${out.join("\n")}\n`;
}
