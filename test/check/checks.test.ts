import { describe, expect, it } from "vitest";
import { closest, editDistance, passes, runChecks } from "../../src/check/index.js";
import { loadProgram, memoryHost } from "../../src/syntax/index.js";
import type { Checked } from "./helpers.js";
import { base, checkText, summary, underlined } from "./helpers.js";

function variant(from: string, to: string): Checked {
  expect(base).toContain(from);
  return checkText(base.replace(from, to));
}

const ROUTE = 'route L1 -> "qwen2.5:7b-instruct", "llama3.1:latest" else claude';

describe("suggest", () => {
  it("counts an adjacent transposition as one edit", () => {
    expect(editDistance("ollama", "olalma")).toBe(1);
    expect(editDistance("claude", "cluade")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests a name the typo is a prefix of when no name is within two edits", () => {
    expect(closest("qwen2.5:7b", ["llama3.1:latest", "qwen2.5:7b-instruct"])).toBe("qwen2.5:7b-instruct");
  });

  it("answers at once when the typo is 64 KB long", () => {
    const started = performance.now();
    expect(closest("x".repeat(65_536), ["llama3.1:latest", "qwen2.5:7b-instruct"])).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("suggests nothing when no name is close", () => {
    expect(closest("mistral", ["claude", "ollama"])).toBeUndefined();
    expect(closest("L9", ["ok"])).toBeUndefined();
  });

  it("prefers the closer name when several are close", () => {
    expect(closest("L2", ["L1", "L22", "L3"])).toBe("L1");
  });
});

describe("check: did you mean", () => {
  it("suggests the declared model with a replacement of the quoted reference when a model is misspelled", () => {
    const r = variant(ROUTE, 'route L1 -> "qwen2.5:7b", "llama3.1:latest" else claude');
    const [d] = r.diagnostics;
    expect(summary(r)).toEqual([{ code: "R0203", text: '"qwen2.5:7b"' }]);
    expect(d?.message).toBe("unknown model `qwen2.5:7b`");
    expect(d?.help).toBe("did you mean `qwen2.5:7b-instruct`");
    expect(d?.suggestion?.replacement).toBe('"qwen2.5:7b-instruct"');
  });

  it("tells to drop the quotes when a remote is quoted", () => {
    const r = variant("on error -> claude", 'on error -> "claude"');
    expect(summary(r)).toEqual([{ code: "R0203", text: '"claude"' }]);
    expect(r.diagnostics[0]?.help).toBe("`claude` is a remote: write it without quotes");
    expect(r.diagnostics[0]?.suggestion?.replacement).toBe("claude");
  });

  it("suggests the closest choice when a word value is misspelled", () => {
    const r = variant("tools required", "tools requird");
    expect(summary(r)).toEqual([{ code: "R0212", text: "requird" }]);
    expect(r.diagnostics[0]?.help).toBe("did you mean `required`? expected `required` or `optional`");
  });

  it("suggests a declared class when a class is misspelled in a condition", () => {
    const r = variant("label in [security] -> L3", "hint == L33 -> L3");
    expect(summary(r)).toEqual([{ code: "R0205", text: "L33" }]);
    expect(r.diagnostics[0]?.help).toBe("did you mean `L3`");
  });

  it("offers `else claude` as the replacement when a remote ends a candidate list", () => {
    const r = variant(ROUTE, 'route L1 -> "qwen2.5:7b-instruct", claude');
    const d = r.diagnostics[0];
    expect(summary(r)).toEqual([{ code: "R0233", text: "claude" }]);
    expect(d?.suggestion?.replacement).toBe(" else claude");
    const span = d?.suggestion?.span;
    expect(span && r.sources[span.file]?.slice(span.start.offset, span.end.offset)).toBe(", claude");
  });

  it("suggests a vram setting when `unknown` is misspelled, without also reporting it missing", () => {
    const r = variant("unknown as critical", "unknwon as critical");
    expect(summary(r)).toEqual([{ code: "R0209", text: "unknwon" }]);
    expect(r.diagnostics[0]?.help).toBe("did you mean `unknown`");
  });
});

describe("check: one root cause, one error", () => {
  it("reports a model on an unknown runtime once, not again where routes use the model", () => {
    const r = variant('model "llama3.1:latest" on ollama', 'model "llama3.1:latest" on lama');
    expect(summary(r)).toEqual([{ code: "R0202", text: "lama" }]);
  });

  it("reports a misspelled property once, not also the property as missing", () => {
    const r = variant("context 128k tools yes vram 6.2GiB", "contex 128k tools yes vram 6.2GiB");
    expect(summary(r)).toEqual([{ code: "R0209", text: "contex" }]);
  });

  it("reports an invalid quantity once, not also the property as missing", () => {
    const r = variant("vram 6.2GiB", "vram 6.2k");
    expect(summary(r)).toEqual([{ code: "R0213", text: "6.2k" }]);
  });

  it("reports a route for a misspelled class once, not also the class as unrouted", () => {
    const r = variant("route L3 -> claude", "route L4 -> claude");
    expect(summary(r)).toEqual([{ code: "R0205", text: "L4" }]);
    expect(r.diagnostics[0]?.help).toBe("did you mean `L3`");
  });

  it("reports a duplicate class once, not also a missing route", () => {
    const r = variant('class L3 "security" { local never }', 'class L3 "security" { local never }\nclass L3 "again" { }');
    expect(summary(r)).toEqual([{ code: "R0201", text: "L3" }]);
    expect(r.diagnostics[0]?.related?.map((rel) => underlined(r, { ...r.diagnostics[0]!, span: rel.span }))).toEqual(["L3"]);
  });

  it("reports a local never violation once per route when several candidates are local", () => {
    const r = variant("route L3 -> claude", 'route L3 -> synthesize draft "phi3:latest", "llama3.1:latest" review claude else claude');
    expect(summary(r)).toEqual([{ code: "R0230", text: '"phi3:latest"' }]);
  });

  it("reports every independent mistake of one pass together", () => {
    const r = variant(ROUTE, 'route L1 -> "qwen2.5:7b", "lama3.1:latest" else claud');
    expect(summary(r).map((s) => s.code)).toEqual(["R0203", "R0203", "R0204"]);
  });
});

describe("check: duplicates", () => {
  it.each([
    ["runtime", 'runtime ollama { endpoint "x" }', "ollama"],
    ["model", 'model "phi3:latest" on ollama { context 4k vram 2GiB }', '"phi3:latest"'],
    ["remote", 'remote claude { model "y" }', "claude"],
    ["deny set", 'deny secrets { "**/.npmrc" }', "secrets"],
    ["assert", 'assert "secrets stay remote": denied path => target is remote', '"secrets stay remote"'],
  ])("reports a %s declared twice at the second declaration with the first as related", (_, extra, text) => {
    const r = checkText(`${base}\n${extra}\n`);
    expect(summary(r)).toEqual([{ code: "R0201", text }]);
    expect(r.diagnostics[0]?.related).toHaveLength(1);
    expect(r.diagnostics[0]?.related?.[0]?.span.start.offset).toBeLessThan(r.diagnostics[0]?.span?.start.offset ?? 0);
  });

  it("reports a vram level declared twice and the implicit level ok declared", () => {
    const r = variant("critical when free < 10% or free < 1GiB", "critical when free < 10%\n  critical when free < 5%\n  ok when free > 50%");
    expect(summary(r)).toEqual([
      { code: "R0201", text: "critical" },
      { code: "R0201", text: "ok" },
    ]);
  });

  it("reports a second on error and a second paths block", () => {
    const r = checkText(`${base}\non error -> claude\npaths { case insensitive }\npaths { redact yes }\n`);
    expect(summary(r)).toEqual([
      { code: "R0201", text: "on error" },
      { code: "R0201", text: "paths" },
    ]);
  });
});

describe("check: operands and units", () => {
  it.each([
    ["kind < edit", "R0229", "kind < edit"],
    ["files", "R0229", "files"],
    ["files == many", "R0229", "many"],
    ['label in [security, 3]', "R0229", "3"],
    ["kind in [3]", "R0229", "3"],
    ["context > 1GiB", "R0213", "1GiB"],
    ["context > 0.3k", "R0216", "0.3k"],
    ["files in [1, 2]", "R0229", "files in [1, 2]"],
    ["schema_mismatch == 2", "R0229", "2"],
    ["mode == synthesis", "R0226", "mode"],
    ["largest_free < 1GiB", "R0236", "largest_free"],
    ["vram critcal", "R0207", "critcal"],
    ["denied secrest", "R0206", "secrest"],
  ])("reports `%s` in a classification rule", (cond, code, text) => {
    const r = variant("label in [security] -> L3", `${cond} -> L3`);
    expect(summary(r)).toEqual([{ code, text }]);
  });

  it.each([
    ["free < 10", "R0214", "10", "write `10%` or `10GiB`"],
    ["free < 10k", "R0213", "10k", "`free` is a percentage (`10%`) or a memory size (`1GiB`)"],
    ["fragmentation > 50", "R0214", "50", "write `50%`"],
    ["fragmentation > 1GiB", "R0213", "1GiB", "`fragmentation` is a percentage (`10%`)"],
    ["kind == edit", "R0236", "kind", "VRAM levels test GPU telemetry only: `free`, `largest_free`, `fragmentation`, `total`"],
    ["vram critical", "R0236", "vram critical", "VRAM levels test GPU telemetry only: `free`, `largest_free`, `fragmentation`, `total`"],
  ])("reports `%s` in a vram level", (cond, code, text, help) => {
    const r = variant("critical when free < 10% or free < 1GiB", `critical when ${cond}`);
    expect(summary(r)).toEqual([{ code, text }]);
    expect(r.diagnostics[0]?.help).toBe(help);
  });

  it("accepts the implicit level ok in conditions and settings", () => {
    const r = variant("unknown as critical", "unknown as ok\n  low_vram_mode as critical");
    expect(r.diagnostics).toEqual([]);
    expect(r.policy?.vram).toMatchObject({ unknown: "ok", low_vram_mode: "critical" });
  });

  it("rejects a cost written with a unit", () => {
    const r = checkText(base.replace("cost 0", "cost 1k"));
    expect(summary(r)).toEqual([{ code: "R0213", text: "1k" }]);
  });
});

describe("check: targets", () => {
  it("keeps a policy with a disabled-runtime candidate valid and warns", () => {
    const r = checkText(base.replace(ROUTE, 'route L1 -> "qwen2.5:7b-instruct", "big" else claude') + '\nmodel "big" on vllm { context 128k tools yes vram 16GiB }\n');
    expect(summary(r)).toEqual([{ code: "R0220", text: '"big"' }]);
    expect(r.diagnostics[0]?.severity).toBe("warning");
    expect(r.policy).not.toBeNull();
  });

  it("suggests the only remote when a reviewer is quoted", () => {
    const r = variant(ROUTE, 'route L1 -> synthesize draft "llama3.1:latest" review "qwen2.5:7b-instruct"');
    expect(summary(r)).toEqual([{ code: "R0231", text: '"qwen2.5:7b-instruct"' }]);
    expect(r.diagnostics[0]?.suggestion?.replacement).toBe("claude");
  });

  it("reports an on error chain that can end locally", () => {
    const r = variant("on error -> claude", 'on error -> synthesize draft "phi3:latest" review claude else claude');
    expect(summary(r)).toEqual([{ code: "R0224", text: 'synthesize draft "phi3:latest" review claude else claude' }]);
  });
});

describe("check driver", () => {
  const program = () => {
    const loaded = loadProgram("main.route", memoryHost({ "main.route": base }));
    if (!loaded.ok) throw new Error("base does not load");
    return loaded.value;
  };

  it("lists named passes in order", () => {
    expect(passes.map((p) => p.name)).toEqual(["declarations", "properties", "deny-sets", "vram", "rules", "routes"]);
  });

  it("stops after the named pass and assembles no policy when given stopAfter", () => {
    const report = runChecks(program(), { stopAfter: "properties" });
    expect(report.ran).toEqual(["declarations", "properties"]);
    expect(report.policy).toBeNull();
  });

  it("records a timing per pass from the injected clock", () => {
    let now = 0;
    const report = runChecks(program(), { clock: () => (now += 5) });
    expect(report.timings.map((t) => [t.pass, t.ms])).toEqual(passes.map((p) => [p.name, 5]));
    expect(report.policy).not.toBeNull();
  });

  it("stops after the first pass that leaves errors", () => {
    const loaded = loadProgram("main.route", memoryHost({ "main.route": `${base}\nclass L1 "again" { }\nroute L9 -> claude\n` }));
    if (!loaded.ok) throw new Error("does not load");
    const report = runChecks(loaded.value);
    expect(report.ran).toEqual(["declarations"]);
    expect(report.diagnostics.map((d) => d.code)).toEqual(["R0201"]);
  });
});

describe("check: unreachable fallbacks", () => {
  it("reports only the dead fallback, not what is wrong inside it, when a remote comes first", () => {
    const r = checkText(base.replace("route L3 -> claude", 'route L3 -> claude else "phi3:latest"'));
    expect(summary(r)).toEqual([{ code: "R0237", text: '"phi3:latest"' }]);
  });

  it("still resolves names inside a dead fallback", () => {
    const r = checkText(base.replace("route L3 -> claude", 'route L3 -> claude else "phi4"'));
    expect(summary(r).map((s) => s.code)).toEqual(["R0203", "R0237"]);
  });
});
