/**
 * Routing inputs for property tests: kinds, labels and hints the policy names (and others), files spelled from
 * the policy's globs in the ways agents write paths, counts around the policy's thresholds, and GPU snapshots.
 */
import fc from "fast-check";
import type { CheckedPolicy } from "../../src/check/checked.js";
import type { FileRef, GpuSnapshot, Input } from "../../src/runtime/types.js";
import { namedValues } from "../../src/verify/space.js";
import { samplePaths } from "../../src/verify/witness.js";

function thresholds(policy: CheckedPolicy): number[] {
  const out = new Set<number>([0, 1, 2, 3, 5, 10]);
  for (const m of Object.values(policy.models)) [m.context, m.context + 1].forEach((v) => out.add(v));
  for (const c of policy.classes) if (c.max_context !== null) [c.max_context, c.max_context + 1].forEach((v) => out.add(v));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      const r = value as Record<string, unknown>;
      if (r["op"] === "cmp" && typeof r["value"] === "number") [Math.floor(r["value"]), Math.floor(r["value"]) + 1].forEach((v) => out.add(Math.max(0, v)));
      Object.values(r).forEach(visit);
    }
  };
  visit([policy.classify, policy.escalate, policy.asserts]);
  return [...out].sort((a, b) => a - b);
}

const homes = ["/home/dev", "/Users/Dev", "C:\\Users\\dev", "~", "$HOME", "%USERPROFILE%"];

function pathArbitrary(policy: CheckedPolicy): fc.Arbitrary<string> {
  const globs = [...policy.denySets.flatMap((s) => s.patterns.flatMap((p) => [p.source, ...p.excepts])), ...policy.matchGlobs];
  const base = [...new Set(["src/main.ts", "README.md", "docs/guide.md", "notes.txt", ...globs.flatMap(samplePaths)])];
  return fc.tuple(fc.constantFrom(...base), fc.constantFrom(...homes), fc.boolean(), fc.boolean(), fc.boolean()).map(([path, home, upper, backslash, dots]) => {
    let p = path.startsWith("~/") ? `${home}/${path.slice(2)}` : path;
    if (upper) p = p.toUpperCase();
    if (dots) p = p.replace(/\/([^/]+)$/, "/./x/../$1");
    if (backslash) p = p.replace(/\//g, "\\");
    return p;
  });
}

function gpuArbitrary(policy: CheckedPolicy): fc.Arbitrary<GpuSnapshot[]> {
  const totals = [2048, 8192, 16384, 24576, 81920, ...Object.values(policy.models).map((m) => m.vram_mib + 1)];
  const gpu = fc.tuple(fc.constantFrom(...totals), fc.double({ min: 0, max: 1, noNaN: true })).map(([total, share]) => ({ total, free: Math.floor(total * share) }));
  return fc.array(gpu, { maxLength: 3 }).map((gpus) => gpus.map((g, index) => ({ index, total_mib: g.total, free_mib: g.free })));
}

/** Valid `routec.input/1` values shaped by the policy's names, thresholds and globs. */
export function inputArbitrary(policy: CheckedPolicy): fc.Arbitrary<Input> {
  const names = namedValues(policy);
  const numbers = thresholds(policy);
  const file: fc.Arbitrary<FileRef> = fc.oneof({ weight: 4, arbitrary: pathArbitrary(policy) }, { weight: 1, arbitrary: fc.record({ path: pathArbitrary(policy), real: pathArbitrary(policy) }) });
  const vram = fc.oneof(
    fc.constant(null),
    fc.record({ gpus: gpuArbitrary(policy), low_vram_mode: fc.boolean() }),
    gpuArbitrary(policy).map((gpus) => ({ gpus })),
  );
  const hint = fc.option(fc.constantFrom(...names.hints, ...policy.classes.map((c) => c.name), "L9"), { nil: undefined });
  return fc
    .record({
      kind: fc.constantFrom(...names.kinds, "edit", "chore"),
      labels: fc.subarray([...names.labels, "unrelated"]),
      hint,
      files: fc.array(file, { maxLength: 4 }),
      cwd: fc.option(fc.constantFrom("/work/project", "/home/dev/project", "C:\\src\\app"), { nil: undefined }),
      home: fc.option(fc.constantFrom("/home/dev", "/Users/Dev", "C:\\Users\\dev"), { nil: undefined }),
      platform: fc.option(fc.constantFrom("linux" as const, "darwin" as const, "win32" as const), { nil: undefined }),
      context: fc.oneof(fc.constantFrom(...numbers), fc.nat({ max: 300_000 })),
      toolFailures: fc.constantFrom(0, 0, 1, 2, 3),
      schemaMismatch: fc.boolean(),
      runtimeErrors: fc.option(fc.constantFrom(0, 1, 2, 3, 4), { nil: undefined }),
      vram,
    })
    .map((r) => ({
      task: { kind: r.kind, labels: r.labels, ...(r.hint === undefined ? {} : { class: r.hint }) },
      files: r.files,
      ...(r.cwd === undefined ? {} : { cwd: r.cwd }),
      ...(r.home === undefined ? {} : { home: r.home }),
      ...(r.platform === undefined ? {} : { platform: r.platform }),
      context_tokens: r.context,
      tool_failures: r.toolFailures,
      schema_mismatch: r.schemaMismatch,
      ...(r.runtimeErrors === undefined ? {} : { runtime_errors: r.runtimeErrors }),
      vram: r.vram,
    }));
}
