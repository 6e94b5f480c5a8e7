/**
 * Fake `nvidia-smi` and `rocm-smi` executables for tests: bash scripts in a temp directory that tests prepend to
 * PATH, so the production code spawns them exactly as it would the real tools.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FIXTURES = new URL("../../fixtures/probe/nvidia-smi/", import.meta.url);

/** The text of a fixture in `fixtures/probe/nvidia-smi/`. */
export function nvidiaFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), "utf8");
}

/** How a fake tool behaves. */
export type FakeTool =
  | { readonly kind: "print"; readonly stdout: string; readonly exit?: number; readonly stderr?: string }
  | { readonly kind: "hang"; readonly seconds: number }
  /** Prints the n-th output on the n-th call (the last one from then on), like memory filling up. */
  | { readonly kind: "sequence"; readonly outputs: readonly string[] };

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function script(tool: FakeTool, expectedArgs: readonly string[], dir: string): string {
  // The fake insists on the production arguments, so a wrong query fails the test instead of passing silently.
  const check = `if [ "$*" != ${quote(expectedArgs.join(" "))} ]; then printf 'unexpected arguments: %s\\n' "$*" >&2; exit 64; fi\n`;
  // A child that outlives nothing: the script waits on it, and records its pid so a test can check it was killed.
  if (tool.kind === "hang") return `#!/bin/bash\n${check}sleep ${tool.seconds} &\necho $! > ${quote(join(dir, "child.pid"))}\nwait\n`;
  if (tool.kind === "sequence") {
    const counter = quote(join(dir, "calls"));
    const cases = tool.outputs.map((out, i) => `  ${i === tool.outputs.length - 1 ? "*" : String(i)}) printf '%s' ${quote(out)} ;;`).join("\n");
    return `#!/bin/bash\n${check}n=0; [ -f ${counter} ] && n=$(< ${counter})\necho $((n + 1)) > ${counter}\ncase $n in\n${cases}\nesac\n`;
  }
  return `#!/bin/bash\n${check}printf '%s' ${quote(tool.stdout)}\n${tool.stderr ? `printf '%s' ${quote(tool.stderr)} >&2\n` : ""}exit ${tool.exit ?? 0}\n`;
}

export interface FakeBin {
  readonly dir: string;
  /** PATH with the fake directory first and the system directories after (for `sleep`). */
  readonly path: string;
  readonly cleanup: () => void;
}

/** Writes the given fake tools into a fresh temp directory. */
export function fakeGpuTools(tools: { readonly nvidia?: FakeTool; readonly rocm?: FakeTool }): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), "routec-fake-gpu-"));
  if (tools.nvidia) {
    const file = join(dir, "nvidia-smi");
    writeFileSync(file, script(tools.nvidia, ["--query-gpu=index,memory.total,memory.free", "--format=csv,noheader,nounits"], dir));
    chmodSync(file, 0o755);
  }
  if (tools.rocm) {
    const file = join(dir, "rocm-smi");
    writeFileSync(file, script(tools.rocm, ["--showmeminfo", "vram", "--json"], dir));
    chmodSync(file, 0o755);
  }
  return { dir, path: `${dir}:/usr/bin:/bin`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
