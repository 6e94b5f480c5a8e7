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
    expect(io.err()).toContain("cannot read `does-not-exist.txt`");
  });
});
