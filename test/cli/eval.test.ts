import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { defaultTable } from "../runtime/tables.js";

const root = join(import.meta.dirname, "../..");
const policy = join(root, "policies/default.route");

const task = (files: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ task: { kind: "edit", labels: [] }, files, context_tokens: 2000, tool_failures: 0, schema_mismatch: false, vram: null, ...extra });

async function routec(args: string[], stdin = "") {
  const io = memoryIO({ stdin, cwd: root });
  const code = await run(args, io, "0.0.0");
  return { code, out: io.out(), err: io.err() };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "routec-eval-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("routec eval", () => {
  it("routes a secret path to the remote with the reason sensitive path when evaluating the default policy", async () => {
    const r = await routec(["eval", policy, "--input", "-"], task(["~/.ssh/id_ed25519"]));
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d).toMatchObject({ target: "remote", remote: "claude", denied: [{ set: "secrets", path: "[REDACTED:path]" }] });
    expect(d.reasons.find((x: { code: string }) => x.code === "escalated").message).toBe("sensitive path");
    expect(r.out).not.toContain("id_ed25519");
  });

  it("routes src/app.ts locally when evaluating the default policy", async () => {
    const r = await routec(["eval", policy, "--input", "-"], task(["src/app.ts"]));
    expect(JSON.parse(r.out)).toMatchObject({ target: "local", model: "qwen2.5:7b-instruct", runtime: "ollama" });
    expect(r.err).toBe("");
  });

  it("prints json with two-space indentation in the decision's key order", async () => {
    const r = await routec(["eval", policy, "--input", "-"], task(["src/app.ts"]));
    expect(r.out.startsWith('{\n  "schema": "routec.decision/1",\n  "target": "local",\n  "mode": "direct",')).toBe(true);
  });

  it("reads an input file and a table file", async () => {
    const table = tempFile("t.json", JSON.stringify(defaultTable));
    const input = tempFile("in.json", task(["C:\\Users\\Bob\\.aws\\credentials"]));
    const r = await routec(["eval", table, "--input", input]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ target: "remote", policy: { sha256: "0".repeat(64) } });
  });

  it("exits 0 with the on error decision and warns when the input is invalid", async () => {
    const r = await routec(["eval", policy, "--input", "-"], task(["a\u0000b"]));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ target: "remote", error: { code: "R0505" } });
    expect(r.err).toMatch(/^warning: took the `on error` decision: invalid input at `\$\.files\[0\]`: path contains a nul byte \(R0505\)/);
  });

  it("prints the trace as text with --explain", async () => {
    const r = await routec(["eval", policy, "--input", "-", "--explain"], task(["~/.ssh/id_rsa", "src/a.ts"]));
    expect(r.out).toContain("file 0 is in deny set `secrets` by pattern `~/.ssh/**`");
    expect(r.out).toContain('escalate escalate#1 "sensitive path": matched');
    expect(r.out).toContain("file 0 path: [REDACTED:path]");
    expect(r.out).not.toContain("id_rsa");
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("decision: remote `claude` (model `claude-sonnet-4-5`)");
  });

  it("prints the decision and trace as json with --explain --format json", async () => {
    const r = await routec(["eval", policy, "--input", "-", "--explain", "--format", "json"], task(["src/a.ts"]));
    const parsed = JSON.parse(r.out);
    expect(parsed.decision.target).toBe("local");
    expect(parsed.trace[0]).toEqual({ step: "table", ok: true, error: null });
  });

  it("exits 2 with a located message when the table file is not json", async () => {
    const table = tempFile("bad.json", '{\n  "schema": "routec.table/1",\n  "x": tru\n}');
    const r = await routec(["eval", table, "--input", "-"], task([]));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${table}:3:8: invalid JSON`);
  });

  it("exits 2 when the input file is missing or --input is absent", async () => {
    expect((await routec(["eval", policy, "--input", "/nonexistent/in.json"])).code).toBe(2);
    const r = await routec(["eval", policy]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("`--input <file|->` is required");
  });

  it("exits 1 when the table is structurally invalid", async () => {
    const table = tempFile("t.json", JSON.stringify({ ...defaultTable, routes: {} }));
    const r = await routec(["eval", table, "--input", "-"], task([]));
    expect(r.code).toBe(1);
    expect(r.err).toContain("is not a valid decision table: bad `routes.L0`");
  });

  it("exits 1 and prints diagnostics when the policy has errors", async () => {
    const bad = tempFile("bad.route", 'policy "x"\nclassify { otherwise -> NOPE }\n');
    const r = await routec(["eval", bad, "--input", "-"], task([]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error R0\d{3}/);
    expect(r.out).toBe("");
  });
});
