/**
 * `routec init [dir]`: scaffolds a small valid policy, golden cases that pass against it, and a GitHub Actions
 * workflow that checks (SARIF) and tests the policy on pull requests. Refuses to overwrite existing files
 * unless `--force`. Exit codes: 0 written, 1 a file exists (nothing written), 2 I/O.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import type { CliIO } from "../io.js";

export const initPolicy = `# A small local-first policy: docs and small edits on a local model, everything
# sensitive, unstable or large on Claude. Faults fail closed, to Claude.
policy "my-policy" version 1

runtime ollama { endpoint "http://127.0.0.1:11434" }

model "qwen2.5:7b-instruct" on ollama { context 32k tools yes vram 5.4GiB cost 0 }

remote claude { model "claude-sonnet-4-5" }

class L0 "docs, formatting, trivial edits" { max_context 8k }
class L1 "routine single-area code change" { max_context 32k tools required }
class L3 "security-relevant or large" { local never }

classify {
  label in [security, architecture] -> L3
  kind in [docs, format, lint] -> L0
  kind == edit and files <= 3 -> L1
  otherwise -> L3
}

deny secrets "OS and user secrets" {
  use std.secrets
  "**/.env" "**/.env.*" except "**/.env.example"
}

vram {
  critical when free < 10% or free < 1GiB
  unknown as ok
}

escalate {
  denied path -> claude "sensitive path"
  tool_failures >= 2 -> claude "tool-call instability"
  vram critical -> claude "VRAM pressure"
}

route L0 -> "qwen2.5:7b-instruct" else claude
route L1 -> "qwen2.5:7b-instruct" else claude
route L3 -> claude

on error -> claude

assert "secrets never leave for a local model": denied path => target is remote
`;

const input = (task: { kind: string; labels?: string[] }, files: string[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  schema: "routec.input/1",
  task: { kind: task.kind, labels: task.labels ?? [] },
  files,
  context_tokens: 2048,
  tool_failures: 0,
  schema_mismatch: false,
  vram: { gpus: [{ index: 0, total_mib: 24576, free_mib: 20480 }] },
  ...extra,
});

export const initGolden = {
  $schema: "https://routec.dev/schema/golden.schema.json",
  policy: "../policy.route",
  cases: [
    { name: "docs edit goes to the local model", input: input({ kind: "docs" }, ["README.md"]), expect: { target: "local", model: "qwen2.5:7b-instruct", class: "L0", reasons: ["route:L0"] } },
    { name: "small code edit goes to the local model", input: input({ kind: "edit" }, ["src/app.ts"]), expect: { target: "local", model: "qwen2.5:7b-instruct", class: "L1" } },
    { name: "a .env file goes to Claude", input: input({ kind: "edit" }, ["config/.env"]), expect: { target: "remote", model: "claude-sonnet-4-5", denied: true, reasons: ["escalate#1"] } },
    { name: "two tool failures escalate to Claude", input: input({ kind: "edit" }, ["src/app.ts"], { tool_failures: 2 }), expect: { target: "remote", reasons: ["escalate#2"] } },
    { name: "security work stays on Claude", input: input({ kind: "edit", labels: ["security"] }, ["src/auth.ts"]), expect: { target: "remote", class: "L3" } },
    { name: "critical VRAM goes to Claude", input: input({ kind: "edit" }, ["src/app.ts"], { vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 512 }] } }), expect: { target: "remote", vram_level: "critical" } },
    { name: "an invalid input takes on error", input: { task: { kind: "edit" } }, expect: { target: "remote", error: "R0503" } },
  ],
};

export const initWorkflow = `# routec: check the policy (findings as code-scanning annotations) and run its golden cases on pull requests.
name: routec

on:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: routec check (SARIF)
        run: npx --yes routec check --format sarif policy.route > routec.sarif
      - name: upload SARIF
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: routec.sarif
          category: routec

  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: routec test
        run: npx --yes routec test fixtures/ --junit routec-test.xml
      - name: routec diff (what this pull request changes)
        run: npx --yes routec diff --base origin/\${{ github.base_ref }} policy.route --format markdown >> "$GITHUB_STEP_SUMMARY"
`;

/** The files `routec init` writes, relative to the target directory. */
export function initFiles(): Record<string, string> {
  return {
    "policy.route": initPolicy,
    "fixtures/policy.golden.json": `${JSON.stringify(initGolden, null, 2)}\n`,
    ".github/workflows/routec.yml": initWorkflow,
  };
}

/** The `init` command. */
export function initCommand(io: CliIO): Command {
  return new Command("init")
    .description(
      "Scaffold a policy, golden cases and a CI workflow.\n\n" +
        "Writes policy.route, fixtures/policy.golden.json and .github/workflows/routec.yml into [dir] " +
        "(default: the current directory). Existing files are never overwritten unless --force. Exit 0 " +
        "written, 1 a file exists, 2 I/O.",
    )
    .argument("[dir]", "the directory to scaffold into", ".")
    .option("--force", "overwrite existing files")
    .action(async (dir: string, options: { force?: boolean }) => {
      const root = resolve(io.cwd, dir);
      const files = initFiles();
      const existing = Object.keys(files).filter((f) => existsSync(join(root, f)));
      if (existing.length > 0 && options.force !== true) {
        io.stderr(`routec init: ${existing.map((f) => `\`${relative(io.cwd, join(root, f)) || f}\``).join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing written (use --force to overwrite)\n`);
        io.setExitCode(1);
        return;
      }
      try {
        for (const [name, text] of Object.entries(files)) {
          await mkdir(dirname(join(root, name)), { recursive: true });
          await writeFile(join(root, name), text);
          io.stdout(`wrote ${relative(io.cwd, join(root, name)) || name}\n`);
        }
      } catch (e) {
        io.stderr(`routec init: cannot write into \`${dir}\`: ${e instanceof Error && "code" in e ? String(e.code) : "write failed"}\n`);
        io.setExitCode(2);
        return;
      }
      const at = dir === "." ? "" : ` ${dir}`;
      io.stdout(
        "\nnext steps:\n" +
          `  1. edit${at === "" ? "" : `${at}/`}policy.route: declare your models and classes (docs/semantics.md)\n` +
          `  2. routec check${at === "" ? " policy.route" : `${at}/policy.route`}    prove it (totality, secrets never local, asserts)\n` +
          `  3. routec test${at === "" ? " fixtures/" : `${at}/fixtures/`}       run the golden cases; add one per decision you care about\n` +
          "  4. commit, and the workflow checks and tests every pull request\n",
      );
      io.setExitCode(0);
    });
}
