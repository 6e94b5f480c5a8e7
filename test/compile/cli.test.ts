import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { tableSha256 } from "../../src/compile/canonical.js";
import type { Table } from "../../src/runtime/types.js";
import { TableSchema } from "../../src/schema/index.js";

const root = new URL("../../", import.meta.url).pathname;

async function routec(args: string[], cwd = root) {
  const io = memoryIO({ cwd });
  const code = await run(args, io, "0.0.0-test");
  return { code, out: io.out(), err: io.err() };
}

const small = [
  'policy "small" version 1',
  'runtime ollama { endpoint "http://127.0.0.1:11434" }',
  'model "m:7b" on ollama { context 32k tools yes vram 4GiB cost 0 }',
  'remote claude { model "claude-sonnet-4-5" }',
  "class L0 { max_context 8k }",
  "classify { otherwise -> L0 }",
  'deny secrets { use std.secrets }',
  'escalate { denied path -> claude "sensitive path" }',
  'route L0 -> "m:7b" else claude',
  "on error -> claude",
  "",
].join("\n");

function smallPolicyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "routec-compile-"));
  writeFileSync(join(dir, "small.route"), small);
  return dir;
}

describe("routec compile", () => {
  it("prints the golden table of policies/default.route on stdout when no -o is given", async () => {
    const { code, out, err } = await routec(["compile", "policies/default.route"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(join(root, "fixtures/tables/default.table.json"), "utf8"));
    const table = TableSchema.parse(JSON.parse(out)) as Table;
    expect(tableSha256(table)).toBe(table.sha256);
    expect(table.verification.checks.length).toBeGreaterThan(0);
  });

  it("writes byte-identical files when run twice from different directories", async () => {
    const dir = smallPolicyDir();
    const a = await routec(["compile", "small.route", "-o", "a.json"], dir);
    const b = await routec(["compile", join(dir, "small.route"), "-o", join(dir, "b.json")], root);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe(readFileSync(join(dir, "b.json"), "utf8"));
  });

  it("exits 1 with rendered diagnostics and writes nothing when the policy has errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-compile-"));
    writeFileSync(join(dir, "bad.route"), 'policy "bad"\ndeny s { "*.{pem" }\non error -> claude\n');
    const { code, out, err } = await routec(["compile", "bad.route", "-o", "t.json"], dir);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("error");
    expect(existsSync(join(dir, "t.json"))).toBe(false);
  });

  it("exits 2 when the policy file does not exist", async () => {
    const { code, err } = await routec(["compile", "no/such.route"]);
    expect(code).toBe(2);
    expect(err).toContain("cannot read `no/such.route`");
  });

  it("exits 2 when the output cannot be written", async () => {
    const dir = smallPolicyDir();
    const { code, err } = await routec(["compile", "small.route", "-o", join(dir, "missing-dir", "t.json")], dir);
    expect(code).toBe(2);
    expect(err).toContain("cannot write");
  });

  it("writes a .d.ts whose Decision names the policy's models when --types is given", async () => {
    const dir = smallPolicyDir();
    const { code } = await routec(["compile", "small.route", "-o", "t.json", "--types", "t.d.ts"], dir);
    expect(code).toBe(0);
    const dts = readFileSync(join(dir, "t.d.ts"), "utf8");
    expect(dts).toContain("export interface Decision");
    expect(dts).toMatch(/model:\s*\|?\s*"claude-sonnet-4-5"\s*\|\s*"m:7b";/);
    expect(dts).toMatch(/class: "L0" \| null;/);
    expect(dts).toContain('set: "secrets"');
  });
});

describe("routec schema", () => {
  it.each(["input", "decision", "table"])("prints the committed schema/%s.schema.json", async (format) => {
    const { code, out } = await routec(["schema", format]);
    expect(code).toBe(0);
    expect(out).toBe(readFileSync(join(root, "schema", `${format}.schema.json`), "utf8"));
  });

  it("exits 2 when the format is unknown", async () => {
    const { code } = await routec(["schema", "nope"]);
    expect(code).toBe(2);
  });
});

describe("routec compile --types", () => {
  it("keeps a policy name with `*/` inside the banner comment of the .d.ts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-types-"));
    const text = readFileSync("policies/default.route", "utf8").replace('policy "local-first"', 'policy "x */ export const injected = 1; /*"');
    writeFileSync(join(dir, "p.route"), text);
    const io = memoryIO({ cwd: dir });
    await run(["compile", "p.route", "-o", "t.json", "--types", "t.d.ts"], io, "0.1.0");
    expect(io.exitCode()).toBe(0);
    const types = readFileSync(join(dir, "t.d.ts"), "utf8");
    expect(types).not.toMatch(/^export const injected/m);
    expect(types.split("*/")[0]).toContain("x * / export const injected = 1; /*");
  });
});
