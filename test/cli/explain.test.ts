import { describe, expect, it } from "vitest";
import { nearestCodes } from "../../src/cli/commands/explain.js";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { allCodes } from "../../src/diagnostics/registry.js";

async function explain(...args: string[]) {
  const io = memoryIO();
  const code = await run(["explain", ...args], io, "0.1.0");
  return { code, out: io.out(), err: io.err() };
}

describe("routec explain", () => {
  it("prints the explanation of a code", async () => {
    const r = await explain("R0203");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^R0203 unknown-model \(error\)\na target names a model that is not declared\n\n/);
    expect(r.out).toContain("did you mean `qwen2.5:7b-instruct`");
  });

  it("accepts a slug or a lowercase code", async () => {
    expect((await explain("unknown-model")).out).toBe((await explain("R0203")).out);
    expect((await explain("r0203")).out).toBe((await explain("R0203")).out);
  });

  it("exits 2 with R0907 and the nearest codes when the code is unknown", async () => {
    const r = await explain("R2003");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error\[R0907\]: unknown diagnostic code `R2003`\n {2}= help: did you mean `R0203` \(unknown-model\)/);
  });

  it("suggests listing the codes when nothing is near", async () => {
    const r = await explain("completely-different");
    expect(r.err).toContain("= help: list the codes with `routec explain --list`");
  });

  it("exits 2 when given no code", async () => {
    expect((await explain()).code).toBe(2);
  });

  it("lists every registered code with --list", async () => {
    const r = await explain("--list");
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.map((l) => l.slice(0, 5))).toEqual(allCodes.map((c) => c.code));
    expect(lines.find((l) => l.startsWith("R0203"))).toMatch(/^R0203 {2}unknown-model +error +a target names a model that is not declared$/);
  });
});

describe("nearestCodes", () => {
  it("ranks by distance to the code or slug and keeps at most three", () => {
    expect(nearestCodes("unknown-modle").map((c) => c.code)).toEqual(["R0203"]);
    expect(nearestCodes("R020").length).toBeLessThanOrEqual(3);
    expect(nearestCodes("zzzzzzzz")).toEqual([]);
  });
});
