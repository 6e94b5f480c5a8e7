/**
 * The Claude Code PreToolUse hook: blocks a tool call whose arguments touch a path the policy denies. Claude
 * Code runs the hook with the event as JSON on stdin (`tool_name`, `tool_input`, `cwd`, …); a JSON answer with
 * `hookSpecificOutput.permissionDecision: "deny"` blocks the call and shows the reason to Claude. Anything the
 * hook cannot read is a block too: a hook that fails open protects nothing.
 */
import { evaluate } from "../runtime/index.js";
import type { Decision, Table } from "../runtime/types.js";
import { pathsFromToolInput } from "./tool-paths.js";

/** The hook's verdict: `deny` with the reason shown to Claude, or `pass` (no opinion: Claude Code's own permissions apply). */
export type HookVerdict =
  | { readonly decision: "deny"; readonly reason: string; readonly routing: Decision | null }
  | { readonly decision: "pass"; readonly routing: Decision };

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Decides a PreToolUse event against the table's deny sets. `home` resolves `~` in tool arguments. */
export function preToolUse(table: Table, event: unknown, home: string | undefined): HookVerdict {
  if (!isObj(event) || typeof event["tool_name"] !== "string") {
    return { decision: "deny", reason: "routec could not read the hook event, so the tool call is blocked", routing: null };
  }
  const files = pathsFromToolInput(event["tool_input"]);
  if (files === null) {
    return { decision: "deny", reason: "routec could not inspect every argument of this tool call (they are nested too deeply), so it is blocked", routing: null };
  }
  const cwd = typeof event["cwd"] === "string" && event["cwd"] !== "" ? event["cwd"] : undefined;
  const routing = evaluate(table, {
    task: { kind: "tool", labels: [event["tool_name"]] },
    files,
    ...(cwd !== undefined ? { cwd } : {}),
    ...(home !== undefined && home !== "" ? { home } : {}),
    context_tokens: 0,
    tool_failures: 0,
    schema_mismatch: false,
    vram: null,
  });
  if (routing.denied.length > 0) {
    const what = [...new Set(routing.denied.map((d) => `\`${d.pattern}\` (${d.set})`))].join(", ");
    return { decision: "deny", reason: `routec policy ${JSON.stringify(routing.policy.name)} denies this path: it matches ${what}. Ask the user to do this step or route the task to Claude.`, routing };
  }
  if (routing.error !== null) {
    return { decision: "deny", reason: `routec could not check the paths of this tool call (${routing.error.message}), so it is blocked`, routing };
  }
  return { decision: "pass", routing };
}

/** The hook's stdout for a verdict: the PreToolUse JSON protocol for a denial, nothing for a pass. */
export function hookOutput(verdict: HookVerdict): string {
  if (verdict.decision === "pass") return "";
  return `${JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: verdict.reason } })}\n`;
}
