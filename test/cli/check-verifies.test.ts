import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const root = new URL("../../", import.meta.url).pathname;

describe("routec check", () => {
  it("fails a policy that parses and type-checks but fails verification, as compile does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-check-verify-"));
    const source = readFileSync(`${root}policies/default.route`, "utf8").replace('denied path -> claude "sensitive path"', 'tool_failures >= 9 -> claude "many failures"');
    writeFileSync(join(dir, "leaky.route"), source);
    const check = memoryIO({ cwd: dir });
    await run(["check", "leaky.route"], check, "0.0.0");
    const compile = memoryIO({ cwd: dir });
    await run(["compile", "leaky.route", "-o", "table.json"], compile, "0.0.0");
    expect(check.exitCode()).toBe(1);
    expect(compile.exitCode()).toBe(1);
    expect(check.out()).toContain("R0304");
    expect(check.out()).toContain("witness");
  });
});
