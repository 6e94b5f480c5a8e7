import { describe, expect, it } from "vitest";
import { coverageOf } from "../../src/golden/coverage.js";
import { renderJunit, xmlEscape } from "../../src/golden/junit.js";
import { compare, runCases, updateGolden, validateGolden } from "../../src/golden/run.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import type { Decision, Table } from "../../src/runtime/types.js";
import { memoryHost } from "../../src/syntax/index.js";

const policy = `policy "tiny"
runtime ollama { endpoint "http://127.0.0.1:11434" }
model "small" on ollama { context 8k tools yes vram 2GiB cost 0 }
model "big" on ollama { context 32k tools yes vram 6GiB cost 0 }
remote claude { model "claude-sonnet-4-5" }
class L0 "docs" { max_context 32k }
class L3 "sensitive" { local never }
classify {
  kind == auth -> L3
  otherwise -> L0
}
deny secrets "keys" { "**/*.pem" "**/.env" except "**/.env.example" }
vram {
  critical when free < 10%
  unknown as ok
}
escalate {
  denied path -> claude "sensitive path"
  tool_failures >= 2 -> claude "unstable"
}
route L0 -> "small", "big" else claude
route L3 -> claude
on error -> claude
`;

function table(): Table {
  const compiled = compilePolicy("tiny.route", memoryHost({ "tiny.route": policy }));
  if (compiled.table === null) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.table;
}

const input = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  task: { kind: "docs", labels: [] },
  files: ["README.md"],
  context_tokens: 1000,
  tool_failures: 0,
  schema_mismatch: false,
  vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 8000 }] },
  ...over,
});

describe("golden runner", () => {
  const t = table();

  it("passes a case whose pinned fields match and reports each mismatching field when they do not", () => {
    const [pass, fail] = runCases(t, [
      { name: "docs local", input: input(), expect: { target: "local", model: "small", class: "L0", reasons: ["route:L0", "routed"] } },
      { name: "wrong", input: input({ tool_failures: 2 }), expect: { target: "local", model: "small", reasons: ["route:L0"] } },
    ]);
    expect(pass?.mismatches).toEqual([]);
    expect(fail?.mismatches.map((m) => m.field)).toEqual(["target", "model", "reasons"]);
    expect(fail?.rule?.id).toBe("escalate#2");
    expect(fail?.rule?.source).toMatchObject({ file: "tiny.route", line: 19 });
  });

  it("compares only the fields a case pins when others differ", () => {
    const decision = runCases(t, [{ name: "x", input: input(), expect: { target: "local" } }])[0]?.decision as Decision;
    expect(compare({ target: "local" }, decision)).toEqual([]);
    expect(compare({ target: "local", denied: true }, decision)).toEqual([{ field: "denied", expected: true, actual: false }]);
  });

  it("names the file and the case when a fixture is malformed", () => {
    const bad = validateGolden({ policy: "p.route", cases: [{ name: "ok", input: {}, expect: { target: "local" } }, { name: "no target", input: {}, expect: { model: "m" } }] }, "fx/p.golden.json");
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]?.code).toBe("R0801");
    expect(bad.diagnostics[0]?.message).toContain("fx/p.golden.json: case 2 `no target` at `expect.target`");
    const dup = validateGolden({ policy: "p.route", cases: [{ name: "a", input: {}, expect: { target: "local" } }, { name: "a", input: {}, expect: { target: "remote" } }] }, "f.json");
    expect(dup.diagnostics[0]?.code).toBe("R0802");
    const root = validateGolden({ cases: [] }, "f.json");
    expect(root.diagnostics[0]?.message).toContain("at `policy`");
  });

  it("rewrites expectations to the current decisions keeping names and inputs when updating", () => {
    const file = { policy: "tiny.route", cases: [{ name: "was local", input: input({ tool_failures: 3 }), expect: { target: "local" as const, reasons: ["route:L0"], denied: false } }] };
    const updated = updateGolden(file, runCases(t, file.cases));
    expect(updated.cases[0]).toEqual({ name: "was local", input: file.cases[0]?.input, expect: { target: "remote", model: "claude-sonnet-4-5", class: "L0", mode: "direct", reasons: ["escalate#2"], denied: false } });
    expect(runCases(t, updated.cases)[0]?.mismatches).toEqual([]);
  });
});

describe("coverage", () => {
  const t = table();
  const covering = (inputs: Record<string, unknown>[]) => coverageOf(t, runCases(t, inputs.map((i, n) => ({ name: `${n}`, input: i, expect: { target: "local" } }))));

  it("counts items exercised and lists every item when no case runs", () => {
    const none = covering([]);
    // classify 2, escalate 2, routes 2, candidates (small/big chosen+skipped, fallback) 5, deny 2, vram critical/ok/unknown 3, on_error 1
    expect(none.total).toBe(17);
    expect(none.covered).toBe(0);
    expect(none.percent).toBe(0);
  });

  it("reaches 100% when every rule, candidate, pattern and level is exercised", () => {
    const all = covering([
      input(),
      input({ task: { kind: "auth", labels: [] } }),
      input({ files: ["a.pem", ".env"] }),
      input({ tool_failures: 2 }),
      input({ context_tokens: 20000 }),
      input({ context_tokens: 40000 }),
      input({ vram: null }),
      input({ vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 100 }] } }),
      { broken: true },
    ]);
    expect(all.items.filter((i) => i.hits === 0 && i.kind !== "std").map((i) => i.id)).toEqual([]);
    expect(all.percent).toBe(100);
    expect(all.items.find((i) => i.id === "deny:secrets#2")?.hits).toBe(1);
  });

  it("does not count a candidate that earlier candidates always pre-empt", () => {
    const pre = compilePolicy("p.route", memoryHost({ "p.route": policy.replace('route L0 -> "small", "big"', 'route L0 -> "big", "small"').replace('model "small" on ollama { context 8k', 'model "small" on ollama { context 4k').replace('"big" on ollama { context 32k tools yes vram 6GiB', '"big" on ollama { context 32k tools yes vram 1GiB') })).table as Table;
    const item = coverageOf(pre, []).items.find((i) => i.id === 'route:L0 > "small" chosen');
    expect(item?.reachable).toBe(false);
  });
});

describe("junit", () => {
  it("escapes names and failure text into well-formed XML", () => {
    const t = table();
    const results = runCases(t, [
      { name: "a <b> & 'c'", input: input(), expect: { target: "remote" } },
      { name: "ok", input: input(), expect: { target: "local" } },
    ]);
    const xml = renderJunit([{ file: "f.golden.json", policy: "tiny.route", results, error: null }, { file: "bad.json", policy: "", results: [], error: 'bad "json" <here>' }], () => "target: expected \"remote\" <x>\u0001");
    expect(xml).toContain('<testsuites name="routec test" tests="3" failures="1" errors="1">');
    expect(xml).toContain('name="a &lt;b&gt; &amp; &apos;c&apos;"');
    expect(xml).not.toContain("\u0001");
    // Well-formed: every tag closes in order, and text never holds a raw `<` or `&`.
    const stack: string[] = [];
    for (const m of xml.replace(/^<\?xml[^>]*\?>/, "").matchAll(/<(\/?)([a-z]+)([^>]*?)(\/?)>|([^<]+)/g)) {
      if (m[5] !== undefined) {
        expect(m[5]).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
        continue;
      }
      if (m[1] === "/") expect(stack.pop()).toBe(m[2]);
      else if (m[4] !== "/") stack.push(m[2] as string);
    }
    expect(stack).toEqual([]);
    expect(xmlEscape("<&>")).toBe("&lt;&amp;&gt;");
  });
});
