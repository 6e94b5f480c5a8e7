import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { ccrInput } from "../../src/embed/ccr.js";
import { maxToolInputDepth, pathsFromCommand, pathsFromToolInput } from "../../src/embed/tool-paths.js";

const root = new URL("../../", import.meta.url).pathname;
const table = "fixtures/tables/default.table.json";

async function hook(event: unknown, policy = table): Promise<{ out: string; err: string; code: number }> {
  const io = memoryIO({ cwd: root, stdin: typeof event === "string" ? event : JSON.stringify(event), env: { HOME: "/home/alice" } });
  await run(["hook", "claude-code", "--policy", policy], io, "0.0.0");
  return { out: io.out(), err: io.err(), code: io.exitCode() };
}

const event = (tool_name: string, tool_input: unknown): unknown => ({ session_id: "s1", transcript_path: "/tmp/t.jsonl", cwd: "/home/alice/project", hook_event_name: "PreToolUse", tool_name, tool_input });

describe("routec hook claude-code", () => {
  it("denies a Read of a private key with the PreToolUse JSON protocol", async () => {
    const r = await hook(event("Read", { file_path: "/home/alice/.ssh/id_rsa" }));
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.out) as { hookSpecificOutput: { hookEventName: string; permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "deny" });
    expect(answer.hookSpecificOutput.permissionDecisionReason).toContain("~/.ssh/**");
    expect(answer.hookSpecificOutput.permissionDecisionReason).not.toContain("/home/alice/.ssh/id_rsa");
  });

  it("denies a Bash command that reads a secret and a Grep in ~/.aws/credentials", async () => {
    expect((await hook(event("Bash", { command: "tar czf /tmp/x.tgz ~/.gnupg" }))).out).toContain('"deny"');
    expect((await hook(event("Grep", { pattern: "aws_secret", path: "~/.aws/credentials" }))).out).toContain('"deny"');
    expect((await hook(event("Read", { file_path: ".env" }))).out).toContain('"deny"');
  });

  it("passes an ordinary edit with no output", async () => {
    const r = await hook(event("Edit", { file_path: "/home/alice/project/src/app.ts", old_string: "a", new_string: "b" }));
    expect(r).toEqual({ out: "", err: "", code: 0 });
  });

  it("blocks when the event cannot be read", async () => {
    const r = await hook("{ not json");
    expect(JSON.parse(r.out)).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });
  });

  it("blocks with exit 2 when the policy cannot be loaded", async () => {
    const r = await hook(event("Read", { file_path: "src/a.ts" }), "missing/table.json");
    expect(r.code).toBe(2);
    expect(r.err).toContain("blocked");
  });
});

describe("tool paths", () => {
  it("takes path-like shell words, quoted or in --opt=value form", () => {
    expect(pathsFromCommand(`cp "my dir/.env" --target-directory=/tmp/out && echo done`)).toEqual(["my dir/.env", "/tmp/out"]);
  });

  it("joins a glob pattern to its path and scans unknown MCP arguments", () => {
    expect(pathsFromToolInput({ path: "~/.ssh/", pattern: "*" })).toContain("~/.ssh/*");
    expect(pathsFromToolInput({ query: { where: "~/.kube/config" } })).toEqual(["~/.kube/config"]);
  });
});

describe("arguments nested too deeply to inspect", () => {
  const nested = (depth: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it("finds a path nested as deep as the search goes", () => {
    expect(pathsFromToolInput(nested(maxToolInputDepth - 1, "~/.ssh/id_rsa"))).toEqual(["~/.ssh/id_rsa"]);
  });

  it("denies the call when a secret path is hidden below the search depth", async () => {
    // Built as text: JSON.stringify itself overflows the stack at this depth.
    const input = `${'{"a":'.repeat(100_000)}"/home/alice/.ssh/id_rsa"${"}".repeat(100_000)}`;
    const r = await hook(`{"cwd":"/home/alice/project","hook_event_name":"PreToolUse","tool_name":"mcp__files__write","tool_input":${input}}`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
    expect(r.out).toContain("nested too deeply");
  });

  it("routes a CCR request on error (throws) when a tool call's arguments nest too deeply", () => {
    const req = { body: { messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t", name: "mcp__x", input: nested(40, "src/app.ts") }] }] } };
    expect(() => ccrInput(req, { providers: {}, synthesis: "review", defaultKind: "edit" }, { home: "/home/alice", vram: () => null })).toThrow(/nested too deeply/);
  });
});
