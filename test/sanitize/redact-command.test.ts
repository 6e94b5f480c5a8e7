import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const keyBlock = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";

describe("redact command", () => {
  it("writes a file with its secrets replaced when given a path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-redact-"));
    writeFileSync(join(dir, "log.txt"), `start\nGITHUB_TOKEN=abc123\n${keyBlock}\nend\n`);
    const io = memoryIO({ cwd: dir });
    expect(await run(["redact", "log.txt"], io, "0.0.0")).toBe(0);
    expect(io.out()).toBe("start\nGITHUB_TOKEN=[REDACTED:secret-assignment]\n[REDACTED:private-key]\nend\n");
  });

  it("streams a large file without changing lines that hold no secret", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-redact-"));
    const line = "ordinary log line number ";
    const lines = Array.from({ length: 200_000 }, (_, i) => (i % 50_000 === 7 ? "password: hunter2" : line + i));
    writeFileSync(join(dir, "big.log"), lines.join("\n"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["redact", "big.log"], io, "0.0.0")).toBe(0);
    const out = io.out().split("\n");
    expect(out).toHaveLength(200_000);
    expect(out[7]).toBe("password: [REDACTED:secret-assignment]");
    expect(out[199_999]).toBe(`${line}199999`);
  });

  it("reads standard input when given -", async () => {
    const io = memoryIO({ stdin: "Authorization: Bearer abcdef123456\n" });
    expect(await run(["redact", "-"], io, "0.0.0")).toBe(0);
    expect(io.out()).toBe("Authorization: Bearer [REDACTED:authorization]\n");
  });

  it("redacts denied paths when given --deny", async () => {
    const io = memoryIO({ stdin: "opened /home/u/.aws/credentials" });
    await run(["redact", "--deny", "/home/u/.aws/credentials"], io, "0.0.0");
    expect(io.out()).toBe("opened [REDACTED:path]");
  });

  it("exits 2 when the file is unreadable", async () => {
    const io = memoryIO({ cwd: tmpdir() });
    expect(await run(["redact", "does-not-exist.txt"], io, "0.0.0")).toBe(2);
    expect(io.err()).toBe("routec: cannot read `does-not-exist.txt`: no such file or directory\n");
  });

  it("says why in words without node's message when the path is a directory or holds a nul byte", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-redact-"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["redact", "."], io, "0.0.0")).toBe(2);
    expect(io.err()).toBe("routec: cannot read `.`: is a directory\n");
    const nul = memoryIO({ cwd: dir });
    expect(await run(["redact", "a\u0000b"], nul, "0.0.0")).toBe(2);
    expect(nul.err()).toBe("routec: cannot read `a\\u{0}b`: the path contains a NUL byte\n");
  });

  it("streams standard input, writing output before the input ends, when given -", async () => {
    const line = "x".repeat(1000);
    let outBeforeEnd = 0;
    const io = memoryIO();
    const streaming = {
      ...io,
      readStdin: () => Promise.reject(new Error("standard input must not be read whole")),
      stdinLines: async function* () {
        for (let i = 0; i < 200; i++) yield i === 100 ? "token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" : line;
        outBeforeEnd = io.out().length;
        yield "";
      },
    };
    expect(await run(["redact", "-"], streaming, "0.0.0")).toBe(0);
    expect(outBeforeEnd).toBeGreaterThan(64 * 1024);
    const out = io.out().split("\n");
    expect(out).toHaveLength(201);
    expect(out[100]).not.toContain("ghp_");
    expect(out[200]).toBe("");
  });
});
