import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import type { ScriptedServer } from "../fakes/openai-server.js";
import { startScriptedServer } from "../fakes/openai-server.js";

let server: ScriptedServer;
let dir: string;

beforeAll(async () => {
  server = await startScriptedServer();
  dir = mkdtempSync(join(tmpdir(), "routec-check-probes-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A small policy on the scripted server: `no-tools` answers Ollama's 400, `ollama-conforming` passes. */
function policy(noTools: "yes" | "no", conforming: "yes" | "no"): string {
  return [
    'policy "probed" version 1',
    `runtime ollama { endpoint "${server.url}" }`,
    `model "no-tools" on ollama { context 8k tools ${noTools} vram 2GiB cost 0 }`,
    `model "ollama-conforming" on ollama { context 8k tools ${conforming} vram 4GiB cost 0 }`,
    'remote claude { model "claude-sonnet-4-5" }',
    'class L0 "everything" { max_context 8k }',
    "classify {\n  otherwise -> L0\n}",
    'route L0 -> "ollama-conforming", "no-tools" else claude',
    "on error -> claude",
    "",
  ].join("\n");
}

/** Writes the policy, probes it into `<name>.json`, and returns both paths. */
async function probed(name: string, text: string): Promise<{ file: string; results: string }> {
  const file = join(dir, `${name}.route`);
  writeFileSync(file, text);
  const results = join(dir, `${name}.json`);
  await run(["probe", file, "--iterations", "0", "--timeout", "500", "--retries", "0", "-o", results], memoryIO({ cwd: dir }), "0.0.0");
  return { file, results };
}

describe("routec check --probes", () => {
  it("reports tools yes that failed as an error and tools no that passed as a warning, at the declarations", async () => {
    const { file, results } = await probed("contradicted", policy("yes", "no"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["check", "--probes", results, file], io, "0.0.0")).toBe(1);
    expect(io.out()).toContain("error[R0630]: model `no-tools` is declared `tools yes` but failed its tool-call probes");
    expect(io.out()).toContain("warning[R0631]: model `ollama-conforming` is declared `tools no` but passed its tool-call probes");
    expect(io.out()).toContain('model "no-tools" on ollama');
  });

  it("adds nothing when the probes agree with the registry", async () => {
    const { file, results } = await probed("agreeing", policy("no", "yes"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["check", "--probes", results, file, "--format", "json"], io, "0.0.0")).toBe(0);
    expect(io.out()).not.toMatch(/R06\d\d/);
  });

  it("reports R0640 and exits 2 when the results file is not probe results", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{}");
    const file = join(dir, "plain.route");
    writeFileSync(file, policy("no", "yes"));
    const io = memoryIO({ cwd: dir });
    expect(await run(["check", "--probes", bad, file], io, "0.0.0")).toBe(2);
    expect(io.err()).toMatch(/^error\[R0640\]: `.*bad\.json` is not `routec\.probe\/1`/);
  });
});
