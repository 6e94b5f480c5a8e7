import { describe, expect, it } from "vitest";
import { evaluate, explain, REDACTED, UNAVAILABLE } from "../../src/runtime/index.js";
import type { Table, TraceStep } from "../../src/runtime/types.js";
import { defaultTable, globSet, input, srcTsSet, withTable } from "./tables.js";

const gpus = (...free: number[]) => ({ gpus: free.map((f, index) => ({ index, total_mib: 24576, free_mib: f })) });

describe("evaluate", () => {
  it("routes a small edit to the first local candidate when nothing escalates", () => {
    const d = evaluate(defaultTable, input());
    expect(d).toMatchObject({ target: "local", mode: "direct", runtime: "ollama", model: "qwen2.5:7b-instruct", remote: null, class: "L1", vram_level: "ok", error: null });
    expect(d.reasons.map((r) => r.code)).toEqual(["classified", "routed"]);
    expect(d.reasons[0]).toMatchObject({ rule: "classify#4" });
    expect(d.reasons[1]).toMatchObject({ rule: "route:L1", source: { file: "policies/default.route", line: 61, column: 1 } });
    expect(d.policy).toEqual({ name: "local-first", version: 1, sha256: "0".repeat(64) });
  });

  it("escalates to the remote with the trigger's reason when a file is denied", () => {
    const d = evaluate(defaultTable, input({ files: ["~/.ssh/id_ed25519", "src/app.ts"] }));
    expect(d).toMatchObject({ target: "remote", remote: "claude", model: "claude-sonnet-4-5", runtime: null, class: "L1" });
    expect(d.reasons.find((r) => r.code === "escalated")).toMatchObject({ message: "sensitive path", rule: "escalate#1" });
    expect(d.denied).toEqual([{ set: "secrets", pattern: "~/.ssh/**", file: 0, path: REDACTED }]);
  });

  it("reports denied paths as given when the policy does not redact", () => {
    const t = withTable({ options: { ...defaultTable.options, redact_denied: false } });
    expect(evaluate(t, input({ files: ["~/.aws/credentials"] })).denied[0]?.path).toBe("~/.aws/credentials");
  });

  it("classifies with the first matching rule in order", () => {
    expect(evaluate(defaultTable, input({ task: { kind: "edit", labels: ["security"] } })).class).toBe("L3");
    expect(evaluate(defaultTable, input({ task: { kind: "docs", labels: [] } })).class).toBe("L0");
    expect(evaluate(defaultTable, input({ files: ["a", "b", "c", "d"] })).class).toBe("L2");
    expect(evaluate(defaultTable, input({ task: { kind: "other", labels: [] } })).class).toBe("L2");
  });

  it("ignores the self-declared hint unless a rule reads it", () => {
    expect(evaluate(defaultTable, input({ task: { kind: "edit", labels: [], class: "L3" } })).class).toBe("L1");
    const t = withTable({ classify: [{ id: "h", when: { op: "in", feature: "hint", values: ["L3"] }, then: "L3" }, ...defaultTable.classify] });
    expect(evaluate(t, input({ task: { kind: "edit", labels: [], class: "L3" } })).class).toBe("L3");
    expect(evaluate(t, input()).class).toBe("L1");
  });

  it("takes the first escalation trigger that holds", () => {
    const d = evaluate(defaultTable, input({ tool_failures: 2, schema_mismatch: true }));
    expect(d.reasons.find((r) => r.code === "escalated")?.message).toBe("tool-call instability");
    expect(evaluate(defaultTable, input({ runtime_errors: 3 })).reasons.find((r) => r.code === "escalated")?.message).toBe("local runtime instability");
    expect(evaluate(defaultTable, input({ runtime_errors: 2 })).target).toBe("local");
    expect(evaluate(defaultTable, input({ context_tokens: 65537 })).reasons.find((r) => r.code === "escalated")?.message).toBe("long context");
  });

  it("computes the vram level from summed telemetry, most severe level first", () => {
    expect(evaluate(defaultTable, input({ vram: gpus(1000) })).vram_level).toBe("critical");
    expect(evaluate(defaultTable, input({ vram: gpus(5000) })).vram_level).toBe("low");
    expect(evaluate(defaultTable, input({ vram: gpus(20000) })).vram_level).toBe("ok");
    // 16000 of 49152 free is 32.6%; split evenly, fragmentation is 50%, not above 50
    expect(evaluate(defaultTable, input({ vram: gpus(8000, 8000) })).vram_level).toBe("ok");
    // 30000 of 98304 free is 30.5%, but the largest free gpu holds 8000: fragmentation 73%
    expect(evaluate(defaultTable, input({ vram: gpus(8000, 8000, 7000, 7000) })).vram_level).toBe("low");
  });

  it("uses the unknown level when telemetry is null or lists no gpu", () => {
    expect(evaluate(defaultTable, input({ vram: null })).vram_level).toBe("low");
    expect(evaluate(defaultTable, input({ vram: { gpus: [] } })).vram_level).toBe("low");
  });

  it("raises the level to the low-vram-mode level but never lowers it", () => {
    expect(evaluate(defaultTable, input({ vram: { ...gpus(20000), low_vram_mode: true } })).vram_level).toBe("low");
    expect(evaluate(defaultTable, input({ vram: { ...gpus(1000), low_vram_mode: true } })).vram_level).toBe("critical");
  });

  it("escalates on vram pressure before routing", () => {
    const d = evaluate(defaultTable, input({ vram: gpus(500) }));
    expect(d.target).toBe("remote");
    expect(d.reasons.find((r) => r.code === "escalated")?.message).toBe("VRAM pressure");
  });

  it("skips candidates that cannot serve and records why", () => {
    // context 40000 exceeds qwen's 32k: L2 (40000 > 32k class limit of L1? no: 4 files makes it L2)
    const d = evaluate(defaultTable, input({ task: { kind: "docs", labels: [] }, context_tokens: 5000 }));
    expect(d).toMatchObject({ target: "local", model: "qwen2.5:7b-instruct" });
    const big = evaluate(defaultTable, input({ context_tokens: 40000 }));
    expect(big.reasons.filter((r) => r.code === "skipped").map((r) => r.message)).toEqual([
      "`qwen2.5:7b-instruct` skipped: context",
      "`llama3.1:latest` skipped: class-context",
      "`mistral:latest` skipped: context",
    ]);
    expect(big).toMatchObject({ target: "remote", remote: "claude" });
    expect(big.reasons.map((r) => r.code)).toContain("fallback");
  });

  it("skips a model whose footprint exceeds the largest free gpu", () => {
    const d = evaluate(defaultTable, input({ vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 5300 }, { index: 1, total_mib: 8192, free_mib: 5300 }] } }));
    expect(d.vram_level).toBe("ok");
    expect(d).toMatchObject({ target: "local", model: "mistral:latest" });
    expect(d.reasons.filter((r) => r.code === "skipped").map((r) => r.message)).toEqual(["`qwen2.5:7b-instruct` skipped: vram", "`llama3.1:latest` skipped: vram"]);
  });

  it("skips models of a disabled runtime, tool-less models for tool classes and local for local-never classes", () => {
    const models = { ...defaultTable.models, "v:1": { runtime: "vllm", context: 131072, tools: true, vram_mib: 1, cost: 0 } };
    const routes = { ...defaultTable.routes, L1: { id: "route:L1", target: { kind: "local" as const, candidates: ["v:1", "phi3:latest", "mistral:latest"], fallback: null } } };
    const d = evaluate(withTable({ models, routes }), input());
    expect(d.reasons.filter((r) => r.code === "skipped").map((r) => r.message)).toEqual(["`v:1` skipped: runtime-disabled", "`phi3:latest` skipped: tools"]);
    expect(d.model).toBe("mistral:latest");
    const l3 = { ...defaultTable.routes, L3: { id: "route:L3", target: { kind: "local" as const, candidates: ["mistral:latest"], fallback: { kind: "remote" as const, remote: "claude" } } } };
    const d3 = evaluate(withTable({ routes: l3 }), input({ task: { kind: "auth", labels: [] } }));
    expect(d3.reasons.find((r) => r.code === "skipped")?.message).toBe("`mistral:latest` skipped: class-forbids-local");
    expect(d3.target).toBe("remote");
  });

  it("drafts locally and reviews remotely for synthesis", () => {
    const d = evaluate(defaultTable, input({ task: { kind: "refactor", labels: [] } }));
    expect(d).toMatchObject({ target: "local", mode: "synthesis", model: "llama3.1:latest", runtime: "ollama", remote: null, review: { remote: "claude", model: "claude-sonnet-4-5" } });
    expect(d.reasons.map((r) => r.code)).toEqual(["classified", "routed", "synthesis"]);
  });

  it("falls back from synthesis when no draft can serve", () => {
    const d = evaluate(defaultTable, input({ task: { kind: "refactor", labels: [] }, vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 6000 }] } }));
    expect(d).toMatchObject({ target: "remote", mode: "direct", remote: "claude" });
  });

  it("quotes the remote it falls back to in backticks when no candidate can serve", () => {
    const d = evaluate(defaultTable, input({ task: { kind: "refactor", labels: [] }, vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 6000 }] } }));
    expect(d.reasons.find((r) => r.code === "fallback")?.message).toBe("no draft can serve; falling back to `claude`");
  });

  it("takes on error without an error code when candidates run out and there is no fallback", () => {
    const routes = { ...defaultTable.routes, L1: { id: "route:L1", target: { kind: "local" as const, candidates: ["phi3:latest"], fallback: null } } };
    const d = evaluate(withTable({ routes }), input());
    expect(d).toMatchObject({ target: "remote", remote: "claude", error: null, class: "L1" });
    expect(d.reasons.at(-1)).toMatchObject({ code: "on-error", rule: "on_error" });
  });

  it("guards a hand-edited table that would send a denied file to a local model", () => {
    const t = withTable({ escalate: [] });
    const d = evaluate(t, input({ files: ["/home/bob/.ssh/id_rsa"] }));
    expect(d).toMatchObject({ target: "remote", remote: "claude", error: { code: "R0510" } });
    expect(d.reasons.map((r) => r.code)).toContain("guard");
  });

  it("evaluates match-set conditions over all and any file", () => {
    const globsets = { ...defaultTable.globsets, [srcTsSet.name]: srcTsSet };
    const classify = [
      { id: "all", when: { op: "files" as const, quantifier: "all" as const, set: srcTsSet.name }, then: "L0" },
      { id: "any", when: { op: "files" as const, quantifier: "any" as const, set: srcTsSet.name }, then: "L1" },
      { id: "rest", when: { op: "true" as const }, then: "L2" },
    ];
    const t = withTable({ globsets, classify });
    expect(evaluate(t, input({ files: ["src/a.ts", "/w/src/deep/b.ts"] })).class).toBe("L0");
    expect(evaluate(t, input({ files: ["src/a.ts", "README.md"] })).class).toBe("L1");
    expect(evaluate(t, input({ files: ["README.md"] })).class).toBe("L2");
    expect(evaluate(t, input({ files: [] })).class).toBe("L0");
  });

  it("applies a pattern's excepts to that pattern only", () => {
    const t = withTable({
      globsets: {
        keys: globSet("keys", "deny", [
          ["**/id_rsa*", ["basename_prefix", "id_rsa"], [["**/*.pub", ["suffix", ".pub"]]]],
          ["**/id_ed25519.pub", ["basename", "id_ed25519.pub"]],
        ]),
      },
    });
    const denied = (f: string) => evaluate(t, input({ files: [f] })).denied.length > 0;
    expect(denied("x/id_rsa")).toBe(true);
    expect(denied("x/id_rsa.old")).toBe(true);
    expect(denied("x/id_rsa.pub")).toBe(false);
    expect(denied("x/id_ed25519.pub")).toBe(true);
    expect(denied("x/.env.example")).toBe(false);
  });

  it("denies a file when either its path or its real path is denied", () => {
    expect(evaluate(defaultTable, input({ files: [{ path: "link", real: "/home/u/.ssh/id_rsa" }] })).target).toBe("remote");
    expect(evaluate(defaultTable, input({ files: [{ path: "/home/u/.ssh/id_rsa", real: "/tmp/x" }] })).target).toBe("remote");
    expect(evaluate(defaultTable, input({ files: [{ path: "a.ts", real: "/tmp/a.ts" }] })).target).toBe("local");
  });

  it("folds case only where the table's case mode says so", () => {
    const sensitive = withTable({ options: { ...defaultTable.options, case: "sensitive" } });
    const platform = withTable({ options: { ...defaultTable.options, case: "platform" } });
    const f = { files: ["/home/u/.SSH/id_rsa.pub"] };
    expect(evaluate(defaultTable, input(f)).denied).toHaveLength(1);
    expect(evaluate(sensitive, input(f)).denied).toHaveLength(0);
    expect(evaluate(platform, input({ ...f, platform: "linux" })).denied).toHaveLength(0);
    expect(evaluate(platform, input({ ...f, platform: "darwin" })).denied).toHaveLength(1);
    expect(evaluate(platform, input(f)).denied).toHaveLength(1);
  });

  it("gives the on error decision with an input-error reason for invalid input", () => {
    const d = evaluate(defaultTable, input({ files: [""] }));
    expect(d).toMatchObject({ target: "remote", remote: "claude", class: null, vram_level: null, denied: [], error: { code: "R0505" } });
    expect(d.reasons[0]).toMatchObject({ code: "input-error", message: "invalid input at `$.files[0]`: empty path" });
    expect(d.reasons[1]).toMatchObject({ code: "on-error", rule: "on_error" });
  });

  it("gives the on error decision for a malformed table whose on error is usable", () => {
    const d = evaluate({ ...defaultTable, classify: "nope" }, input());
    expect(d).toMatchObject({ target: "remote", remote: "claude", error: { code: "R0508" } });
  });

  it("follows the on error fallback chain to a remote and never picks a local model", () => {
    const onErr = { id: "on_error", target: { kind: "local" as const, candidates: ["mistral:latest"], fallback: { kind: "remote" as const, remote: "claude" } } };
    expect(evaluate(withTable({ on_error: onErr }), 42)).toMatchObject({ target: "remote", remote: "claude" });
  });

  it("gives a remote decision named unavailable when the table has no usable on error", () => {
    for (const t of [null, 7, "x", [], {}, { ...defaultTable, on_error: null }, { ...defaultTable, remotes: {} }]) {
      const d = evaluate(t as unknown as Table, input());
      expect(d).toMatchObject({ schema: "routec.decision/1", target: "remote", mode: "direct", runtime: null, remote: UNAVAILABLE, model: UNAVAILABLE });
      expect(d.error?.code).toMatch(/^R05\d\d$/);
    }
  });

  it("does not throw on a hostile input object", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("boom"); } });
    expect(evaluate(defaultTable, hostile)).toMatchObject({ target: "remote", error: { code: "R0501" } });
  });

  it("keeps the decision's keys in a stable order", () => {
    expect(Object.keys(evaluate(defaultTable, input()))).toEqual(["schema", "target", "mode", "runtime", "model", "remote", "review", "class", "vram_level", "reasons", "denied", "error", "policy"]);
  });
});

describe("explain", () => {
  const steps = (trace: TraceStep[], step: TraceStep["step"]) => trace.filter((s) => s.step === step);

  it("traces rules tested, matches, the vram level and candidates in order", () => {
    const { decision, trace } = explain(defaultTable, input({ context_tokens: 40000, files: ["src/a.ts"] }));
    expect(decision).toEqual(evaluate(defaultTable, input({ context_tokens: 40000, files: ["src/a.ts"] })));
    expect(trace.map((s) => s.step).slice(0, 3)).toEqual(["table", "input", "path"]);
    expect(steps(trace, "classify").map((s) => s.step === "classify" && [s.rule, s.matched])).toEqual([
      ["classify#1", false],
      ["classify#2", false],
      ["classify#3", false],
      ["classify#4", true],
    ]);
    expect(steps(trace, "escalate")).toHaveLength(6);
    expect(steps(trace, "vram")[0]).toMatchObject({ known: true, level: "ok", features: { total_mib: 24576, free_mib: 20000, largest_free_mib: 20000, fragmentation_pct: 0 } });
    expect(steps(trace, "candidate")[1]).toMatchObject({ model: "llama3.1:latest", skipped: "class-context", thresholds: { context_tokens: 40000, model_context: 131072, class_max_context: 32768 } });
    expect(steps(trace, "fallback")).toEqual([{ step: "fallback", to: "remote" }]);
    expect(steps(trace, "guard")).toEqual([{ step: "guard", tripped: false }]);
  });

  it("redacts the views of a denied file and names the matching pattern", () => {
    const { trace } = explain(defaultTable, input({ files: ["/home/bob/.ssh/id_rsa", "src/a.ts"], cwd: "/w" }));
    expect(steps(trace, "match")).toEqual([{ step: "match", set: "secrets", kind: "deny", file: 0, pattern: "~/.ssh/**" }]);
    expect(steps(trace, "path")).toEqual([
      { step: "path", file: 0, spelling: "path", views: [REDACTED, REDACTED] },
      { step: "path", file: 1, spelling: "path", views: ["/w/src/a.ts"] },
    ]);
  });

  it("traces the input error for invalid input", () => {
    const { trace } = explain(defaultTable, { ...input(), extra: 1 });
    expect(steps(trace, "input")).toEqual([{ step: "input", ok: false, error: { code: "R0502", message: "unknown field `extra`", path: "$.extra" } }]);
    expect(trace.at(-1)?.step).toBe("on-error");
  });
});
