import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

async function routec(args: readonly string[], options: Parameters<typeof memoryIO>[0] = {}) {
  const io = memoryIO(options);
  const code = await run(args, io, "0.1.0");
  return { code, out: io.out(), err: io.err() };
}

describe("routec explain", () => {
  it("exits 2 at once with a shortened code when the argument is 64 KB long", async () => {
    const started = performance.now();
    const r = await routec(["explain", "x".repeat(65_536)]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[R0907\]: unknown diagnostic code `x{40}…`\n/);
    expect(r.err.length).toBeLessThan(500);
  });
});
