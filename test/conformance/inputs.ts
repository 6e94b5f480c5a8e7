/**
 * The inputs of the conformance vectors: hand-picked cases per topic plus seeded pseudo-random ones. The expected
 * decisions are computed by the TypeScript runtime and committed (fixtures/conformance/); every evaluator — the
 * runtime, the reference interpreter, the Python example — must reproduce them.
 */
import { seededRandom } from "../../src/verify/translation.js";

export interface VectorInput {
  readonly note: string;
  readonly input: unknown;
}

const base = { task: { kind: "edit", labels: [] as string[] }, files: ["src/app.ts"], context_tokens: 2000, tool_failures: 0, schema_mismatch: false, vram: null };

function gpus(...pairs: [number, number][]): { gpus: { index: number; total_mib: number; free_mib: number }[] } {
  return { gpus: pairs.map(([total, free], index) => ({ index, total_mib: total, free_mib: free })) };
}

const routing: VectorInput[] = [
  { note: "routine edit of one file", input: base },
  { note: "docs task", input: { ...base, task: { kind: "docs", labels: [] }, files: ["README.md"] } },
  { note: "format task with no files", input: { ...base, task: { kind: "format", labels: [] }, files: [] } },
  { note: "security label", input: { ...base, task: { kind: "edit", labels: ["security"] } } },
  { note: "architecture label among others", input: { ...base, task: { kind: "edit", labels: ["ui", "architecture"] } } },
  { note: "auth kind", input: { ...base, task: { kind: "auth", labels: [] } } },
  { note: "edit of four files", input: { ...base, files: ["a.ts", "b.ts", "c.ts", "d.ts"] } },
  { note: "refactor", input: { ...base, task: { kind: "refactor", labels: [] }, files: ["a.ts", "b.ts"] } },
  { note: "test kind", input: { ...base, task: { kind: "test", labels: [] } } },
  { note: "unknown kind falls to otherwise", input: { ...base, task: { kind: "mystery", labels: [] } } },
  { note: "self-declared class is only a hint", input: { ...base, task: { kind: "edit", labels: [], class: "L0" } } },
  { note: "two tool failures", input: { ...base, tool_failures: 2 } },
  { note: "one tool failure", input: { ...base, tool_failures: 1 } },
  { note: "schema mismatch", input: { ...base, schema_mismatch: true } },
  { note: "runtime errors", input: { ...base, runtime_errors: 3 } },
  { note: "context just over 64k", input: { ...base, context_tokens: 65537 } },
  { note: "context exactly 64k", input: { ...base, context_tokens: 65536 } },
  { note: "context over the L1 class limit", input: { ...base, context_tokens: 40000 } },
  { note: "context over 4k skips small models", input: { ...base, task: { kind: "docs", labels: [] }, context_tokens: 6000 } },
  { note: "docs over the L0 class limit", input: { ...base, task: { kind: "docs", labels: [] }, context_tokens: 9000 } },
  { note: "plenty of VRAM", input: { ...base, vram: gpus([24576, 20000]) } },
  { note: "VRAM low by percent", input: { ...base, vram: gpus([24576, 6000]) } },
  { note: "VRAM critical by percent", input: { ...base, vram: gpus([24576, 2000]) } },
  { note: "VRAM critical by absolute free", input: { ...base, vram: gpus([8192, 900]) } },
  { note: "VRAM footprint does not fit the largest block", input: { ...base, vram: gpus([8192, 5000], [8192, 5000]) } },
  { note: "fragmented across GPUs", input: { ...base, vram: gpus([16384, 4000], [16384, 4000], [16384, 4000]) } },
  { note: "no GPUs reported", input: { ...base, vram: { gpus: [] } } },
  { note: "low-VRAM mode", input: { ...base, vram: { ...gpus([24576, 20000]), low_vram_mode: true } } },
  { note: "multi-file refactor under VRAM pressure", input: { ...base, task: { kind: "refactor", labels: [] }, vram: gpus([8192, 3000]) } },
  { note: "synthesis with fitting VRAM", input: { ...base, task: { kind: "refactor", labels: [] }, files: ["a.ts", "b.ts"], vram: gpus([24576, 20000]) } },
  { note: "long docs file list", input: { ...base, task: { kind: "docs", labels: [] }, files: ["docs/a.md", "docs/b.md", "README.md"] } },
  { note: "CI configuration", input: { ...base, files: [".github/workflows/ci.yml"] } },
  { note: "Dockerfile", input: { ...base, files: ["deploy/Dockerfile"] } },
];

const secretPaths = [
  "~/.ssh/id_ed25519",
  "~/.ssh//id_rsa",
  "/home/alice/.ssh/id_rsa",
  "/home/alice/./.ssh/../.ssh/config",
  "/Users/bob/.aws/credentials",
  "C:\\Users\\Bob\\.SSH\\id_rsa",
  "\\\\?\\C:\\Users\\bob\\.aws\\credentials",
  "%USERPROFILE%\\.aws\\credentials",
  "$HOME/.gnupg/private-keys-v1.d/key",
  "${HOME}/.kube/config",
  "project/.env",
  "project/.ENV",
  "project/.env.",
  "project/.env ",
  "project/.env::$DATA",
  "project/.env.local",
  "/srv/app/certs/server.pem",
  "keys/id_rsa.old",
  "/root/.docker/config.json",
  "/home/u/Library/Keychains/login.keychain-db",
  "/Users/u/Library/Keychains/login.keychain-db",
  "~/.netrc",
  "~/.git-credentials",
  "/etc/shadow",
  "caf\u0065\u0301/.env",
];

const benignPaths = ["project/.env.example", "keys/id_rsa.pub", "src/app.ts", "docs/env.md", "~/notes.txt", "/home/alice/project/src/main.ts", "C:\\work\\app\\main.ts"];

const paths: VectorInput[] = [
  ...secretPaths.map((p) => ({ note: `secret spelling ${JSON.stringify(p)}`, input: { ...base, files: [p] } })),
  ...benignPaths.map((p) => ({ note: `benign path ${JSON.stringify(p)}`, input: { ...base, files: [p] } })),
  { note: "relative secret under a home cwd", input: { ...base, cwd: "/home/alice", files: [".ssh/id_rsa"] } },
  { note: "drive-like file name inside a denied posix cwd", input: { ...base, cwd: "/home/alice/.ssh", platform: "linux", files: ["b:x/src"] } },
  { note: "home given explicitly", input: { ...base, home: "/data/alice", files: ["/data/alice/.aws/credentials"] } },
  { note: "tilde with explicit home", input: { ...base, home: "/data/alice", files: ["~/.aws/credentials"] } },
  { note: "real path denied, given path benign", input: { ...base, files: [{ path: "link-to-config", real: "/home/alice/.aws/credentials" }] } },
  { note: "real path benign", input: { ...base, files: [{ path: "src/a.ts", real: "/srv/src/a.ts" }] } },
  { note: "linux platform keeps case", input: { ...base, platform: "linux", files: ["project/.ENV"] } },
  { note: "mixed benign and secret files", input: { ...base, files: ["src/a.ts", "~/.ssh/id_rsa", "README.md"] } },
];

const errors: VectorInput[] = [
  { note: "not an object", input: 42 },
  { note: "null input", input: null },
  { note: "unknown top-level field", input: { ...base, file: ["~/.ssh/id_rsa"] } },
  { note: "missing files", input: { task: base.task, context_tokens: 1, tool_failures: 0, schema_mismatch: false, vram: null } },
  { note: "negative context", input: { ...base, context_tokens: -1 } },
  { note: "fractional tool failures", input: { ...base, tool_failures: 1.5 } },
  { note: "string context", input: { ...base, context_tokens: "2000" } },
  { note: "empty path", input: { ...base, files: [""] } },
  { note: "nul byte in path", input: { ...base, files: ["~/.ssh/id_rsa\u0000.txt"] } },
  { note: "labels not strings", input: { ...base, task: { kind: "edit", labels: [1] } } },
  { note: "free above total", input: { ...base, vram: gpus([1000, 2000]) } },
  { note: "zero total", input: { ...base, vram: gpus([0, 0]) } },
  { note: "unsupported schema", input: { ...base, schema: "routec.input/2" } },
  { note: "bad platform", input: { ...base, platform: "plan9" } },
  { note: "boolean as number", input: { ...base, tool_failures: true } },
  { note: "file ref with unknown field", input: { ...base, files: [{ path: "a", link: "b" }] } },
];

function randomInputs(count: number, seed: number): VectorInput[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const kinds = ["edit", "docs", "format", "lint", "refactor", "test", "auth", "deploy", "search", "other"];
  const labels = ["security", "architecture", "ui", "perf", "design"];
  const allPaths = [...secretPaths, ...benignPaths, "src/x.ts", "lib/y.py", "docs/z.md", ".github/workflows/a.yml"];
  const out: VectorInput[] = [];
  for (let i = 0; i < count; i++) {
    const nfiles = Math.floor(r() * 5);
    const ngpus = Math.floor(r() * 3);
    const input = {
      task: { kind: pick(kinds), labels: r() < 0.3 ? [pick(labels)] : [] },
      files: Array.from({ length: nfiles }, () => pick(allPaths)),
      context_tokens: pick([0, 1000, 4096, 8192, 8193, 20000, 32768, 32769, 65536, 65537, 140000]),
      tool_failures: pick([0, 0, 1, 2, 3]),
      schema_mismatch: r() < 0.15,
      runtime_errors: pick([0, 0, 1, 3]),
      vram:
        ngpus === 0
          ? null
          : { gpus: Array.from({ length: ngpus }, (_, index) => ({ index, total_mib: pick([8192, 16384, 24576]), free_mib: pick([500, 1000, 2500, 5000, 7000, 8000]) })).map((g) => ({ ...g, free_mib: Math.min(g.free_mib, g.total_mib) })), low_vram_mode: r() < 0.2 },
    };
    out.push({ note: `random #${i}`, input });
  }
  return out;
}

/** Topics and their inputs; each topic becomes fixtures/conformance/<topic>/<policy>.json. */
export const topics: Readonly<Record<string, readonly VectorInput[]>> = {
  routing,
  paths,
  errors,
  random: randomInputs(60, 20261127),
};
