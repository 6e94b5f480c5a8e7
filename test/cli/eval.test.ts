import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

  it("exits 2 naming the key and its position when the input repeats a key", async () => {
    const text = task(["src/a.ts"]).replace('"files":', '"files":["~/.ssh/id_rsa"],"files":');
    const r = await routec(["eval", policy, "--input", "-"], text);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`routec: <stdin>:1:${text.lastIndexOf('"files"') + 1}: duplicate key \`files\`\n`);
    expect(r.out).toBe("");
  });

  it("compares keys after unescaping when the input repeats a key spelled with escapes", async () => {
    const text = task(["src/a.ts"]).replace('"files":', '"files":["~/.ssh/id_rsa"],"fil\\u0065s":');
    const r = await routec(["eval", policy, "--input", "-"], text);
    expect(r.code).toBe(2);
    expect(r.err).toContain("duplicate key `files`");
  });

  it("finds a repeated key in a nested object and escapes its control characters", async () => {
    const r = await routec(["eval", policy, "--input", "-"], '{"task": {"kind": "edit", "a\\u0007": 1, "a\\u0007": 2}}');
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec: <stdin>:1:41: duplicate key `a\\u{7}`\n");
  });

  it("accepts equal keys in different objects", async () => {
    const r = await routec(["eval", policy, "--input", "-"], task(["src/a.ts"], { extra: { task: 1, files: [] } }));
    expect(r.code).toBe(0);
  });

  it("skips a utf-8 byte order mark before the json", async () => {
    const input = tempFile("bom.json", `\uFEFF${task(["src/a.ts"])}`);
    const r = await routec(["eval", policy, "--input", input]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ target: "local" });
  });

  it("says the file is empty when the input file is empty", async () => {
    const input = tempFile("empty.json", "");
    const r = await routec(["eval", policy, "--input", input]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`routec: ${input}: the file is empty\n`);
  });

  it("names an unexpected character escaped when the input has control bytes", async () => {
    const r = await routec(["eval", policy, "--input", "-"], "\u0001\u001b[31m");
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec: <stdin>:1:1: invalid JSON: unexpected character `\\u{1}`\n");
  });

  it("locates the end of the input without overflowing the stack when 10^5 arrays are left open", async () => {
    const r = await routec(["eval", policy, "--input", "-"], "[".repeat(100_000));
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec: <stdin>:1:100001: invalid JSON: unexpected end of the input\n");
  });

  it("exits 2 and escapes the path when a path contains a nul byte", async () => {
    for (const args of [["eval", "a\u0000b.route", "--input", "-"], ["eval", policy, "--input", "a\u0000b.json"], ["eval", "a\u0000b.json", "--input", "-"]]) {
      const r = await routec(args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^routec: cannot read `a\\u\{0\}b\.(route|json)`: the path contains a NUL byte\n$/);
    }
  });

  it("exits 2 saying so when the policy is a directory or missing", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "routec-eval-")), "d.route");
    mkdirSync(dir);
    expect(await routec(["eval", dir, "--input", "-"])).toMatchObject({ code: 2, err: `routec: cannot read \`${dir}\`: is a directory\n` });
    const missing = await routec(["eval", "/nonexistent/p.route", "--input", "-"]);
    expect(missing).toMatchObject({ code: 2, err: "routec: cannot read `/nonexistent/p.route`: no such file or directory\n" });
  });

  it("exits 2 saying what it found when the table file is not a decision table", async () => {
    const deep = tempFile("deep.json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(await routec(["eval", deep, "--input", "-"])).toMatchObject({ code: 2, err: `routec: \`${deep}\` is not a decision table: expected a JSON object, found an array\n` });
    const other = tempFile("o.json", '{"schema": "routec.input/1"}');
    const r = await routec(["eval", other, "--input", "-"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("its `schema` is `routec.input/1`, not `routec.table/1`");
  });

  it("says it is reading standard input when --input - comes from a terminal", async () => {
    const io = memoryIO({ stdin: task(["src/a.ts"]), cwd: root, stdinIsTTY: true });
    expect(await run(["eval", policy, "--input", "-"], io, "0.0.0")).toBe(0);
    expect(io.err()).toBe("routec: reading the input from standard input (end with Ctrl-D)\n");
    expect((await routec(["eval", policy, "--input", "-"], task(["src/a.ts"]))).err).toBe("");
  });

  it("exits 1 and prints diagnostics when the policy has errors", async () => {
    const bad = tempFile("bad.route", 'policy "x"\nclassify { otherwise -> NOPE }\n');
    const r = await routec(["eval", bad, "--input", "-"], task([]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error R0\d{3}/);
    expect(r.out).toBe("");
  });
});

describe("parseJson consumers", () => {
  it("denies the tool call when a claude code hook event repeats a key", async () => {
    const event = '{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"/home/u/.ssh/id_rsa","file_path":"src/a.ts"}}';
    const io = memoryIO({ stdin: event, cwd: root, env: { HOME: "/home/u" } });
    expect(await run(["hook", "claude-code", "-p", "fixtures/tables/default.table.json"], io, "0.0.0")).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });
  });

  it("exits 2 in words when export ccr is given a nul byte in the policy path", async () => {
    expect(await routec(["export", "ccr", "a\u0000b.route"])).toMatchObject({ code: 2, err: "routec: cannot read `a\\u{0}b.route`: the path contains a NUL byte\n" });
  });
});
