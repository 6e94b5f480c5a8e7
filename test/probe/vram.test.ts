import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { isLowVramMode, parseNvidiaSmi, parseRocmSmi, readVram, vramFeatures } from "../../src/probe/vram.js";
import type { FakeBin, FakeTool } from "../fakes/gpu-tools.js";
import { fakeGpuTools, nvidiaFixture } from "../fakes/gpu-tools.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function bin(nvidia?: FakeTool, rocm?: FakeTool): FakeBin {
  const b = fakeGpuTools({ ...(nvidia ? { nvidia } : {}), ...(rocm ? { rocm } : {}) });
  cleanups.push(b.cleanup);
  return b;
}

/** Whether `pid` runs; a killed orphan may linger as a zombie until its new parent reaps it, which counts as dead. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function emptyPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "routec-empty-path-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("parseNvidiaSmi", () => {
  it("reads one gpu when the output has no units", () => {
    expect(parseNvidiaSmi(nvidiaFixture("a100-80g-index-total-free.nounits.txt"))).toEqual({ ok: true, gpus: [{ index: 0, total_mib: 81920, free_mib: 26160 }], skipped: [] });
  });

  it("reads unit-suffixed values when nounits is missing", () => {
    expect(parseNvidiaSmi(nvidiaFixture("a100-80g-index-total-free.units.txt"))).toEqual({ ok: true, gpus: [{ index: 0, total_mib: 81920, free_mib: 26160 }], skipped: [] });
  });

  it("reads every gpu when there are several", () => {
    const parsed = parseNvidiaSmi(nvidiaFixture("two-gpus-index-total-free.nounits.txt"));
    expect(parsed.ok && parsed.gpus.map((g) => [g.index, g.total_mib, g.free_mib])).toEqual([[0, 4096, 2131], [1, 16384, 16000]]);
  });

  it("skips gpus whose memory is [N/A], N/A or [Not Supported]", () => {
    for (const name of ["unified-memory-na.txt", "old-driver-na.txt"]) {
      const parsed = parseNvidiaSmi(nvidiaFixture(name));
      expect(parsed.ok && parsed.gpus).toEqual([]);
      expect(parsed.ok && parsed.skipped[0]).toMatch(/GPU 0 reports memory as `\[?N\/A\]?`/);
    }
    const mixed = parseNvidiaSmi(nvidiaFixture("mixed-not-supported.txt"));
    expect(mixed.ok && mixed.gpus.map((g) => g.index)).toEqual([0]);
    expect(mixed.ok && mixed.skipped).toEqual(["GPU 1 reports memory as `[Not Supported]`"]);
  });

  it("rejects output of another query when the field count differs", () => {
    const parsed = parseNvidiaSmi(nvidiaFixture("multi-gpu-name-memfree-noheader-nounits.txt"));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/^unexpected nvidia-smi output line `NVIDIA GeForce GTX 1050 Ti, 2131`/);
  });

  it("rejects garbage values when they are neither numbers nor missing markers", () => {
    expect(parseNvidiaSmi("0, lots, 12\n")).toEqual({ ok: false, reason: "unexpected nvidia-smi memory value `lots`" });
    expect(parseNvidiaSmi("")).toEqual({ ok: false, reason: "nvidia-smi printed nothing" });
  });
});

describe("parseRocmSmi", () => {
  it("converts bytes to mib when cards report totals", () => {
    const text = JSON.stringify({ card1: { "VRAM Total Memory (B)": "17163091968", "VRAM Total Used Memory (B)": "1073741824" }, card0: { "VRAM Total Memory (B)": "536870912", "VRAM Total Used Memory (B)": "482263040" } });
    expect(parseRocmSmi(text)).toEqual({ ok: true, gpus: [{ index: 0, total_mib: 512, free_mib: 52 }, { index: 1, total_mib: 16368, free_mib: 15344 }], skipped: [] });
  });

  it("fails when the output is not json", () => {
    expect(parseRocmSmi("ERROR: GPU not found")).toEqual({ ok: false, reason: "rocm-smi printed output that is not JSON" });
  });
});

describe("vram features", () => {
  it("computes fragmentation as 1 - largest/free when memory is spread over gpus", () => {
    const f = vramFeatures({ gpus: [{ index: 0, total_mib: 4096, free_mib: 1000 }, { index: 1, total_mib: 16384, free_mib: 3000 }] });
    expect(f).toEqual({ total_mib: 20480, free_mib: 4000, free_pct: (100 * 4000) / 20480, largest_free_mib: 3000, fragmentation_pct: 25 });
  });

  it("reports zero fragmentation when nothing is free", () => {
    expect(vramFeatures({ gpus: [{ index: 0, total_mib: 8192, free_mib: 0 }] }).fragmentation_pct).toBe(0);
  });

  it("enters low-vram mode below 20 GiB total as ollama does, minus the gpu overhead", () => {
    const gpus = [{ index: 0, total_mib: 16384, free_mib: 1 }, { index: 1, total_mib: 4096, free_mib: 1 }];
    expect(isLowVramMode(gpus, 0)).toBe(false);
    expect(isLowVramMode(gpus, 1)).toBe(true);
    expect(isLowVramMode([], 0)).toBe(false);
  });
});

describe("readVram", () => {
  it("reads the fake nvidia-smi when it is on PATH", async () => {
    const b = bin({ kind: "print", stdout: nvidiaFixture("two-gpus-index-total-free.nounits.txt") });
    const reading = await readVram({ env: { PATH: b.path } });
    expect(reading).toEqual({ snapshot: { gpus: [{ index: 0, total_mib: 4096, free_mib: 2131 }, { index: 1, total_mib: 16384, free_mib: 16000 }], low_vram_mode: false }, reason: null, source: "nvidia-smi", detail: null });
  });

  it("honours OLLAMA_GPU_OVERHEAD when deciding low-vram mode", async () => {
    const b = bin({ kind: "print", stdout: nvidiaFixture("two-gpus-index-total-free.nounits.txt") });
    const reading = await readVram({ env: { PATH: b.path, OLLAMA_GPU_OVERHEAD: String(512 * 1048576) } });
    expect(reading.snapshot?.low_vram_mode).toBe(true);
  });

  it("is unknown with the driver message when nvidia-smi fails", async () => {
    const b = bin({ kind: "print", stdout: nvidiaFixture("driver-failure.txt"), exit: 9 });
    const reading = await readVram({ env: { PATH: b.path } });
    expect(reading.snapshot).toBeNull();
    expect(reading.reason).toBe("`nvidia-smi` failed with status 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.");
  });

  it("is unknown when no nvidia-smi or rocm-smi is on PATH", async () => {
    const reading = await readVram({ env: { PATH: emptyPath() } });
    expect(reading).toEqual({ snapshot: null, reason: "no `nvidia-smi` (or `rocm-smi`) on PATH", source: null, detail: null });
  });

  it("kills nvidia-smi and is unknown when it hangs past the timeout", async () => {
    const b = bin({ kind: "hang", seconds: 30 });
    const started = Date.now();
    const reading = await readVram({ env: { PATH: b.path }, timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reading.reason).toBe("`nvidia-smi` did not answer within 200 ms and was killed");
    const child = Number(readFileSync(join(b.dir, "child.pid"), "utf8"));
    await new Promise((r) => setTimeout(r, 100));
    expect(running(child), "the script's own child must be killed with it").toBe(false);
  });

  it("is unknown when every gpu reports [N/A]", async () => {
    const b = bin({ kind: "print", stdout: nvidiaFixture("unified-memory-na.txt") });
    const reading = await readVram({ env: { PATH: b.path } });
    expect(reading.snapshot).toBeNull();
    expect(reading.reason).toBe("no GPU reports its memory (GPU 0 reports memory as `[N/A]`)");
  });

  it("falls back to rocm-smi when there is no nvidia-smi", async () => {
    const b = bin(undefined, { kind: "print", stdout: JSON.stringify({ card0: { "VRAM Total Memory (B)": String(8 * 1073741824), "VRAM Total Used Memory (B)": String(1073741824) } }) });
    const reading = await readVram({ env: { PATH: b.path } });
    expect(reading).toMatchObject({ source: "rocm-smi", snapshot: { gpus: [{ index: 0, total_mib: 8192, free_mib: 7168 }], low_vram_mode: true } });
  });
});

describe("routec vram", () => {
  it("prints the input's vram field exactly when --json is given", async () => {
    const b = bin({ kind: "print", stdout: nvidiaFixture("a100-80g-index-total-free.units.txt") });
    const io = memoryIO({ env: { PATH: b.path } });
    expect(await run(["vram", "--json"], io, "0.0.0")).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ gpus: [{ index: 0, total_mib: 81920, free_mib: 26160 }], low_vram_mode: false });
    expect(io.err()).toBe("");
  });

  it("prints null with the reason on stderr and exits 0 when nvidia-smi is missing", async () => {
    const io = memoryIO({ env: { PATH: emptyPath() } });
    expect(await run(["vram", "--json"], io, "0.0.0")).toBe(0);
    expect(io.out()).toBe("null\n");
    expect(io.err()).toBe("warning[R0620]: gpu memory telemetry is unknown: no `nvidia-smi` (or `rocm-smi`) on PATH\n\n");
  });

  it("shows levels, fragmentation and low-vram mode in the human form", async () => {
    const b = bin({ kind: "print", stdout: nvidiaFixture("two-gpus-index-total-free.nounits.txt") });
    const io = memoryIO({ env: { PATH: b.path } });
    await run(["vram"], io, "0.0.0");
    expect(io.out()).toMatchInlineSnapshot(`
      "GPU 0: 2131 MiB free of 4096 MiB (52.0% free)
      GPU 1: 16000 MiB free of 16384 MiB (97.7% free)
      total: 18131 MiB free of 20480 MiB (88.5% free, 17.7 GiB)
      largest free on one GPU: 16000 MiB; fragmentation 11.8%
      low-VRAM mode: no (total below 20480 MiB, as Ollama)
      source: nvidia-smi
      "
    `);
  });

  it("composes with routec eval when its json becomes the input's vram field", async () => {
    const policy = new URL("../fixtures/probe/ok/vram-levels.route", import.meta.url).pathname;
    const b = bin({ kind: "print", stdout: "0, 24576, 1000\n" });
    const vram = memoryIO({ env: { PATH: b.path } });
    await run(["vram", "--json"], vram, "0.0.0");
    const input = { task: { kind: "edit", labels: [] }, files: ["src/a.ts"], context_tokens: 1000, tool_failures: 0, schema_mismatch: false, vram: JSON.parse(vram.out()) as unknown };
    const io = memoryIO({ stdin: JSON.stringify(input) });
    await run(["eval", policy, "-i", "-"], io, "0.0.0");
    expect(io.err()).toBe("");
    expect(JSON.parse(io.out())).toMatchObject({ vram_level: "critical", target: "remote", reasons: [{ code: "classified" }, { code: "escalated", message: "VRAM pressure" }] });
  });

  it("shows the level the policy would use when --policy is given", async () => {
    const policy = new URL("../fixtures/probe/ok/vram-levels.route", import.meta.url).pathname;
    const low = bin({ kind: "print", stdout: "0, 24576, 6000\n" });
    const io = memoryIO({ env: { PATH: low.path } });
    expect(await run(["vram", "--policy", policy], io, "0.0.0")).toBe(0);
    expect(io.out()).toContain("policy `vram-levels` level: low\n");
    const unknown = memoryIO({ env: { PATH: emptyPath() } });
    await run(["vram", "--policy", policy], unknown, "0.0.0");
    expect(unknown.out()).toContain("policy `vram-levels` level: low (telemetry unknown: the policy's `unknown as` level)\n");
    const small = bin({ kind: "print", stdout: "0, 8192, 7000\n" });
    const raised = memoryIO({ env: { PATH: small.path } });
    await run(["vram", "--policy", policy], raised, "0.0.0");
    expect(raised.out()).toContain("policy `vram-levels` level: low (raised from `ok` by low-VRAM mode)\n");
  });

  it("shows the reason in the human form and the raw output with --verbose when the driver fails", async () => {
    const b = bin({ kind: "print", stdout: "", stderr: "Failed to initialize NVML: Driver/library version mismatch\nNVML library version: 535.183\n", exit: 18 });
    const io = memoryIO({ env: { PATH: b.path } });
    expect(await run(["vram", "--verbose"], io, "0.0.0")).toBe(0);
    expect(io.out()).toBe("vram: unknown (`nvidia-smi` failed with status 18: Failed to initialize NVML: Driver/library version mismatch)\n");
    expect(io.err()).toContain("NVML library version: 535.183");
  });
});
