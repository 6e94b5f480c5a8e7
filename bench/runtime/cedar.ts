/**
 * default.route as Cedar policies, evaluated by `@cedar-policy/cedar-wasm`. Globs become `like` patterns, where
 * `*` crosses `/` (so `**​/`, `*`, `?` and classes all become `*`: Cedar denies a superset of routec). Cedar has
 * no quantifier over a set of strings, so the denylist is one request per path view; the escalation rules are
 * one request per task; candidate selection stays in JavaScript.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import type { GlobSet, Input } from "../../src/runtime/types.js";
import { classify, expandBraces, route, views, vramLevel } from "./baselines.js";
import type { Summary } from "./baselines.js";

interface CedarAnswer {
  readonly type: "success" | "failure";
  readonly response?: { readonly decision: "allow" | "deny" };
  readonly errors?: unknown;
}

interface Cedar {
  getCedarVersion(): string;
  preparsePolicySet(id: string, policies: { staticPolicies: string }): { type: string; errors?: unknown };
  statefulIsAuthorized(call: Record<string, unknown>): CedarAnswer;
}

/** Loads cedar-wasm from the repository's node_modules (it reads its .wasm beside its own module). */
export function loadCedar(): Cedar {
  return createRequire(join(process.cwd(), "package.json"))("@cedar-policy/cedar-wasm/nodejs") as Cedar;
}

function likePatterns(source: string): string[] {
  return expandBraces(source.toLowerCase()).flatMap((g) => {
    const body = g.replaceAll("**", "*").replace(/\[[^\]]*\]/g, "*").replaceAll("?", "*").replace(/\*+/g, "*").replaceAll('"', '\\"');
    const anchored = g.startsWith("~/") || g.startsWith("/") || /^[a-z]:\//.test(g);
    const dir = body.endsWith("/*") ? [body.slice(0, -2)] : [];
    return anchored ? [body, ...dir] : [`*/${body.replace(/^\*\//, "")}`, body, ...dir];
  });
}

const ACTION = { type: "Action", id: "route" };
const PRINCIPAL = { type: "Agent", id: "a" };

function denyPolicies(set: GlobSet): string {
  return set.patterns
    .map((p, i) => {
      const cond = likePatterns(p.source).map((l) => `context.p like "${l}"`).join(" || ");
      const excepts = p.excepts.flatMap((e) => likePatterns(set.excepts[e] ?? "")).map((l) => `context.p like "${l}"`);
      return `@id("deny${i}") permit(principal, action, resource) when { ${cond} }${excepts.length > 0 ? ` unless { ${excepts.join(" || ")} }` : ""};`;
    })
    .join("\n");
}

function authorizer(cedar: Cedar, id: string, policies: string): (context: Record<string, unknown>) => boolean {
  const r = cedar.preparsePolicySet(id, { staticPolicies: policies });
  if (r.type !== "success") throw new Error(`cedar rejects the ${id} policies: ${JSON.stringify(r.errors).slice(0, 400)}`);
  return (context) => {
    const a = cedar.statefulIsAuthorized({ principal: PRINCIPAL, action: ACTION, resource: { type: "Task", id: "t" }, context, preparsedPolicySetId: id, entities: [] });
    if (a.type !== "success" || a.response === undefined) throw new Error(`cedar failed: ${JSON.stringify(a.errors).slice(0, 400)}`);
    return a.response.decision === "allow";
  };
}

/** Cedar's deny check over a file's views: one request per view. */
export function cedarDenied(cedar: Cedar, set: GlobSet): (vs: readonly string[]) => boolean {
  const denied = authorizer(cedar, "deny-only", denyPolicies(set));
  return (vs) => vs.some((p) => denied({ p }));
}

/** A decision function for default.route backed by Cedar. */
export function cedarDecide(cedar: Cedar, set: GlobSet): (input: Input) => Summary {
  const escalate =
    'permit(principal, action, resource) when { !context.labels.containsAny(["security", "architecture"]) && ' +
    '!["auth", "crypto", "deploy"].contains(context.kind) && context.tool_failures < 2 && !context.schema_mismatch && ' +
    'context.runtime_errors < 3 && context.context_tokens <= 65536 && context.vram_level != 0 };';
  const deniedView = authorizer(cedar, "deny", denyPolicies(set));
  const localOk = authorizer(cedar, "local", escalate);
  return (input) => {
    const cwd = input.cwd ?? "";
    const home = input.home ?? "";
    let denied = false;
    for (const f of input.files) {
      for (const v of views(typeof f === "string" ? f : f.path, cwd, home)) {
        if (deniedView({ p: v })) denied = true;
        if (denied) break;
      }
      if (denied) break;
    }
    const { level, largest } = vramLevel(input);
    const local =
      !denied &&
      localOk({
        labels: input.task.labels,
        kind: input.task.kind,
        tool_failures: input.tool_failures,
        schema_mismatch: input.schema_mismatch,
        runtime_errors: input.runtime_errors ?? 0,
        context_tokens: input.context_tokens,
        vram_level: level,
      });
    return local ? route(input, classify(input), largest) : { target: "remote", model: "claude-sonnet-4-5" };
  };
}
