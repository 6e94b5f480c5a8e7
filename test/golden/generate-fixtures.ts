/**
 * Generates `fixtures/golden/<policy>.golden.json` for every shipped policy: one case per decision region the
 * verifier finds (its witness), deny-pattern cases in Linux, macOS and Windows spellings, VRAM levels, and
 * invalid inputs for the `on error` path, then more witnesses until every coverage item is exercised.
 * Expectations are the current decisions: review the diff of the JSON before committing it.
 *
 *   npx esbuild test/golden/generate-fixtures.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=node_modules/.cache/routec-gen.mjs && node node_modules/.cache/routec-gen.mjs
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fsHost } from "../../src/cli/fs-host.js";
import type { Expect, GoldenCase } from "../../src/golden/format.js";
import { coverageOf, traceKeys } from "../../src/golden/coverage.js";
import { decisiveReason } from "../../src/golden/run.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { explain } from "../../src/runtime/index.js";
import type { Cond, Decision, Input, Table } from "../../src/runtime/types.js";
import { buildSpace, randomInputs, representatives } from "../../src/verify/index.js";
import { samplePaths } from "../../src/verify/witness.js";

/** Run from the repository root. */
const root = process.cwd();

function base(overrides: Partial<Input> = {}): Input {
  return {
    schema: "routec.input/1",
    task: { kind: "edit", labels: [] },
    files: ["src/app.ts"],
    cwd: "/home/alice/project",
    context_tokens: 2048,
    tool_failures: 0,
    schema_mismatch: false,
    runtime_errors: 0,
    vram: { gpus: [{ index: 0, total_mib: 24576, free_mib: 20480 }] },
    ...overrides,
  };
}

function vramText(input: Input): string {
  if (input.vram === null) return "vram unknown";
  const gpus = input.vram.gpus;
  const mode = input.vram.low_vram_mode === true ? ", low-vram mode" : "";
  if (gpus.length === 0) return `no gpus${mode}`;
  const free = gpus.reduce((s, g) => s + g.free_mib, 0);
  const total = gpus.reduce((s, g) => s + g.total_mib, 0);
  const largest = Math.max(...gpus.map((g) => g.free_mib));
  return `vram ${free}/${total} MiB free${gpus.length > 1 ? ` on ${gpus.length} gpus, largest ${largest}` : ""}${mode}`;
}

function inputText(input: Input): string {
  const parts = [`kind ${input.task.kind}`];
  if (input.task.labels.length > 0) parts.push(`labels [${input.task.labels.join(", ")}]`);
  if (input.task.class !== undefined) parts.push(`hint ${input.task.class}`);
  const files = input.files.map((f) => (typeof f === "string" ? f : f.path));
  parts.push(files.length === 0 ? "no files" : files.length <= 2 ? `files ${files.join(", ")}` : `${files.length} files`);
  parts.push(`context ${input.context_tokens}`);
  if (input.tool_failures > 0) parts.push(`tool_failures ${input.tool_failures}`);
  if ((input.runtime_errors ?? 0) > 0) parts.push(`runtime_errors ${input.runtime_errors ?? 0}`);
  if (input.schema_mismatch) parts.push("schema mismatch");
  parts.push(vramText(input));
  return parts.join(", ");
}

function decisionText(d: Decision): string {
  const where = d.target === "remote" ? `remote ${d.remote ?? ""}` : d.mode === "synthesis" ? `synthesis draft ${d.model}` : `local ${d.model}`;
  const rule = decisiveReason(d)?.rule;
  const denied = d.denied.length > 0 ? `, denied by ${[...new Set(d.denied.map((x) => x.set))].join(", ")}` : "";
  return `${where}${d.class === null ? "" : ` (class ${d.class})`}${rule ? ` by ${rule}` : ""}${denied}${d.error === null ? "" : `, error ${d.error.code}`}`;
}

function expectOf(d: Decision, extra: { vram?: boolean; denied?: boolean; error?: boolean } = {}): Expect {
  const rule = decisiveReason(d)?.rule;
  return {
    target: d.target,
    model: d.model,
    class: d.class,
    mode: d.mode,
    ...(rule ? { reasons: [rule] } : {}),
    ...(extra.vram ? { vram_level: d.vram_level } : {}),
    ...(extra.denied ? { denied: d.denied.length > 0 } : {}),
    ...(extra.error ? { error: d.error?.code ?? null } : {}),
  };
}

/** Path spellings of one relative secret path under a user's home, per platform. */
function homeSpellings(rest: string): { label: string; path: string; platform?: Input["platform"]; home?: string }[] {
  const win = rest.replace(/\//g, "\\");
  return [
    { label: "linux home", path: `/home/alice/${rest}`, platform: "linux" },
    { label: "macos home", path: `/Users/Alice/${rest}`, platform: "darwin" },
    { label: "windows home", path: `C:\\Users\\alice\\${win}`, platform: "win32" },
    { label: "tilde", path: `~/${rest}`, home: "/home/alice" },
    { label: "$HOME", path: `$HOME/${rest}`, home: "/home/alice" },
    { label: "%USERPROFILE%", path: `%USERPROFILE%\\${win}`, home: "C:\\Users\\alice", platform: "win32" },
  ];
}

const invalidInputs: { what: string; input: unknown }[] = [
  { what: "not an object", input: "edit src/app.ts" },
  { what: "missing task", input: { files: [], context_tokens: 0, tool_failures: 0, schema_mismatch: false, vram: null } },
  { what: "negative tool_failures", input: { ...base(), tool_failures: -1 } },
  { what: "fractional file count field", input: { ...base(), tool_failures: 1.5 } },
  { what: "unknown field", input: { ...base(), priority: "high" } },
  { what: "empty path", input: { ...base(), files: [""] } },
  { what: "path with a NUL byte", input: { ...base(), files: ["src/a\u0000.ts"] } },
  { what: "gpu free above total", input: { ...base(), vram: { gpus: [{ index: 0, total_mib: 8192, free_mib: 9000 }] } } },
  { what: "gpu total of zero", input: { ...base(), vram: { gpus: [{ index: 0, total_mib: 0, free_mib: 0 }] } } },
  { what: "context_tokens a string", input: { ...base(), context_tokens: "4k" } },
  { what: "unknown platform", input: { ...base(), platform: "freebsd" } },
];

function generate(name: string): { cases: GoldenCase[]; percent: number; std: string } {
  const entry = resolve(root, `policies/${name}.route`);
  const compiled = compilePolicy(entry, fsHost());
  const checked = analyzePolicy(entry, fsHost()).checked;
  if (compiled.table === null || checked === null) throw new Error(`${name} does not compile`);
  const table: Table = compiled.table;
  const cases: GoldenCase[] = [];
  const names = new Set<string>();
  const inputs = new Set<string>();
  const add = (label: string, input: unknown, extra: Parameters<typeof expectOf>[1] = {}): void => {
    const key = JSON.stringify(input);
    if (inputs.has(key)) return;
    inputs.add(key);
    const d = explain(table, input).decision;
    let caseName = `${label} → ${decisionText(d)}`;
    for (let i = 2; names.has(caseName); i += 1) caseName = `${label} → ${decisionText(d)} #${i}`;
    names.add(caseName);
    cases.push({ name: caseName, input, expect: expectOf(d, extra) });
  };

  // One witness per decision region the verifier explores, deduplicated by what it exercises.
  const space = buildSpace(checked);
  const witnesses = representatives(space);
  const seen = new Set<string>();
  for (const w of witnesses) {
    const { decision, trace } = explain(table, w);
    const key = `${decisionText(decision)}|${[...traceKeys(table, trace, w)].sort().join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    add(`region: ${inputText(w)}`, w, { vram: true });
  }

  // Each numeric threshold of a classify rule or escalate trigger, one below, at and one above it.
  const fields: Record<string, keyof Input> = { context: "context_tokens", tool_failures: "tool_failures", runtime_errors: "runtime_errors" };
  for (const rule of [...table.classify, ...table.escalate]) {
    const visit = (c: Cond): void => {
      if (c.op === "and" || c.op === "or") c.args.forEach(visit);
      if (c.op === "not") visit(c.arg);
      if (c.op !== "cmp") return;
      const field = fields[c.feature];
      if (field === undefined) return;
      for (const v of [c.value - 1, c.value, c.value + 1]) {
        if (v < 0) continue;
        for (const kind of ["edit", "refactor"]) add(`boundary of ${rule.id} (${c.feature} ${c.cmp} ${c.value}): ${c.feature} ${v}, kind ${kind}`, base({ task: { kind, labels: [] }, [field]: v }));
      }
    };
    visit(rule.when);
  }

  // VRAM levels at their thresholds, unknown telemetry and low-VRAM mode.
  for (const [label, vram] of [
    ["vram plenty free", { gpus: [{ index: 0, total_mib: 24576, free_mib: 20480 }] }],
    ["vram 5% free", { gpus: [{ index: 0, total_mib: 24576, free_mib: 1228 }] }],
    ["vram 900 MiB free of 4 GiB", { gpus: [{ index: 0, total_mib: 4096, free_mib: 900 }] }],
    ["vram 20% free", { gpus: [{ index: 0, total_mib: 24576, free_mib: 4915 }] }],
    ["vram fragmented across 3 gpus", { gpus: [{ index: 0, total_mib: 8192, free_mib: 3000 }, { index: 1, total_mib: 8192, free_mib: 3000 }, { index: 2, total_mib: 8192, free_mib: 3000 }] }],
    ["vram free just under the largest model", { gpus: [{ index: 0, total_mib: 8192, free_mib: 6000 }] }],
    ["vram unknown (null)", null],
    ["vram no gpus", { gpus: [] }],
    ["low-vram mode with plenty free", { gpus: [{ index: 0, total_mib: 24576, free_mib: 20480 }], low_vram_mode: true }],
    ["low-vram mode with unknown telemetry", { gpus: [], low_vram_mode: true }],
  ] as const) {
    for (const kind of ["docs", "edit", "refactor"]) add(`${label}, kind ${kind}`, base({ task: { kind, labels: [] }, vram }), { vram: true });
  }

  // Deny patterns of the policy's own deny blocks, and of std.secrets, as relative paths in the project.
  for (const set of Object.values(table.globsets)) {
    if (set.kind !== "deny") continue;
    for (const p of set.patterns) {
      const path = samplePaths(p.source).find((s) => explain(table, base({ files: [s] })).decision.denied.length > 0);
      if (path === undefined) continue;
      add(`deny ${p.rule} ${p.origin === "policy" ? "" : `(${p.origin}) `}"${p.source}": ${path}`, base({ files: [path] }), { denied: true });
    }
    for (const p of set.patterns) {
      for (const except of p.excepts.map((i) => set.excepts[i] ?? "")) {
        const path = samplePaths(except).find((s) => explain(table, base({ files: [s] })).decision.denied.length === 0);
        if (path !== undefined) add(`except "${except}" of "${p.source}" is not denied: ${path}`, base({ files: [path] }), { denied: true });
      }
    }
  }
  // Secret paths as each platform spells them, and path tricks the normalizer must see through.
  for (const rest of [".ssh/id_rsa", ".aws/credentials", ".env", "project/.env.local", ".kube/config", ".docker/config.json", ".config/gh/hosts.yml"]) {
    for (const s of homeSpellings(rest)) {
      add(`secret via ${s.label}: ${s.path}`, base({ files: [s.path], ...(s.platform ? { platform: s.platform } : {}), ...(s.home ? { home: s.home } : {}) }), { denied: true });
    }
  }
  for (const [label, files] of [
    ["uppercase .ENV", ["config/.ENV"]],
    ["dot-dot traversal into ~/.ssh", ["../../.ssh/id_rsa"]],
    ["windows trailing dot", ["C:\\work\\app\\.env."]],
    ["ntfs stream suffix", ["C:\\work\\app\\server.pem::$DATA"]],
    ["unc share", ["\\\\fileserver\\share\\keys\\id_rsa"]],
    ["symlink whose real path is a secret", [{ path: "src/config.ts", real: "/home/alice/.ssh/id_rsa" }]],
    ["public key in ~/.ssh", ["/home/alice/.ssh/id_rsa.pub"]],
    ["project .env.example", ["app/.env.example"]],
    ["benign files only", ["src/app.ts", "README.md"]],
  ] as const) {
    add(`path ${label}: ${files.map((f) => (typeof f === "string" ? f : `${f.path} (real ${f.real})`)).join(", ")}`, base({ files: [...files] }), { denied: true });
  }
  for (const bad of invalidInputs) add(`invalid input (${bad.what})`, bad.input, { error: true });

  // More witnesses and seeded random inputs until nothing new is covered.
  const covered = (): Set<string> => new Set(coverageOf(table, cases.map((c) => ({ input: c.input, trace: explain(table, c.input).trace }))).items.filter((i) => i.hits > 0).map((i) => i.id));
  let have = covered();
  for (const input of [...witnesses, ...randomInputs(checked, space.names, 3000, 7)]) {
    const keys = [...traceKeys(table, explain(table, input).trace, input)].filter((k) => !have.has(k));
    if (keys.length === 0) continue;
    add(`covers ${keys.join(", ")}: ${inputText(input)}`, input, { vram: true });
    have = covered();
  }
  const coverage = coverageOf(table, cases.map((c) => ({ input: c.input, trace: explain(table, c.input).trace })));
  const missing = coverage.items.filter((i) => i.hits === 0 && i.kind !== "std").map((i) => i.id);
  if (missing.length > 0) console.log(`${name}: not covered: ${missing.join("; ")}`);
  return { cases, percent: coverage.percent, std: `${coverage.std.covered}/${coverage.std.total}` };
}

for (const name of ["default", "strict", "low-vram", "offload"]) {
  const { cases, percent, std } = generate(name);
  const file = { $schema: "../../schema/golden.schema.json", policy: `../../policies/${name}.route`, cases };
  writeFileSync(resolve(root, `fixtures/golden/${name}.golden.json`), `${JSON.stringify(file, null, 2)}\n`);
  console.log(`${name}: ${cases.length} cases, coverage ${percent}%, std.secrets ${std}`);
}
