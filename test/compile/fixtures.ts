/** Hand-built checked policies for compile tests (independent of the parser and checker). */
import type { CheckedPolicy } from "../../src/check/checked.js";
import type { TableBody } from "../../src/compile/canonical.js";
import type { Span } from "../../src/diagnostics/diagnostic.js";
import type { Cond, TargetRule } from "../../src/runtime/types.js";

export function span(file: string, line: number, column = 1): Span {
  return { file, start: { offset: line * 100 + column, line, column }, end: { offset: line * 100 + column + 5, line, column: column + 5 } };
}

const claude: TargetRule = { kind: "remote", remote: "claude" };
const T: Cond = { op: "true" };

/** A small policy shaped like policies/default.route, split over a root file and one include. */
export function sampleChecked(root = "policies/main.route", include = "policies/inc/models.route"): CheckedPolicy {
  const model = (runtime: string, context: number, tools: boolean, vram: number, line: number) => ({
    runtime, context, tools, vram_mib: vram, cost: 0, span: span(include, line),
  });
  return {
    name: "sample",
    version: 1,
    files: [root, include],
    options: { case: "platform", redact_denied: true },
    runtimes: { ollama: { endpoint: "http://127.0.0.1:11434", enabled: true, span: span(include, 1) } },
    models: { "qwen:7b": model("ollama", 32768, true, 5530, 2), "phi3": model("ollama", 4096, false, 2355, 3) },
    remotes: { claude: { model: "claude-sonnet-4-5", span: span(root, 2) } },
    classes: [
      { name: "L0", description: "docs", max_context: 8192, tools_required: false, local_allowed: true, span: span(root, 4) },
      { name: "L3", description: null, max_context: null, tools_required: false, local_allowed: false, span: span(root, 5) },
    ],
    denySets: [
      {
        name: "secrets",
        description: "OS and user secrets",
        span: span(root, 7),
        patterns: [
          { id: "deny:secrets#1", source: "~/.ssh/**", excepts: [], origin: "std.secrets", span: span(root, 8) },
          { id: "deny:secrets#2", source: "**/.env*", excepts: ["**/.env.example"], origin: "policy", span: span(root, 9) },
          { id: "deny:secrets#3", source: "**/id_rsa*", excepts: ["**/*.pub"], origin: "policy", span: span(root, 10) },
        ],
      },
    ],
    matchGlobs: ["docs/**"],
    vram: {
      levels: [{ id: "vram:critical", span: span(root, 12), value: { name: "critical", when: { op: "cmp", feature: "free_pct", cmp: "<", value: 10 } } }],
      unknown: "critical",
      low_vram_mode: null,
    },
    classify: [
      { id: "classify#1", span: span(root, 14), value: { when: { op: "label", values: ["security"] }, class: "L3" } },
      { id: "classify#2", span: span(root, 15), value: { when: { op: "files", quantifier: "all", set: "glob:docs/**" }, class: "L0" } },
      { id: "classify#3", span: span(root, 16), value: { when: T, class: "L3" } },
    ],
    escalate: [{ id: "escalate#1", span: span(root, 18), value: { when: { op: "denied", set: null }, target: claude, reason: "sensitive path" } }],
    routes: {
      L0: { id: "route:L0", span: span(root, 20), value: { target: { kind: "local", candidates: ["qwen:7b", "phi3"], fallback: claude } } },
      L3: { id: "route:L3", span: span(root, 21), value: { target: claude } },
    },
    onError: { id: "on_error", span: span(root, 22), value: { target: claude } },
    asserts: [{ id: "assert#1", span: span(root, 23), value: { name: "no leak", cond: { op: "implies", left: { op: "denied", set: null }, right: { op: "location", location: "remote" } } } }],
  };
}

export function sampleSources(root = "policies/main.route", include = "policies/inc/models.route"): Record<string, string> {
  return { [root]: 'policy "sample" version 1\ninclude "inc/models.route"\n', [include]: "runtime ollama {}\n" };
}

/** The smallest valid table body. */
export function minimalBody(): TableBody {
  return {
    schema: "routec.table/1",
    policy: { name: "p", version: null, source_sha256: "0".repeat(64) },
    options: { case: "insensitive", unicode: "NFC", redact_denied: true },
    runtimes: {},
    models: {},
    remotes: { claude: { model: "claude-sonnet-4-5" } },
    classes: { L0: { description: null, max_context: null, tools_required: false, local_allowed: true } },
    globsets: {},
    vram: { levels: [], unknown: "ok", low_vram_mode: null },
    classify: [{ id: "classify#1", when: T, then: "L0" }],
    escalate: [],
    routes: { L0: { id: "route:L0", target: claude } },
    on_error: { id: "on_error", target: claude },
    source_map: {},
  };
}
