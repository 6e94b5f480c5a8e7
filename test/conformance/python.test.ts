import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;

function vectorFiles(): string[] {
  const base = `${root}fixtures/conformance`;
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== "globs")
    .flatMap((d) => readdirSync(`${base}/${d.name}`).filter((f) => f.endsWith(".json")).map((f) => `${base}/${d.name}/${f}`))
    .sort();
}

// One python3 process evaluates every vector and prints, per file, the notes of the cases whose decision differs.
const driver = `
import json, sys
sys.path.insert(0, sys.argv[1])
import routec_eval
report = {}
for path in json.load(sys.stdin):
    with open(path, encoding="utf-8") as fh:
        vectors = json.load(fh)
    with open(sys.argv[2] + "/" + vectors["table"], encoding="utf-8") as fh:
        table = json.load(fh)
    bad = []
    for case in vectors["cases"]:
        got = routec_eval.evaluate(table, case["input"])
        if got != case["want"]:
            bad.append({"note": case["note"], "got": got, "want": case["want"]})
    report[path] = {"cases": len(vectors["cases"]), "mismatches": bad}
json.dump(report, sys.stdout)
`;

describe("python evaluator (examples/python/routec_eval.py)", () => {
  it.skipIf(!hasPython)("decides every conformance vector exactly as the TypeScript runtime", () => {
    const files = vectorFiles();
    expect(files.length).toBeGreaterThan(0);
    const run = spawnSync("python3", ["-c", driver, `${root}examples/python`, root.replace(/\/$/, "")], { input: JSON.stringify(files), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Record<string, { cases: number; mismatches: unknown[] }>;
    const total = Object.values(report).reduce((n, r) => n + r.cases, 0);
    expect(total).toBeGreaterThan(400);
    for (const [file, r] of Object.entries(report)) expect({ file, mismatches: r.mismatches.slice(0, 2) }).toEqual({ file, mismatches: [] });
  });

  it.skipIf(!hasPython)("prints a decision from the command line and fails with exit 2 on unreadable input", () => {
    const ok = spawnSync("python3", [`${root}examples/python/routec_eval.py`, `${root}fixtures/tables/default.table.json`, "-"], {
      input: JSON.stringify({ task: { kind: "edit", labels: [] }, files: ["~/.aws/credentials"], context_tokens: 10, tool_failures: 0, schema_mismatch: false, vram: null }),
      encoding: "utf8",
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ target: "remote", remote: "claude", denied: [{ set: "secrets", file: 0, path: "[REDACTED:path]" }] });
    const bad = spawnSync("python3", [`${root}examples/python/routec_eval.py`, `${root}fixtures/tables/default.table.json`, "-"], { input: "{not json", encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("routec_eval:");
  });

  it.skipIf(!hasPython)("fails with exit 2 naming the key when the input repeats a key on the command line", () => {
    const input = '{"task": {"kind": "edit", "labels": []}, "files": ["~/.ssh/id_rsa"], "files": ["src/a.ts"], "context_tokens": 10, "tool_failures": 0, "schema_mismatch": false, "vram": null}';
    const dup = spawnSync("python3", [`${root}examples/python/routec_eval.py`, `${root}fixtures/tables/default.table.json`, "-"], { input, encoding: "utf8" });
    expect(dup.status).toBe(2);
    expect(dup.stderr).toBe("routec_eval: duplicate key `files`\n");
    expect(dup.stdout).toBe("");
  });

  it("has python3 on this machine (the CI image ships it)", () => {
    expect(hasPython, "python3 is required to run the Python evaluator's conformance test").toBe(true);
  });
});
