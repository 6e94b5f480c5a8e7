/**
 * The seeded runtime workload: routing inputs with 1–20 paths each, mostly repository files (relative, absolute
 * under the home, Windows spellings), with about one path in 25 a secret spelled one of several ways.
 */
import type { Input } from "../../src/runtime/types.js";
import { seededRandom } from "../../src/verify/translation.js";

const DIRS = ["src", "src/cli", "src/runtime", "test", "test/unit", "lib", "docs", "packages/core/src", "scripts", "config"];
const EXTS = [".ts", ".js", ".md", ".json", ".py", ".tsx", ".yaml", ".css"];
const SECRETS = [
  "~/.ssh/id_ed25519",
  "/home/dev/.ssh/config",
  "/home/dev/.aws/credentials",
  ".env",
  "config/.env.local",
  "certs/server.pem",
  "C:\\Users\\dev\\.ssh\\id_rsa",
  "$HOME/.gnupg/trustdb.gpg",
  "/home/dev/.config/google-chrome/Default/Cookies",
  "/home/dev/.kube/config",
];
const KINDS = ["edit", "edit", "edit", "refactor", "test", "docs", "format", "auth", "lint"];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function word(r: () => number): string {
  let s = "";
  const n = 3 + Math.floor(r() * 8);
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + Math.floor(r() * 26));
  return s;
}

function path(r: () => number): string {
  const x = r();
  const file = `${pick(r, DIRS)}/${word(r)}${pick(r, EXTS)}`;
  if (x < 0.04) return pick(r, SECRETS);
  if (x < 0.7) return file;
  if (x < 0.85) return `/home/dev/proj/${file}`;
  if (x < 0.9) return `C:\\Users\\dev\\proj\\${file.replaceAll("/", "\\")}`;
  if (x < 0.95) return `./${file}`;
  return `/tmp/${word(r)}/${word(r)}.log`;
}

/** `count` seeded inputs. */
export function workload(count: number, seed = 42): Input[] {
  const r = seededRandom(seed);
  const inputs: Input[] = [];
  for (let i = 0; i < count; i++) {
    const files = Array.from({ length: 1 + Math.floor(r() * 20) }, () => path(r));
    const known = r() < 0.8;
    const free = Math.floor(r() * 24576);
    inputs.push({
      task: { kind: pick(r, KINDS), labels: r() < 0.05 ? ["security"] : [] },
      files,
      cwd: "/home/dev/proj",
      home: "/home/dev",
      platform: "linux",
      context_tokens: Math.floor(r() * (r() < 0.1 ? 200_000 : 40_000)),
      tool_failures: r() < 0.05 ? 2 : 0,
      schema_mismatch: r() < 0.02,
      vram: known ? { gpus: [{ index: 0, total_mib: 24576, free_mib: free }] } : null,
    });
  }
  return inputs;
}
