import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const repo = resolve(fileURLToPath(new URL("../../", import.meta.url)));

async function routec(args: string[], cwd = repo): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO({ cwd });
  const code = await run(args, io, "0");
  return { code, out: io.out(), err: io.err() };
}

const tiny = `policy "tiny"
runtime ollama { endpoint "http://127.0.0.1:11434" }
model "small" on ollama { context 8k tools yes vram 2GiB cost 0 }
remote claude { model "claude-sonnet-4-5" }
class L0 "docs" { max_context 8k }
classify {
  kind == auth -> L0
  otherwise -> L0
}
vram { unknown as ok }
escalate {
  tool_failures >= 2 -> claude "unstable"
}
route L0 -> "small" else claude
on error -> claude
`;

const input = (toolFailures: number): Record<string, unknown> => ({ task: { kind: "docs", labels: [] }, files: [], context_tokens: 10, tool_failures: toolFailures, schema_mismatch: false, vram: null });

/** A temporary project with the tiny policy and the given fixture files. */
function project(fixtures: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "routec-test-"));
  writeFileSync(join(dir, "tiny.route"), tiny);
  for (const [name, text] of Object.entries(fixtures)) writeFileSync(join(dir, name), text);
  return dir;
}

const good = JSON.stringify({
  policy: "tiny.route",
  cases: [
    { name: "one failure stays local", input: input(1), expect: { target: "local", model: "small" } },
    { name: "two failures escalate", input: input(2), expect: { target: "remote", reasons: ["escalate#1"] } },
  ],
}, null, 2);

describe("routec test", () => {
  it("passes every shipped golden set with 100% rule coverage when run from the repository root", async () => {
    const r = await routec(["test", "--min-coverage", "100"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    for (const policy of ["default", "strict", "low-vram", "offload"]) expect(r.out).toContain(`coverage policies/${policy}.route: 100%`);
    expect(r.out).toMatch(/\d+ passed, 0 failed \(4 fixture file\(s\)\)/);
    const cases = (JSON.parse(readFileSync(join(repo, "fixtures/golden/default.golden.json"), "utf8")) as { cases: unknown[] }).cases;
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it("fails naming the case and the deciding rule's location when default.route's threshold moves from 2 to 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-test-"));
    const text = readFileSync(join(repo, "policies/default.route"), "utf8").replace("tool_failures >= 2 -> claude", "tool_failures >= 3 -> claude").replace("tool_failures >= 2 => target", "tool_failures >= 3 => target");
    writeFileSync(join(dir, "default.route"), text);
    const golden = JSON.parse(readFileSync(join(repo, "fixtures/golden/default.golden.json"), "utf8")) as { policy: string };
    writeFileSync(join(dir, "default.golden.json"), JSON.stringify({ ...golden, policy: "default.route" }));
    const r = await routec(["test", "."], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL default.golden.json › boundary of escalate#2 (tool_failures >= 2): tool_failures 2, kind edit");
    expect(r.out).toMatch(/target: expected "remote", got "local"/);
    const line = text.split("\n").findIndex((l) => l.startsWith("route L1")) + 1;
    expect(r.out).toContain(`decided by \`route:L1\` at default.route:${line}:1`);
    expect(r.out).toMatch(/\d+ passed, [1-9]\d* failed/);
    expect(r.err).toContain("error R0804:");
  });

  it("writes junit and coverage reports and fails below --min-coverage", async () => {
    const dir = project({ "t.golden.json": good });
    const r = await routec(["test", "t.golden.json", "--junit", "out.xml", "--coverage", "cov.json"], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "out.xml"), "utf8")).toContain('<testcase name="two failures escalate" classname="tiny.route"/>');
    const cov = JSON.parse(readFileSync(join(dir, "cov.json"), "utf8")) as { policies: { policy: string; percent: number; uncovered: { id: string }[] }[] };
    expect(cov.policies[0]?.policy).toBe("tiny.route");
    expect(cov.policies[0]?.uncovered.map((u) => u.id)).toEqual(["classify#1", 'route:L0 > "small" skipped', "route:L0 > fallback", "vram:ok", "on_error"]);
    expect(r.out).toContain("not exercised: classify classify#1 -> L0");
    const low = await routec(["test", "t.golden.json", "--min-coverage", "90"], dir);
    expect(low.code).toBe(1);
    expect(low.err).toContain("R0805");
    expect((await routec(["test", "t.golden.json", "--min-coverage", "150"], dir)).code).toBe(2);
  });

  it("rewrites failing expectations with --update and passes afterwards", async () => {
    const wrong = good.replace('"target": "local",\n        "model": "small"', '"target": "remote"');
    expect(wrong).not.toBe(good);
    const dir = project({ "t.golden.json": wrong });
    expect((await routec(["test", "."], dir)).code).toBe(1);
    const up = await routec(["test", ".", "--update"], dir);
    expect(up.code).toBe(0);
    expect(up.out).toContain("updated 1 case(s) in t.golden.json");
    const after = JSON.parse(readFileSync(join(dir, "t.golden.json"), "utf8")) as { cases: { name: string; expect: Record<string, unknown> }[] };
    expect(after.cases[0]).toMatchObject({ name: "one failure stays local", expect: { target: "local", model: "small", class: "L0", mode: "direct" } });
    expect((await routec(["test", "."], dir)).code).toBe(0);
  });

  it("reports bad JSON at its line and column, naming the file", async () => {
    const dir = project({ "bad.golden.json": '{\n  "policy": "tiny.route",\n  "cases": [,]\n}\n' });
    const r = await routec(["test", "."], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad.golden.json:3:13: invalid JSON");
  });

  it("names the file and the case when a case is malformed", async () => {
    const dir = project({ "m.golden.json": JSON.stringify({ policy: "tiny.route", cases: [{ name: "no expectation", input: input(0) }] }) });
    const r = await routec(["test", "m.golden.json"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("R0801: m.golden.json: case 1 `no expectation` at `expect`");
  });

  it("names the fixture and the policy when the policy file is missing", async () => {
    const dir = project({ "x.golden.json": JSON.stringify({ policy: "gone.route", cases: [] }) });
    const r = await routec(["test", "x.golden.json"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("R0803: x.golden.json: policy `gone.route` (gone.route): no such file");
  });

  it("exits 1 naming the fixture when its policy has errors", async () => {
    const dir = project({ "t.golden.json": good });
    writeFileSync(join(dir, "tiny.route"), tiny.replace("route L0 -> \"small\" else claude", "route L0 -> \"nowhere\" else claude"));
    const r = await routec(["test", "t.golden.json"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error R0803: t.golden.json: `");
    expect(r.err).toContain("has errors");
  });

  it("exits 2 with one message when a path does not exist", async () => {
    const dir = project({});
    expect(await routec(["test", "nowhere"], dir)).toMatchObject({ code: 2, err: "routec test: cannot read `nowhere`: no such file or directory\n" });
  });

  it("says what it looks for in one line when there is no argument and no fixtures/golden", async () => {
    const dir = project({});
    expect(await routec(["test"], dir)).toMatchObject({
      code: 2,
      err: "routec test: no `fixtures/golden/` here to search for *.golden.json fixtures; name the fixture files or directories (`routec test path/to/goldens`)\n",
    });
  });

  it("exits 2 with one message when a directory holds no fixtures", async () => {
    const dir = project({});
    mkdirSync(join(dir, "fixtures/golden"), { recursive: true });
    expect(await routec(["test"], dir)).toMatchObject({ code: 2, err: "routec test: no *.golden.json files under `fixtures/golden`\n" });
  });

  it("runs fixtures against a compiled table when the fixture names one", async () => {
    const dir = project({});
    copyFileSync(join(repo, "fixtures/tables/default.table.json"), join(dir, "table.json"));
    writeFileSync(join(dir, "t.golden.json"), JSON.stringify({ policy: "table.json", cases: [{ name: "docs local", input: { ...input(0), files: ["README.md"] }, expect: { target: "local", class: "L0" } }] }));
    const r = await routec(["test", "t.golden.json"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });
});
