import { describe, expect, it } from "vitest";
import { canonicalJson, finalizeTable } from "../../src/compile/canonical.js";
import { lowerPolicy, sourceSha256 } from "../../src/compile/lower.js";
import { directoryOf, relativePath } from "../../src/compile/paths.js";
import { sha256Hex } from "../../src/compile/sha256.js";
import { sampleChecked, sampleSources, span } from "./fixtures.js";

function lowered(checked = sampleChecked(), sources = sampleSources()) {
  const result = lowerPolicy(checked, sources);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.value;
}

describe("lowerPolicy", () => {
  it("strips spans from declarations when lowering models, runtimes, remotes and classes", () => {
    const body = lowered();
    expect(body.models["phi3"]).toEqual({ runtime: "ollama", context: 4096, tools: false, vram_mib: 2355, cost: 0 });
    expect(body.runtimes).toEqual({ ollama: { endpoint: "http://127.0.0.1:11434", enabled: true } });
    expect(body.remotes).toEqual({ claude: { model: "claude-sonnet-4-5" } });
    expect(body.classes["L3"]).toEqual({ description: null, max_context: null, tools_required: false, local_allowed: false });
  });

  it("keeps rule order and ids when lowering classify, escalate, vram and routes", () => {
    const body = lowered();
    expect(body.classify.map((r) => [r.id, r.then])).toEqual([["classify#1", "L3"], ["classify#2", "L0"], ["classify#3", "L3"]]);
    expect(body.escalate[0]).toEqual({ id: "escalate#1", when: { op: "denied", set: null }, target: { kind: "remote", remote: "claude" }, reason: "sensitive path" });
    expect(body.vram.levels).toEqual([{ id: "vram:critical", name: "critical", when: { op: "cmp", feature: "free_pct", cmp: "<", value: 10 } }]);
    expect(body.routes["L3"]).toEqual({ id: "route:L3", target: { kind: "remote", remote: "claude" } });
    expect(body.on_error.id).toBe("on_error");
  });

  it("compiles deny sets by name and match sets as glob:<source> when the case mode is platform", () => {
    const body = lowered();
    expect(Object.keys(body.globsets).sort()).toEqual(["glob:docs/**", "secrets"]);
    const secrets = body.globsets["secrets"]!;
    expect(secrets.kind).toBe("deny");
    expect(secrets.patterns.map((p) => [p.rule, p.origin, p.excepts])).toEqual([
      ["deny:secrets#1", "std.secrets", []],
      ["deny:secrets#2", "policy", [0]],
      ["deny:secrets#3", "policy", [1]],
    ]);
    expect(secrets.folded?.include.prefix).toEqual({ "~/.ssh": [0] });
    expect(secrets.exact?.include.basename_prefix).toEqual({ ".env": [1], id_rsa: [2] });
    const docs = body.globsets["glob:docs/**"]!;
    expect(docs.kind).toBe("match");
    expect(docs.patterns[0]?.rule).toBe("classify#2");
  });

  it("names the first assert that uses a match glob when no rule does", () => {
    const checked = sampleChecked();
    const onlyInAssert = {
      ...checked,
      matchGlobs: ["docs/**", "vendor/**"],
      asserts: [
        ...checked.asserts,
        { id: "assert#2", span: span("policies/main.route", 24), value: { name: "vendored stays remote", cond: { op: "implies" as const, left: { op: "files" as const, quantifier: "any" as const, set: "glob:vendor/**" }, right: { op: "location" as const, location: "remote" as const } } } },
      ],
    };
    expect(lowered(onlyInAssert).globsets["glob:vendor/**"]?.patterns[0]?.rule).toBe("assert#2");
  });

  it("carries only the folded matchers when the case mode is insensitive", () => {
    const checked = { ...sampleChecked(), options: { case: "insensitive" as const, redact_denied: false } };
    const body = lowered(checked);
    expect(body.globsets["secrets"]?.exact).toBeNull();
    expect(body.globsets["secrets"]?.folded).not.toBeNull();
    expect(body.options).toEqual({ case: "insensitive", unicode: "NFC", redact_denied: false });
  });

  it("maps every rule id, deny patterns included, to a file relative to the root's directory", () => {
    const body = lowered();
    expect(Object.keys(body.source_map).sort()).toEqual(
      ["assert#1", "classify#1", "classify#2", "classify#3", "deny:secrets#1", "deny:secrets#2", "deny:secrets#3", "escalate#1", "on_error", "route:L0", "route:L3", "vram:critical"],
    );
    expect(body.source_map["deny:secrets#3"]).toEqual({ file: "main.route", line: 10, column: 1 });
  });

  it("uses forward slashes in source-map files when the loader gave Windows paths", () => {
    const root = "C:\\work\\policies\\main.route";
    const include = "C:\\work\\policies\\inc\\models.route";
    const checked = { ...sampleChecked(root, include), vram: { levels: [{ id: "vram:critical", span: span(include, 3), value: sampleChecked().vram.levels[0]!.value }], unknown: "critical", low_vram_mode: null } };
    const body = lowered(checked, sampleSources(root, include));
    expect(body.source_map["vram:critical"]?.file).toBe("inc/models.route");
  });

  it("hashes the sources with relative paths so the root's location does not matter", () => {
    const a = sourceSha256(sampleChecked(), sampleSources());
    const b = sourceSha256(sampleChecked("/abs/p/main.route", "/abs/p/inc/models.route"), sampleSources("/abs/p/main.route", "/abs/p/inc/models.route"));
    expect(a).toBe(b);
    expect(a).toBe(sha256Hex('main.route\0policy "sample" version 1\ninclude "inc/models.route"\ninc/models.route\0runtime ollama {}\n'));
  });

  it("hashes CRLF sources like LF sources", () => {
    const crlf = Object.fromEntries(Object.entries(sampleSources()).map(([k, v]) => [k, v.replace(/\n/g, "\r\n")]));
    expect(sourceSha256(sampleChecked(), crlf)).toBe(sourceSha256(sampleChecked(), sampleSources()));
  });

  it("gives byte-identical canonical tables when source records are built in another order", () => {
    const sources = sampleSources();
    const reversed = Object.fromEntries(Object.entries(sources).reverse());
    const t1 = finalizeTable(lowered(sampleChecked(), sources), { cells: 0, checks: [] });
    const t2 = finalizeTable(lowered(sampleChecked(), reversed), { cells: 0, checks: [] });
    expect(canonicalJson(t1)).toBe(canonicalJson(t2));
  });

  it("fails with the pattern's span when a deny glob is invalid", () => {
    const checked = sampleChecked();
    const bad = { ...checked, denySets: [{ ...checked.denySets[0]!, patterns: [{ ...checked.denySets[0]!.patterns[0]!, source: "*.{pem" }] }] };
    const result = lowerPolicy(bad, sampleSources());
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.span?.start.line])).toEqual([["R0402", 8]]);
  });
});

describe("relativePath", () => {
  it.each([
    ["policies", "policies/a.route", "a.route"],
    ["policies", "policies/./inc/../b.route", "b.route"],
    ["policies/x", "policies/y/c.route", "../y/c.route"],
    ["", "a.route", "a.route"],
    ["C:\\p", "c:/p/q.route", "q.route"],
  ])("gives the path from %j to %j as %j", (dir, file, want) => {
    expect(relativePath(dir, file)).toBe(want);
  });

  it("takes the directory of a root file when it is nested", () => {
    expect(directoryOf("a/b/main.route")).toBe("a/b");
    expect(directoryOf("main.route")).toBe("");
  });
});
