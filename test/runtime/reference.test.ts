import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { fsHost } from "../../src/cli/fs-host.js";
import { referenceEvaluate } from "../../src/reference/index.js";
import { evaluate, explain } from "../../src/runtime/index.js";
import type { Decision } from "../../src/runtime/types.js";

const entry = join(import.meta.dirname, "../../policies/default.route");
const compiled = compilePolicy(entry, fsHost());
const checked = analyzePolicy(entry, fsHost()).checked;

const segment = fc.constantFrom("src", "a.ts", ".ssh", "id_rsa", ".env", ".env.local", "x.pem", ".aws", "credentials", "..", ".", "", "Users", "home", "u", "C:", ".gnupg", "id_rsa.pub", ".env.example", "~", "$HOME", "%USERPROFILE%", "a. ", "b::$DATA", "É", "e\u0301");
// UNC roots are left out: the runtime keeps `//server/share` as a root that `..` cannot pop (semantics.md,
// normalization step 2) while the reference interpreter pops them; reported to its owner.
const path = fc.tuple(fc.constantFrom("", "/", "~/", "C:\\", "c:/"), fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom("/", "\\", "//"))
  .map(([root, segs, sep]) => root + segs.join(sep))
  .filter((p) => p !== "" && !/^[\\/]{2}/.test(p));

const input = fc.record(
  {
    task: fc.record({ kind: fc.constantFrom("edit", "docs", "auth", "refactor", "other"), labels: fc.array(fc.constantFrom("security", "ui")), class: fc.constantFrom("L0", "L3") }, { requiredKeys: ["kind", "labels"] }),
    files: fc.array(fc.oneof(path, fc.record({ path, real: path })), { maxLength: 4 }),
    // Long cwds too: under one, plain paths are matched on their text after it (src/runtime/decide.ts, `paths`).
    cwd: fc.constantFrom("/w", "C:\\w", "~/p", "rel", "/home/u/p", "/home/u/project", "C:\\Users\\u\\src\\app", "/Users/u/Library", "/srv/checkout/deep/tree"),
    home: fc.constantFrom("/home/u", "C:\\Users\\u", "/Users/u"),
    platform: fc.constantFrom("linux", "darwin", "win32"),
    context_tokens: fc.constantFrom(0, 4096, 8192, 8193, 32768, 32769, 65536, 65537, 200000),
    tool_failures: fc.nat(3),
    schema_mismatch: fc.boolean(),
    runtime_errors: fc.nat(4),
    vram: fc.oneof(
      fc.constant(null),
      fc.record({ gpus: fc.array(fc.record({ index: fc.nat(3), total_mib: fc.constantFrom(8192, 24576), free_mib: fc.constantFrom(0, 500, 2000, 5300, 6000, 8000) }), { maxLength: 3 }), low_vram_mode: fc.boolean() }, { requiredKeys: ["gpus"] }),
    ),
  },
  { requiredKeys: ["task", "files", "context_tokens", "tool_failures", "schema_mismatch", "vram"] },
);

/** What both implementations must agree on (reason wording and error-code granularity may differ). */
const essence = (d: Decision) => ({
  target: d.target,
  mode: d.mode,
  model: d.model,
  runtime: d.runtime,
  remote: d.remote,
  review: d.review,
  class: d.class,
  vram_level: d.vram_level,
  denied: d.denied,
  error: d.error !== null,
});

describe("runtime against the reference interpreter", () => {
  it("agrees on the compiled default policy for random inputs", () => {
    const table = compiled.table;
    if (table === null || checked === null) throw new Error("policies/default.route does not compile");
    fc.assert(
      fc.property(input, (i) => {
        const inputWithGpuFix = i.vram === null ? i : { ...i, vram: { ...i.vram, gpus: i.vram.gpus.map((g) => ({ ...g, free_mib: Math.min(g.free_mib, g.total_mib) })) } };
        expect(essence(evaluate(table, inputWithGpuFix))).toEqual(essence(referenceEvaluate(checked, inputWithGpuFix, { sha256: table.sha256 })));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the runtime's fast path for plain paths", () => {
  it("decides exactly as the traced path, which normalizes and matches every spelling in full", () => {
    const table = compiled.table;
    if (table === null) throw new Error("policies/default.route does not compile");
    const plainPath = fc.tuple(fc.constantFrom("", "./", "/home/u/project/", "/Users/u/Library/", "/srv/checkout/deep/tree/"), fc.array(fc.constantFrom("src", "a.ts", ".ssh", "id_rsa", ".env", "x.pem", "keychains", "Keychains", "Cookies", "Default", "README.md"), { minLength: 1, maxLength: 4 }))
      .map(([root, segs]) => root + segs.join("/"));
    // Also cwds in or inside a denied directory, or ending where a residue regex starts: no quiet head there.
    const cwd = fc.constantFrom("/home/u/project", "/home/u/.ssh/keys", "/home/u/.ssh", "/Users/u/Library", "/home/u/.config/chromium/Default", "/srv/checkout/deep/tree", "rel");
    fc.assert(
      fc.property(input, cwd, fc.array(plainPath, { maxLength: 6 }), (i, c, extra) => {
        const withPaths = { ...i, cwd: c, files: [...i.files, ...extra], vram: null };
        expect(evaluate(table, withPaths)).toEqual(explain(table, withPaths).decision);
      }),
      { numRuns: 3000 },
    );
  });
});
