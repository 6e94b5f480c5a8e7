import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const root = join(import.meta.dirname, "../..");
const policy = join(root, "policies/default.route");

const task = (id: string, kind: string, files: unknown[], extra: Record<string, unknown> = {}) => ({
  task: { id, kind, labels: [] },
  files,
  context_tokens: 2000,
  tool_failures: 0,
  schema_mismatch: false,
  vram: { gpus: [{ index: 0, total_mib: 24576, free_mib: 20000 }] },
  ...extra,
});

const batch = [
  task("t1", "edit", ["src/app.ts"]),
  task("t2", "edit", ["/home/ann/.aws/credentials"]),
  task("t3", "refactor", ["a.ts", "b.ts"]),
  task("t4", "edit", ["src/a.ts"], { context_tokens: 40000 }),
  task("t5", "edit", [""]),
];

async function routec(args: string[], stdin: string) {
  const io = memoryIO({ stdin, cwd: root });
  const code = await run(args, io, "0.0.0");
  return { code, out: io.out(), err: io.err() };
}

describe("routec report", () => {
  it("reports each task of a json array as routec.report/1", async () => {
    const r = await routec(["report", policy, "--input", "-", "--format", "json"], JSON.stringify(batch));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.schema).toBe("routec.report/1");
    expect(report.summary).toEqual({ tasks: 5, local: 1, remote: 3, synthesis: 1, errors: 1 });
    expect(report.tasks[0]).toMatchObject({ task_id: "t1", target: "local", class: "L1", classified_by: { rule: "classify#4" }, escalation: null, route: { rule: "route:L1" } });
    expect(report.tasks[1]).toMatchObject({ target: "remote", escalation: { rule: "escalate#1", reason: "sensitive path" }, denied: [{ path: "[REDACTED:path]" }] });
    expect(report.tasks[2]).toMatchObject({ mode: "synthesis", candidates: [{ model: "llama3.1:latest", role: "draft", skipped: null }] });
    expect(report.tasks[3].candidates.map((c: { skipped: string }) => c.skipped)).toEqual(["context", "context"]);
    expect(report.tasks[4]).toMatchObject({ class: null, error: { code: "R0505" } });
    expect(report.policy.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.out).not.toContain("/home/ann");
    expect(r.err).toContain("warning: task 5 took the `on error` decision");
  });

  it("renders markdown from json lines by default", async () => {
    const r = await routec(["report", policy, "--input", "-"], batch.map((b) => JSON.stringify(b)).join("\n"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("# Routing report: `local-first` v1");
    expect(r.out).toContain("## Task 2 `t2` (kind `edit`)");
    expect(r.out).toContain('- Why: escalated: "sensitive path" by `escalate#1`');
    expect(r.out).toContain("- Denied files: file 0 `[REDACTED:path]` by `secrets`");
    expect(r.out).toContain("- Candidates: `qwen2.5:7b-instruct` skipped (context), `mistral:latest` skipped (context)");
    expect(r.out).not.toContain("/home/ann");
  });

  it("reports a single input object", async () => {
    const r = await routec(["report", policy, "--input", "-", "--format", "json"], JSON.stringify(batch[0]));
    expect(JSON.parse(r.out).summary.tasks).toBe(1);
  });

  it("exits 2 with the line of a json-lines input that does not parse", async () => {
    const r = await routec(["report", policy, "--input", "-"], `${JSON.stringify(batch[0])}\n{"task": nope}\n`);
    expect(r.code).toBe(2);
    expect(r.err).toContain("<stdin>:2:10: invalid JSON");
  });

  it("exits 2 when standard input holds no routing inputs", async () => {
    const r = await routec(["report", policy, "--input", "-"], "\n  \n");
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec: no routing inputs on standard input\n");
    expect(r.out).toBe("");
  });

  it("reads json lines whose first line starts with a byte order mark", async () => {
    const r = await routec(["report", policy, "--input", "-", "--format", "json"], `\uFEFF${JSON.stringify(batch[0])}\n${JSON.stringify(batch[1])}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.tasks).toBe(2);
  });

  it("exits 2 naming the key when a json-lines input repeats one", async () => {
    const dup = JSON.stringify(batch[0]).replace('"files":', '"files":["~/.ssh/id_rsa"],"files":');
    const r = await routec(["report", policy, "--input", "-"], `${JSON.stringify(batch[0])}\n${dup}\n`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^routec: <stdin>:2:\d+: duplicate key `files`\n$/);
  });

  it("exits 2 naming the key when a pretty-printed json array repeats one", async () => {
    const text = JSON.stringify([batch[0]], null, 2).replace('"files": [', '"files": [],\n    "files": [');
    const r = await routec(["report", policy, "--input", "-"], text);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^routec: <stdin>:\d+:5: duplicate key `files`\n$/);
  });
});
