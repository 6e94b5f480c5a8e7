import { describe, expect, it } from "vitest";
import { stdSets } from "../../src/stdlib/index.js";
import { checkProgram } from "../../src/check/index.js";
import { loadProgram } from "../../src/syntax/index.js";
import type { SourceHost } from "../../src/syntax/index.js";
import { base, checkFiles, checkText } from "./helpers.js";

function policyOf(text: string) {
  const result = checkText(text);
  expect(result.diagnostics).toEqual([]);
  if (result.policy === null) throw new Error("policy did not check");
  return result.policy;
}

const withRules = (classify: string, extra = "") =>
  base.replace(/classify \{[\s\S]*?\n\}/, `classify {\n${classify}\n}`) + extra;

describe("check: normalization", () => {
  it("normalizes tokens with k = 1024 and memory to rounded MiB when declaring models", () => {
    const p = policyOf(base.replace('model "phi3:latest" on ollama { context 4k tools no vram 2.3GiB }', 'model "phi3:latest" on ollama { context 1M tools no vram 500MB cost 0.5 }'));
    expect(p.models["phi3:latest"]).toMatchObject({ context: 1048576, vram_mib: 477, tools: false, cost: 0.5, runtime: "ollama" });
    expect(p.models["qwen2.5:7b-instruct"]).toMatchObject({ context: 32768, vram_mib: 5530, tools: true });
    expect(p.models["llama3.1:latest"]?.cost).toBe(0);
  });

  it("lowers free with a percent to free_pct and with a size to free_mib when reading vram levels", () => {
    const p = policyOf(base);
    expect(p.vram.levels).toMatchObject([
      {
        id: "vram:critical",
        value: {
          name: "critical",
          when: { op: "or", args: [{ op: "cmp", feature: "free_pct", cmp: "<", value: 10 }, { op: "cmp", feature: "free_mib", cmp: "<", value: 1024 }] },
        },
      },
    ]);
    expect(p.vram.unknown).toBe("critical");
    expect(p.vram.low_vram_mode).toBeNull();
  });

  it("applies defaults when the policy has no paths or vram block", () => {
    const p = policyOf(base.replace(/vram \{[\s\S]*?\n\}/, "").replace("vram critical -> claude\n", ""));
    expect(p.options).toEqual({ case: "insensitive", redact_denied: true });
    expect(p.vram).toEqual({ levels: [], unknown: "ok", low_vram_mode: null });
  });

  it("reads paths options when a paths block is given", () => {
    const p = policyOf(`${base}\npaths { case platform redact no }\n`);
    expect(p.options).toEqual({ case: "platform", redact_denied: false });
  });

  it("reads class options when declaring classes", () => {
    const p = policyOf(base);
    expect(p.classes.map(({ span: _span, ...c }) => c)).toEqual([
      { name: "L1", description: "routine", max_context: 32768, tools_required: true, local_allowed: true },
      { name: "L3", description: "security", max_context: null, tools_required: false, local_allowed: false },
    ]);
  });
});

describe("check: conditions", () => {
  it("lowers == and != on enumerated features to in and not in", () => {
    const p = policyOf(withRules("  kind == edit and kind != \"docs\" -> L1\n  hint in [L3, L1] -> L3\n  kind not in [b, a] -> L1\n  otherwise -> L1"));
    expect(p.classify.map((r) => r.value.when)).toEqual([
      { op: "and", args: [{ op: "in", feature: "kind", values: ["edit"] }, { op: "not", arg: { op: "in", feature: "kind", values: ["docs"] } }] },
      { op: "in", feature: "hint", values: ["L1", "L3"] },
      { op: "not", arg: { op: "in", feature: "kind", values: ["a", "b"] } },
      { op: "true" },
    ]);
  });

  it("lowers file quantifiers to match sets named glob:<source> and lists them sorted", () => {
    const p = policyOf(withRules('  any file "docs/**" -> L1\n  all files "**/*.md" -> L1\n  no file "src/**" -> L3\n  otherwise -> L1'));
    expect(p.classify.slice(0, 3).map((r) => r.value.when)).toEqual([
      { op: "files", quantifier: "any", set: "glob:docs/**" },
      { op: "files", quantifier: "all", set: "glob:**/*.md" },
      { op: "not", arg: { op: "files", quantifier: "any", set: "glob:src/**" } },
    ]);
    expect(p.matchGlobs).toEqual(["**/*.md", "docs/**", "src/**"]);
  });

  it("lowers labels, counts, context, flags and booleans", () => {
    const p = policyOf(
      withRules('  label "security" or label in [auth, crypto] -> L3\n  files <= 3 and context > 64k -> L1\n  schema_mismatch and not low_vram_mode -> L3\n  tool_failures >= 2 or runtime_errors == 1 or false -> L3\n  true -> L1'),
    );
    expect(p.classify.map((r) => r.value.when)).toEqual([
      { op: "or", args: [{ op: "label", values: ["security"] }, { op: "label", values: ["auth", "crypto"] }] },
      { op: "and", args: [{ op: "cmp", feature: "files", cmp: "<=", value: 3 }, { op: "cmp", feature: "context", cmp: ">", value: 65536 }] },
      { op: "and", args: [{ op: "flag", feature: "schema_mismatch" }, { op: "not", arg: { op: "flag", feature: "low_vram_mode" } }] },
      {
        op: "or",
        args: [
          { op: "cmp", feature: "tool_failures", cmp: ">=", value: 2 },
          { op: "cmp", feature: "runtime_errors", cmp: "==", value: 1 },
          { op: "false" },
        ],
      },
      { op: "true" },
    ]);
  });

  it("lowers assert conditions with implication and decision predicates", () => {
    const p = policyOf(`${base}
assert "l3": class == L3 => target == claude and mode != synthesis
assert "local": not denied secrets => target is local or target == "phi3:latest"
`);
    expect(p.asserts.map((a) => [a.id, a.value.name, a.value.cond])).toEqual([
      ["assert#1", "secrets stay remote", { op: "implies", left: { op: "denied", set: null }, right: { op: "location", location: "remote" } }],
      [
        "assert#2",
        "l3",
        {
          op: "implies",
          left: { op: "in", feature: "class", values: ["L3"] },
          right: { op: "and", args: [{ op: "target", name: "claude" }, { op: "not", arg: { op: "mode", mode: "synthesis" } }] },
        },
      ],
      [
        "assert#3",
        "local",
        {
          op: "implies",
          left: { op: "not", arg: { op: "denied", set: "secrets" } },
          right: { op: "or", args: [{ op: "location", location: "local" }, { op: "target", name: "phi3:latest" }] },
        },
      ],
    ]);
  });
});

describe("check: rules and targets", () => {
  it("gives rules stable ids and uses the condition text as reason when none is written", () => {
    const p = policyOf(base);
    expect(p.classify.map((r) => r.id)).toEqual(["classify#1", "classify#2"]);
    expect(p.escalate.map((r) => [r.id, r.value.reason])).toEqual([
      ["escalate#1", "sensitive path"],
      ["escalate#2", "vram critical"],
    ]);
    expect(Object.values(p.routes).map((r) => r.id)).toEqual(["route:L1", "route:L3"]);
    expect(p.onError).toMatchObject({ id: "on_error", value: { target: { kind: "remote", remote: "claude" } } });
  });

  it("lowers candidates, fallbacks and synthesis to target rules", () => {
    const p = policyOf(
      base
        .replace('route L1 -> "qwen2.5:7b-instruct", "llama3.1:latest" else claude', 'route L1 -> synthesize draft "llama3.1:latest", "qwen2.5:7b-instruct" review claude else "phi3:latest" else claude')
        .replace("denied path -> claude", 'denied path -> "phi3:latest"'),
    );
    expect(p.routes["L1"]?.value.target).toEqual({
      kind: "synthesis",
      draft: ["llama3.1:latest", "qwen2.5:7b-instruct"],
      review: "claude",
      fallback: { kind: "local", candidates: ["phi3:latest"], fallback: { kind: "remote", remote: "claude" } },
    });
    expect(p.escalate[0]?.value.target).toEqual({ kind: "local", candidates: ["phi3:latest"], fallback: null });
  });

  it("expands use std.secrets into patterns with their origin and numbers every pattern of the set", () => {
    const p = policyOf(base);
    const set = p.denySets[0];
    const std = stdSets["std.secrets"] ?? [];
    expect(set?.patterns.length).toBe(std.length + 1);
    expect(set?.patterns[0]).toMatchObject({ id: "deny:secrets#1", source: std[0]?.pattern, origin: "std.secrets" });
    expect(set?.patterns.at(-1)).toMatchObject({ id: `deny:secrets#${std.length + 1}`, source: "**/.env", excepts: ["**/.env.example"], origin: "policy" });
  });

  it("splices included rules at the point of the include when the policy has includes", () => {
    const result = checkFiles({
      "main.route": withRules('  kind == a -> L1\n  otherwise -> L1').replace("classify {", 'include "rules/more.route"\nclassify {'),
      "rules/more.route": 'classify { kind == first -> L3 }\ninclude "../shared.route"\n',
      "shared.route": "classify { kind == second -> L3 }\n",
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.policy?.files).toEqual(["main.route", "rules/more.route", "shared.route"]);
    expect(result.policy?.classify.map((r) => [r.id, r.value.when])).toEqual([
      ["classify#1", { op: "in", feature: "kind", values: ["first"] }],
      ["classify#2", { op: "in", feature: "kind", values: ["second"] }],
      ["classify#3", { op: "in", feature: "kind", values: ["a"] }],
      ["classify#4", { op: "true" }],
    ]);
  });

  it("splices a file included twice only at its first include", () => {
    const result = checkFiles({
      "main.route": withRules("  otherwise -> L1").replace("classify {", 'include "a.route"\ninclude "b.route"\nclassify {'),
      "a.route": 'include "shared.route"\nclassify { kind == a -> L3 }\n',
      "b.route": 'include "shared.route"\nclassify { kind == b -> L3 }\n',
      "shared.route": "classify { kind == s -> L3 }\n",
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.policy?.classify.map((r) => r.value.when)).toEqual([
      { op: "in", feature: "kind", values: ["s"] },
      { op: "in", feature: "kind", values: ["a"] },
      { op: "in", feature: "kind", values: ["b"] },
      { op: "true" },
    ]);
  });

  it("splices includes when the host resolves them to paths of its own", () => {
    const files: Record<string, string> = {
      "main.route": withRules("  otherwise -> L1").replace("classify {", 'include "rules/a.route"\nclassify {'),
      "/mnt/store/rules/a.route": "classify { kind == a -> L3 }\n",
    };
    const host: SourceHost = { readFile: (p) => files[p] ?? null, resolve: (_from, relative) => `/mnt/store/${relative}` };
    const loaded = loadProgram("main.route", host);
    if (!loaded.ok) throw new Error("does not load");
    const checked = checkProgram(loaded.value);
    expect(checked.ok && checked.value.classify.map((r) => r.value.when)).toEqual([{ op: "in", feature: "kind", values: ["a"] }, { op: "true" }]);
  });
});
