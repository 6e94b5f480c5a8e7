/**
 * `routec report <policy|table> --input <file|->`: the per-task routing report for audit logs: why each task
 * went local or to Claude (class and the rule that classified it, the escalation trigger, candidates tried and
 * skipped, VRAM level, denied files redacted, policy sha256), as markdown or `routec.report/1` JSON.
 * Exit codes as for `routec eval`.
 */
import { Command, Option } from "commander";
import { z } from "zod";
import { explain } from "../../runtime/index.js";
import type { Decision, DeniedFile, Reason, SkipReason, SourceLocation, Table, TraceStep } from "../../runtime/types.js";
import { sanitize } from "../../sanitize/index.js";
import type { CliIO } from "../io.js";
import { done, loadTable, readInputs, warnOnError } from "./eval.js";

/** A rule that decided something, with where it is written. */
export interface ReportRule {
  readonly rule: string;
  readonly source: SourceLocation | null;
}

/** One candidate the runtime considered for a local or synthesis target. */
export interface ReportCandidate {
  readonly model: string;
  readonly role: "candidate" | "draft";
  readonly skipped: SkipReason | null;
}

/** The report for one task. */
export interface TaskReport {
  readonly index: number;
  readonly task_id: string | null;
  readonly kind: string | null;
  readonly target: Decision["target"];
  readonly mode: Decision["mode"];
  readonly model: string;
  readonly runtime: string | null;
  readonly remote: string | null;
  readonly review: Decision["review"];
  readonly class: string | null;
  readonly classified_by: ReportRule | null;
  readonly escalation: (ReportRule & { readonly reason: string }) | null;
  readonly route: ReportRule | null;
  readonly candidates: readonly ReportCandidate[];
  readonly vram_level: string | null;
  readonly denied: readonly DeniedFile[];
  readonly error: Decision["error"];
}

/** `routec.report/1`: the routing report for a batch of tasks under one policy. */
export interface Report {
  readonly schema: "routec.report/1";
  readonly policy: Decision["policy"];
  readonly summary: { readonly tasks: number; readonly local: number; readonly remote: number; readonly synthesis: number; readonly errors: number };
  readonly tasks: readonly TaskReport[];
}

function ruleOf(reasons: readonly Reason[], code: Reason["code"]): (ReportRule & { readonly message: string }) | null {
  const r = reasons.find((x) => x.code === code);
  return r === undefined || r.rule === null ? null : { rule: r.rule, source: r.source, message: r.message };
}

function taskField(input: unknown, field: "id" | "kind"): string | null {
  if (typeof input !== "object" || input === null || !("task" in input)) return null;
  const task: unknown = input.task;
  if (typeof task !== "object" || task === null || !(field in task)) return null;
  const value: unknown = (task as Record<string, unknown>)[field];
  return typeof value === "string" ? value : null;
}

/** Builds the report for one task from its decision and trace. */
export function taskReport(index: number, input: unknown, decision: Decision, trace: readonly TraceStep[]): TaskReport {
  const classified = ruleOf(decision.reasons, "classified");
  const escalated = ruleOf(decision.reasons, "escalated");
  const routed = ruleOf(decision.reasons, "routed");
  const candidates: ReportCandidate[] = [];
  for (const s of trace) if (s.step === "candidate") candidates.push({ model: s.model, role: s.role, skipped: s.skipped });
  return {
    index,
    task_id: taskField(input, "id"),
    kind: taskField(input, "kind"),
    target: decision.target,
    mode: decision.mode,
    model: decision.model,
    runtime: decision.runtime,
    remote: decision.remote,
    review: decision.review,
    class: decision.class,
    classified_by: classified === null ? null : { rule: classified.rule, source: classified.source },
    escalation: escalated === null ? null : { rule: escalated.rule, source: escalated.source, reason: escalated.message },
    route: routed === null ? null : { rule: routed.rule, source: routed.source },
    candidates,
    vram_level: decision.vram_level,
    denied: decision.denied,
    error: decision.error,
  };
}

/** Evaluates every input under `table` and builds the report. */
export function buildReport(table: Table, inputs: readonly unknown[]): { report: Report; decisions: Decision[] } {
  const decisions: Decision[] = [];
  const tasks = inputs.map((input, i) => {
    const { decision, trace } = explain(table, input);
    decisions.push(decision);
    return taskReport(i, input, decision, trace);
  });
  const count = (p: (t: TaskReport) => boolean): number => tasks.filter(p).length;
  const policy = decisions[0]?.policy ?? { name: table.policy.name, version: table.policy.version, sha256: table.sha256 };
  return {
    report: {
      schema: "routec.report/1",
      policy,
      summary: {
        tasks: tasks.length,
        local: count((t) => t.target === "local" && t.mode === "direct"),
        remote: count((t) => t.target === "remote"),
        synthesis: count((t) => t.mode === "synthesis"),
        errors: count((t) => t.error !== null),
      },
      tasks,
    },
    decisions,
  };
}

const at = (r: ReportRule): string => `\`${r.rule}\`${r.source === null ? "" : ` (${r.source.file}:${r.source.line}:${r.source.column})`}`;

function destination(t: TaskReport): string {
  if (t.target === "remote") return `**remote** \`${t.remote ?? ""}\` (model \`${t.model}\`)`;
  if (t.mode === "synthesis") return `**synthesis**: \`${t.model}\` on \`${t.runtime ?? ""}\` drafts, \`${t.review?.remote ?? ""}\` (\`${t.review?.model ?? ""}\`) reviews`;
  return `**local** \`${t.model}\` on \`${t.runtime ?? ""}\``;
}

function why(t: TaskReport): string {
  if (t.error !== null) return `the \`on error\` target: ${t.error.message} (${t.error.code})`;
  if (t.escalation !== null) return `escalated: "${t.escalation.reason}" by ${at(t.escalation)}`;
  if (t.route !== null) return `routed by ${at(t.route)}`;
  return "the `on error` target";
}

/** The report as markdown. */
export function renderMarkdown(report: Report): string {
  const p = report.policy;
  const s = report.summary;
  const lines = [
    `# Routing report: \`${p.name}\`${p.version === null ? "" : ` v${p.version}`}`,
    "",
    `Policy table sha256 \`${p.sha256}\`. ${s.tasks} task${s.tasks === 1 ? "" : "s"}: ${s.local} local, ${s.synthesis} synthesis, ${s.remote} remote (${s.errors} on error).`,
  ];
  for (const t of report.tasks) {
    lines.push("", `## Task ${t.index + 1}${t.task_id === null ? "" : ` \`${t.task_id}\``}${t.kind === null ? "" : ` (kind \`${t.kind}\`)`}`, "");
    lines.push(`- Decision: ${destination(t)}`);
    lines.push(`- Why: ${why(t)}`);
    lines.push(`- Class: ${t.class === null ? "none (input error)" : `\`${t.class}\``}${t.classified_by === null ? "" : ` by ${at(t.classified_by)}`}`);
    if (t.candidates.length > 0) {
      lines.push(`- Candidates: ${t.candidates.map((c) => `\`${c.model}\` ${c.skipped === null ? "chosen" : `skipped (${c.skipped})`}`).join(", ")}`);
    }
    lines.push(`- VRAM level: ${t.vram_level === null ? "not computed" : `\`${t.vram_level}\``}`);
    if (t.denied.length > 0) lines.push(`- Denied files: ${t.denied.map((d) => `file ${d.file} \`${d.path}\` by \`${d.set}\` (\`${d.pattern}\`)`).join("; ")}`);
  }
  return `${lines.join("\n")}\n`;
}

const optionsSchema = z.object({
  input: z.string({ error: "`--input <file|->` is required" }),
  format: z.enum(["markdown", "json"], { error: "`--format` must be `markdown` or `json`" }).default("markdown"),
});

/** The `report` command. */
export function reportCommand(io: CliIO): Command {
  return new Command("report")
    .description(
      "Explain, for audit logs, why each task goes local or to Claude.\n\n" +
        "The input is one routing input, a JSON array of inputs, or JSON lines. For each task: the class and the " +
        "rule that classified it, the escalation trigger and reason, candidates tried and skipped, the VRAM " +
        "level, denied files (redacted per policy) and the policy's sha256. Exit codes as for `routec eval`.",
    )
    .argument("<policy>", "a .route policy or a compiled table (.json)")
    .option("-i, --input <file>", "routing inputs, `-` for stdin")
    .addOption(new Option("--format <format>", "`markdown` or `json` (routec.report/1)").choices(["markdown", "json"]))
    .action(async (policy: string, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        io.stderr(`routec report: ${parsed.error.issues[0]?.message ?? "invalid options"}\n`);
        io.setExitCode(2);
        return;
      }
      const table = await loadTable(io, policy);
      if (!table.ok) return done(io, table.failure);
      const inputs = await readInputs(io, parsed.data.input, true);
      if (!inputs.ok) return done(io, inputs.failure);
      const { report, decisions } = buildReport(table.value, inputs.value);
      decisions.forEach((d, i) => warnOnError(io, d, `task ${i + 1} `));
      io.stdout(sanitize(parsed.data.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report)));
      io.setExitCode(0);
    });
}
