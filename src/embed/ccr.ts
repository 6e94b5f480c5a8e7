/**
 * The claude-code-router (CCR) custom router: turns a CCR request into a `routec.input/1`, decides with the
 * runtime, and answers CCR's `"provider,model"`. CCR calls a CUSTOM_ROUTER_PATH module as
 * `await router(req, config, { event })` with `req.body` the Anthropic Messages request and `req.tokenCount` set.
 * Every fault answers the policy's `on error` remote: the router never fails open to a local model, and never
 * returns null (which would hand the request to CCR's default route, possibly local).
 */
import { evaluate } from "../runtime/index.js";
import type { Decision, Input, Table, VramSnapshot } from "../runtime/types.js";
import { pathsFromText, pathsFromToolInput } from "./tool-paths.js";

/** How routec's runtime and remote names map to CCR provider names, and how synthesis is served. */
export interface CcrOptions {
  /** routec runtime or remote name → CCR provider name; names not listed are used as they are. */
  readonly providers: Readonly<Record<string, string>>;
  /** CCR serves one model per request: `review` sends synthesis tasks to the reviewer, `draft` to the local drafter. */
  readonly synthesis: "review" | "draft";
  /** The task kind when the request does not say (CCR has no notion of task kinds). */
  readonly defaultKind: string;
}

/** What the router learns about its surroundings; injected so tests need no filesystem. */
export interface CcrEnvironment {
  readonly home: string | undefined;
  /** Current GPU telemetry (e.g. a file written by `routec vram --json`), or null when unknown. */
  readonly vram: () => VramSnapshot | null;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function blocks(content: unknown): Json[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isObj) : [];
}

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map((b) => (isObj(b) && typeof b["text"] === "string" ? b["text"] : "")).join("\n");
  return "";
}

/** Claude Code states the working directory in its system prompt (`Working directory: /path`). */
function workingDirectory(system: unknown): string | undefined {
  const match = /(?:^|\n)\s*Working directory:\s*(\S[^\n]*)/.exec(text(system));
  return match?.[1]?.trim();
}

/** Tool-call failures since the user last wrote text: consecutive errors are what signal instability. */
function recentToolFailures(messages: readonly Json[]): { failures: number; schemaMismatch: boolean } {
  let failures = 0;
  let schemaMismatch = false;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m === undefined) continue;
    const bs = blocks(m["content"]);
    if (m["role"] === "user" && bs.some((b) => b["type"] === "text" && typeof b["text"] === "string" && b["text"].trim() !== "") && !bs.some((b) => b["type"] === "tool_result")) break;
    for (const b of bs) {
      if (b["type"] !== "tool_result" || b["is_error"] !== true) continue;
      failures++;
      if (/InputValidationError|invalid_type|did not match the expected schema|schema/i.test(text(b["content"]))) schemaMismatch = true;
    }
  }
  return { failures, schemaMismatch };
}

/** A tool call's paths; arguments nested too deeply to inspect fail closed (`on error`), never local. */
function toolPaths(input: unknown): string[] {
  const paths = pathsFromToolInput(input);
  if (paths === null) throw new Error("a tool call's arguments are nested too deeply to inspect");
  return paths;
}

/** Derives the routing input from a CCR request. Throws on a request it cannot read; the router turns that into `on error`. */
export function ccrInput(req: unknown, options: CcrOptions, env: CcrEnvironment): Input {
  if (!isObj(req) || !isObj(req["body"])) throw new Error("the request has no body");
  const body = req["body"];
  if (!Array.isArray(body["messages"])) throw new Error("the request has no messages");
  const messages = body["messages"].filter(isObj);
  const files: string[] = [];
  const labels = new Set<string>();
  for (const m of messages) {
    for (const b of blocks(m["content"])) {
      if (b["type"] === "tool_use") files.push(...toolPaths(b["input"]));
      else if (b["type"] === "text" && typeof b["text"] === "string" && m["role"] === "user") files.push(...pathsFromText(b["text"]));
    }
  }
  if (isObj(body["thinking"])) labels.add("think");
  const tools = Array.isArray(body["tools"]) ? body["tools"].filter(isObj) : [];
  if (tools.some((t) => typeof t["type"] === "string" && t["type"].startsWith("web_search"))) labels.add("web");
  if (typeof body["model"] === "string" && /haiku/i.test(body["model"])) labels.add("background");
  const { failures, schemaMismatch } = recentToolFailures(messages);
  const tokenCount = req["tokenCount"];
  const context = typeof tokenCount === "number" && Number.isFinite(tokenCount) && tokenCount >= 0 ? Math.round(tokenCount) : Math.ceil(JSON.stringify(body).length / 4);
  const cwd = workingDirectory(body["system"]);
  return {
    schema: "routec.input/1",
    task: { kind: options.defaultKind, labels: [...labels].sort() },
    files: [...new Set(files)],
    ...(cwd !== undefined ? { cwd } : {}),
    ...(env.home !== undefined && env.home !== "" ? { home: env.home } : {}),
    context_tokens: context,
    tool_failures: failures,
    schema_mismatch: schemaMismatch,
    vram: env.vram(),
  };
}

/** The `"provider,model"` CCR should use for a decision. */
export function ccrRoute(decision: Decision, options: CcrOptions): string {
  const provider = (name: string): string => options.providers[name] ?? name;
  if (decision.mode === "synthesis" && decision.review !== null && options.synthesis === "review") return `${provider(decision.review.remote)},${decision.review.model}`;
  if (decision.target === "local" && decision.runtime !== null) return `${provider(decision.runtime)},${decision.model}`;
  return `${provider(decision.remote ?? "")},${decision.model}`;
}

/** The remote of the table's `on error` rule, for faults that happen before the runtime can decide. */
function failClosed(table: Table, options: CcrOptions): string {
  const decision = evaluate(table, null);
  return ccrRoute(decision, options);
}

/** A CCR custom router for `table`. It never throws and never returns null. */
export function createCcrRouter(table: Table, options: CcrOptions, env: CcrEnvironment): (req: unknown, config?: unknown) => Promise<string> {
  return async (req) => {
    try {
      return ccrRoute(evaluate(table, ccrInput(req, options, env)), options);
    } catch {
      return failClosed(table, options);
    }
  };
}
