import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

describe("routec init", () => {
  it("scaffolds a policy that checks, golden cases that pass and a workflow when the directory is empty", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-init-"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["init"], io, "0")).toBe(0);
    expect(io.out()).toContain("wrote policy.route");
    expect(io.out()).toContain("next steps");
    const workflow = readFileSync(join(dir, ".github/workflows/routec.yml"), "utf8");
    expect(workflow).toContain("routec check --format sarif");
    expect(workflow).toContain("upload-sarif");
    expect(workflow).toContain("routec test");
    expect(workflow).toMatch(/on:\s+pull_request:/);
    const check = memoryIO({ cwd: dir });
    expect(await run(["check", "policy.route"], check, "0"), check.err() + check.out()).toBe(0);
    const test = memoryIO({ cwd: dir });
    expect(await run(["test", "fixtures", "--min-coverage", "50"], test, "0"), test.err() + test.out()).toBe(0);
    expect(test.out()).toContain("7 passed, 0 failed");
  });

  it("refuses to overwrite an existing file when --force is not given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-init-"));
    writeFileSync(join(dir, "policy.route"), "# mine\n");
    const io = memoryIO({ cwd: dir });
    expect(await run(["init", "."], io, "0")).toBe(1);
    expect(io.err()).toContain("`policy.route` already exists");
    expect(readFileSync(join(dir, "policy.route"), "utf8")).toBe("# mine\n");
    const forced = memoryIO({ cwd: dir });
    expect(await run(["init", ".", "--force"], forced, "0")).toBe(0);
    expect(readFileSync(join(dir, "policy.route"), "utf8")).toContain('policy "my-policy"');
  });

  it("writes into a new subdirectory when one is named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-init-"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["init", "sub/repo"], io, "0")).toBe(0);
    expect(readFileSync(join(dir, "sub/repo/fixtures/policy.golden.json"), "utf8")).toContain('"policy": "../policy.route"');
  });
});
