import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const root = new URL("../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "routec-ccr-"));
const vramFile = join(dir, "vram.json");
type Router = ((req: unknown, config?: unknown) => Promise<string>) & { routecInput: (req: unknown) => unknown };
let router: Router;

const system = [{ type: "text", text: "You are Claude Code.\n<env>\nWorking directory: /home/alice/project\nPlatform: linux\n</env>" }];
const tools = [{ name: "Read", description: "Read a file", input_schema: { type: "object" } }];

function request(messages: unknown[], tokenCount = 5000, extra: Record<string, unknown> = {}): unknown {
  return { body: { model: "claude-sonnet-4-5", system, messages, tools, ...extra }, tokenCount };
}

function toolUse(name: string, input: Record<string, unknown>): unknown {
  return { role: "assistant", content: [{ type: "text", text: "Let me look." }, { type: "tool_use", id: "toolu_01", name, input }] };
}

function toolError(text: string): unknown {
  return { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01", is_error: true, content: text }] };
}

const ask = (text: string): unknown => ({ role: "user", content: text });

beforeAll(async () => {
  // The module embeds dist/embed/ccr-runtime.cjs, which `npm run build` writes; build it when this file runs alone.
  if (!existsSync(`${root}dist/embed/ccr-runtime.cjs`)) spawnSync(process.execPath, ["scripts/bundle-embed.mjs"], { cwd: root });
  process.env["ROUTEC_VRAM_FILE"] = vramFile;
  process.env["HOME"] = "/home/alice";
  writeFileSync(vramFile, JSON.stringify({ gpus: [{ index: 0, total_mib: 24576, free_mib: 20000 }], low_vram_mode: false }));
  const io = memoryIO({ cwd: root });
  const out = join(dir, "router.js");
  await run(["export", "ccr", "policies/default.route", "-o", out, "--provider", "claude=anthropic", "--provider", "ollama=ollama"], io, "0.0.0");
  expect(io.err()).toContain("wrote");
  expect(io.exitCode()).toBe(0);
  // Loaded from a directory with no node_modules: the module must need nothing but Node.
  router = createRequire(join(dir, "anchor.js"))(out) as Router;
}, 60_000);

describe("routec export ccr", () => {
  it("routes a request that reads ~/.aws/credentials to the Claude provider", async () => {
    await expect(router(request([ask("check my aws setup"), toolUse("Read", { file_path: "/home/alice/.aws/credentials" })]))).resolves.toBe("anthropic,claude-sonnet-4-5");
  });

  it("routes a docs edit to the local provider", async () => {
    await expect(router(request([ask("fix the typo in the README"), toolUse("Edit", { file_path: "/home/alice/project/README.md", old_string: "teh", new_string: "the" })]))).resolves.toBe("ollama,qwen2.5:7b-instruct");
  });

  it("sees secrets in shell commands and in the prompt", async () => {
    await expect(router(request([ask("show me the key"), toolUse("Bash", { command: "cat ~/.ssh/id_ed25519 | head -1" })]))).resolves.toBe("anthropic,claude-sonnet-4-5");
    await expect(router(request([ask("summarise @.env for me")]))).resolves.toBe("anthropic,claude-sonnet-4-5");
  });

  it("resolves relative tool paths against the working directory in the system prompt", () => {
    expect(router.routecInput(request([toolUse("Read", { file_path: "src/app.ts" })]))).toMatchObject({ cwd: "/home/alice/project", files: ["src/app.ts"], home: "/home/alice" });
  });

  it("escalates long contexts and repeated tool failures", async () => {
    await expect(router(request([ask("refactor")], 100_000))).resolves.toBe("anthropic,claude-sonnet-4-5");
    await expect(router(request([ask("edit it"), toolUse("Edit", { file_path: "a.ts" }), toolError("String not found"), toolUse("Edit", { file_path: "a.ts" }), toolError("String not found")]))).resolves.toBe("anthropic,claude-sonnet-4-5");
  });

  it("counts a schema validation error as a schema mismatch", () => {
    expect(router.routecInput(request([ask("x"), toolUse("Edit", {}), toolError("InputValidationError: Edit failed due to the following issue: The required parameter `file_path` is missing")]))).toMatchObject({ schema_mismatch: true, tool_failures: 1 });
  });

  it("reads VRAM telemetry from ROUTEC_VRAM_FILE and escalates under pressure", async () => {
    writeFileSync(vramFile, JSON.stringify({ gpus: [{ index: 0, total_mib: 24576, free_mib: 500 }] }));
    await expect(router(request([ask("fix the typo"), toolUse("Edit", { file_path: "README.md" })]))).resolves.toBe("anthropic,claude-sonnet-4-5");
    writeFileSync(vramFile, JSON.stringify({ gpus: [{ index: 0, total_mib: 24576, free_mib: 20000 }] }));
  });

  it("fails closed to the on-error remote for unreadable requests", async () => {
    await expect(router(null)).resolves.toBe("anthropic,claude-sonnet-4-5");
    await expect(router({ body: { messages: "nope" }, tokenCount: Number.NaN })).resolves.toBe("anthropic,claude-sonnet-4-5");
  });

  it("sends synthesis tasks to the reviewer by default", async () => {
    const files = ["a.ts", "b.ts", "c.ts", "d.ts"].map((f) => toolUse("Edit", { file_path: f }));
    await expect(router(request([ask("rename across files"), ...files]))).resolves.toBe("anthropic,claude-sonnet-4-5");
  });

  it("reports a usage error for a malformed --provider", async () => {
    const io = memoryIO({ cwd: root });
    await run(["export", "ccr", "policies/default.route", "--provider", "claude"], io, "0.0.0");
    expect(io.exitCode()).toBe(2);
    expect(io.err()).toContain("routec-name=ccr-provider");
  });
});

describe("ccrModuleSource", () => {
  it("keeps a policy name or path with line terminators inside the header comment when the module is written", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "routec-ccr-inject-"));
    const text = readFileSync(`${root}policies/default.route`, "utf8").replace('policy "local-first"', 'policy "x\\u{2028}globalThis.routecInjected = 1; //"');
    const path = join(dir2, "evil\nglobalThis.routecInjected = 2;\u2028.route");
    writeFileSync(path, text);
    const io = memoryIO({ cwd: dir2 });
    await run(["export", "ccr", path, "-o", join(dir2, "router.js")], io, "0.0.0");
    expect(io.exitCode()).toBe(0);
    const source = readFileSync(join(dir2, "router.js"), "utf8");
    const header = source.split("\n").slice(0, 4);
    expect(header.every((line) => line.startsWith("// ") && !/[\u2028\u2029]/.test(line))).toBe(true);
    createRequire(join(dir2, "anchor.js"))(join(dir2, "router.js"));
    expect((globalThis as { routecInjected?: number }).routecInjected).toBeUndefined();
  });
});
