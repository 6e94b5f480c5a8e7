import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { validateInput } from "../../src/runtime/index.js";

const repo = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const original = readFileSync(join(repo, "policies/default.route"), "utf8");
const edited = original.replace("tool_failures >= 2 -> claude", "tool_failures >= 3 -> claude").replace("tool_failures >= 2 => target", "tool_failures >= 3 => target");

async function routec(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO({ cwd });
  const code = await run(args, io, "0");
  return { code, out: io.out(), err: io.err() };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "routec-diff-"));
  writeFileSync(join(dir, "old.route"), original);
  writeFileSync(join(dir, "new.route"), edited);
  return dir;
}

describe("routec diff", () => {
  it("prints a witness at the new boundary when one threshold of default.route changes", async () => {
    const dir = workspace();
    const r = await routec(["diff", "old.route", "new.route"], dir);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^routec diff old\.route → new\.route: \d+ change\(s\) of decision/);
    expect(r.out).toContain("change 1 (target changed): remote claude-sonnet-4-5");
    expect(r.out).toContain("tool_failures = 2");
    expect(r.out).toContain('"tool_failures":2');
    expect(r.out).toMatch(/rule: escalate#2 \(old\.route:\d+:\d+\) → route:L\d \(new\.route:\d+:\d+\)/);
    expect((await routec(["diff", "old.route", "new.route", "--fail-on-change"], dir)).code).toBe(1);
  });

  it("says there is no semantic change, and exits 0 even with --fail-on-change, when the policies agree", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "reordered.route"), original.replace("  kind in [auth, crypto, deploy] -> L3\n  kind in [docs, format, lint] -> L0\n", "  kind in [docs, format, lint] -> L0\n  kind in [auth, crypto, deploy] -> L3\n"));
    const r = await routec(["diff", "old.route", "reordered.route", "--fail-on-change"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain("no semantic change");
  });

  it("renders json with witnesses that are valid inputs and markdown for a pull-request comment", async () => {
    const dir = workspace();
    const json = await routec(["diff", "old.route", "new.route", "--format", "json"], dir);
    const parsed = JSON.parse(json.out) as { schema: string; changes: { witness: { tool_failures: number }; before_rule: string; impact: string; decisions: { before: { target: string }; after: { target: string } } }[] };
    expect(parsed.schema).toBe("routec.diff/1");
    expect(parsed.changes.every((c) => c.witness.tool_failures === 2)).toBe(true);
    for (const c of parsed.changes) expect(validateInput(c.witness).ok).toBe(true);
    expect(parsed.changes[0]?.before_rule).toBe("escalate#2");
    expect(parsed.changes[0]?.decisions.before.target).toBe("remote");
    expect(parsed.changes[0]?.decisions.after.target).toBe("local");
    const md = await routec(["diff", "old.route", "new.route", "--format", "markdown"], dir);
    expect(md.out).toContain("### routec diff: `old.route` → `new.route`");
    expect(md.out).toContain("| # | impact | before | after | where |");
    expect(md.out).toContain("<details>");
  });

  it("compares a compiled table with a policy", async () => {
    const dir = workspace();
    copyFileSync(join(repo, "fixtures/tables/default.table.json"), join(dir, "default.table.json"));
    expect((await routec(["diff", "default.table.json", "old.route"], dir)).out).toContain("no semantic change");
    expect((await routec(["diff", "default.table.json", "new.route"], dir)).out).toContain("tool_failures = 2");
  });

  it("compares the working file with its version at a git ref with --base", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-diff-git-"));
    const git = (...args: string[]): string => execFileSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
    git("init", "-q");
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "policies/x.route"), original);
    git("add", ".");
    git("commit", "-qm", "base");
    writeFileSync(join(dir, "policies/x.route"), edited);
    const r = await routec(["diff", "--base", "HEAD", "policies/x.route"], dir);
    expect(r.err).toBe("");
    expect(r.out).toContain("routec diff HEAD:policies/x.route → policies/x.route");
    expect(r.out).toContain("tool_failures = 2");
    const missing = await routec(["diff", "--base", "no-such-ref", "policies/x.route"], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("git ref `no-such-ref` not found");
    writeFileSync(join(dir, "policies/new.route"), original);
    expect((await routec(["diff", "--base", "HEAD", "policies/new.route"], dir)).err).toContain("`policies/new.route` does not exist at `HEAD`");
  });

  it("exits 2 with a clear message outside a git repository or with a missing file", async () => {
    const dir = workspace();
    const r = await routec(["diff", "--base", "main", "old.route"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("needs a git repository");
    const gone = await routec(["diff", "old.route", "gone.route"], dir);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain("cannot read `gone.route`");
    expect((await routec(["diff", "old.route"], dir)).code).toBe(2);
  });

  it("says a side is a directory when it is one", async () => {
    const dir = workspace();
    mkdirSync(join(dir, "dir.route"));
    const r = await routec(["diff", "dir.route", "old.route"], dir);
    expect(r).toMatchObject({ code: 2, err: "routec: cannot read `dir.route`: is a directory\n" });
  });

  it("exits 2 saying what it found when a json side is not a decision table", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "list.json"), "[1, 2]");
    const r = await routec(["diff", "list.json", "old.route"], dir);
    expect(r).toMatchObject({ code: 2, err: "routec: `list.json` is not a decision table: expected a JSON object, found an array\n" });
  });

  it("exits 1 naming the file when a side has errors", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "broken.route"), original.replace("route L3 -> claude", "route L3 -> nowhere"));
    const r = await routec(["diff", "old.route", "broken.route"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("`broken.route` has errors");
  });
});
