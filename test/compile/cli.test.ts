import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

describe("routec compile", () => {
  it("prints a valid, self-hashed table on stdout when no -o is given", async () => {
    const { code, out, err } = await routec(["compile", "policies/default.route"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const table = TableSchema.parse(JSON.parse(out)) as Table;
    expect(tableSha256(table)).toBe(table.sha256);
    expect(table.policy.name).toBe("local-first");
  });

  it("writes byte-identical files when run twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-compile-"));
    await routec(["compile", "policies/default.route", "-o", join(dir, "a.json")]);
    await routec(["compile", join(root, "policies/default.route"), "-o", join(dir, "b.json")], dir);
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe(readFileSync(join(dir, "b.json"), "utf8"));
  });

  it("exits 1 with rendered diagnostics and writes nothing when the policy has errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-compile-"));
    writeFileSync(join(dir, "bad.route"), 'policy "bad"\ndeny s { "*.{pem" }\non error -> claude\n');
    const { code, out, err } = await routec(["compile", "bad.route"], dir);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("error");
  });

  it("exits 2 when the policy file does not exist", async () => {
    const { code, err } = await routec(["compile", "no/such.route"]);
    expect(code).toBe(2);
    expect(err).toContain("cannot read `no/such.route`");
  });

  it("writes a .d.ts whose Decision names the policy's models when --types is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-compile-"));
    const { code } = await routec(["compile", "policies/default.route", "-o", join(dir, "t.json"), "--types", join(dir, "t.d.ts")]);
    expect(code).toBe(0);
    const dts = readFileSync(join(dir, "t.d.ts"), "utf8");
    expect(dts).toContain("export interface Decision");
    expect(dts).toContain('"llama3.1:latest"');
    expect(dts).toContain('"L3"');
    expect(dts).toContain('"secrets"');
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
