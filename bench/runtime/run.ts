/**
 * Runtime bench: 10,000 seeded inputs with 1–20 paths each against the compiled policies/default.route (with
 * std.secrets). Prints, in one run, routec's time per input and its ratio to the floor (a hand-written decision
 * function), a combined picomatch regex, picomatch matchers and cedar-wasm, how often each agrees with routec,
 * and the runtime's size minified + gzipped. Usage: `node bench/run.mjs runtime [inputs] [cedar-inputs]`.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fsHost } from "../../src/cli/fs-host.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { compileIndex, matchViews } from "../../src/runtime/globs.js";
import { evaluate, normalizePath, pathContext, pathViews } from "../../src/runtime/index.js";
import type { Input } from "../../src/runtime/types.js";
import { combinedRegexDeny, decide, floorDeny, picomatchDeny } from "./baselines.js";
import type { Summary } from "./baselines.js";
import { cedarDecide, cedarDenied, loadCedar } from "./cedar.js";
import { workload } from "./workload.js";

const count = Number(process.argv[2] ?? 10_000);
const cedarCount = Number(process.argv[3] ?? 1_000);
const root = process.cwd();

const compiled = compilePolicy(join(root, "policies/default.route"), fsHost());
if (compiled.table === null) throw new Error(`policies/default.route does not compile: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
const table = compiled.table;
const secrets = table.globsets["secrets"];
if (secrets === undefined) throw new Error("default.route has no `secrets` set");

const inputs = workload(count);
const paths = inputs.reduce((n, i) => n + i.files.length, 0);

const routec = (i: Input): Summary => {
  const d = evaluate(table, i);
  return { target: d.target, model: d.model };
};
const floorCheck = floorDeny(secrets);
const regexCheck = combinedRegexDeny(secrets);
const picoCheck = picomatchDeny(secrets);
const cedar = loadCedar();

const impls: { name: string; run: (i: Input) => Summary; n: number }[] = [
  { name: "routec runtime", run: routec, n: count },
  { name: "floor (hand-written)", run: (i) => decide(i, floorCheck), n: count },
  { name: "combined regex (picomatch makeRe)", run: (i) => decide(i, regexCheck), n: count },
  { name: "picomatch matchers", run: (i) => decide(i, picoCheck), n: count },
  { name: `cedar-wasm ${cedar.getCedarVersion()}`, run: cedarDecide(cedar, secrets), n: Math.min(cedarCount, count) },
];

/**
 * Median of `reps` passes over the first `n` inputs, in CPU microseconds per input. CPU time, not wall time:
 * benches share machines with builds, and a loaded machine stretches wall time by whatever else runs.
 */
function time(run: (i: Input) => Summary, n: number, reps: number): number {
  const passes: number[] = [];
  let sink = 0;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    for (let k = 0; k < n; k++) sink += run(inputs[k] as Input).target === "local" ? 1 : 0;
    const c = process.cpuUsage(c0);
    passes.push((c.user + c.system) / n);
  }
  if (sink < 0) console.log(sink);
  return passes.sort((a, b) => a - b)[Math.floor(passes.length / 2)] ?? NaN;
}

const reference = inputs.map(routec);
const rows = impls.map((impl) => {
  let agree = 0;
  for (let k = 0; k < impl.n; k++) {
    const a = impl.run(inputs[k] as Input);
    const b = reference[k] as Summary;
    if (a.target === b.target && a.model === b.model) agree++;
  }
  const reps = impl.n === count ? 9 : 3;
  time(impl.run, Math.min(impl.n, 1000), 1);
  return { name: impl.name, us: time(impl.run, impl.n, reps), agree: agree / impl.n, n: impl.n };
});

// Deny matching alone: every path of the workload, normalized once by routec, matched in all its views.
const pc = pathContext("/home/dev", "/home/dev/proj", true);
const viewLists = inputs.flatMap((i) => i.files.map((f) => pathViews(normalizePath(typeof f === "string" ? f : f.path, pc) ?? "", pc.viewHome)));
const folded = secrets.folded;
if (folded === null) throw new Error("no folded matchers");
const cs = { name: "secrets", set: secrets, include: compileIndex(folded.include), except: compileIndex(folded.except) };
const cedarDeny = cedarDenied(cedar, secrets);
const matchers: { name: string; test: (vs: readonly string[]) => boolean; n: number }[] = [
  { name: "routec lookups (matchViews)", test: (vs) => matchViews(cs, vs) >= 0, n: viewLists.length },
  { name: "floor (hand-written)", test: floorCheck, n: viewLists.length },
  { name: "combined regex (picomatch makeRe)", test: regexCheck, n: viewLists.length },
  { name: "picomatch matchers", test: picoCheck, n: viewLists.length },
  { name: "cedar-wasm", test: cedarDeny, n: Math.min(viewLists.length, cedarCount * 10) },
];
const matchRows = matchers.map((m) => {
  const passes: number[] = [];
  let hits = 0;
  for (let r = 0; r < (m.n === viewLists.length ? 9 : 3); r++) {
    hits = 0;
    const c0 = process.cpuUsage();
    for (let k = 0; k < m.n; k++) if (m.test(viewLists[k] as string[])) hits++;
    const c = process.cpuUsage(c0);
    passes.push(((c.user + c.system) * 1000) / m.n);
  }
  return { name: m.name, ns: passes.sort((a, b) => a - b)[Math.floor(passes.length / 2)] ?? NaN, n: m.n, hits };
});

const esbuild = createRequire(join(root, "package.json"))("esbuild") as typeof import("esbuild");
const bundle = esbuild.buildSync({ entryPoints: [join(root, "src/runtime/index.ts")], bundle: true, minify: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" });
const code = bundle.outputFiles[0]?.contents ?? new Uint8Array();

const routecUs = rows[0]?.us ?? NaN;
console.log(`workload: ${count} inputs, ${paths} paths (avg ${(paths / count).toFixed(1)} per input), policies/default.route with ${secrets.patterns.length} deny patterns; node ${process.version}`);
console.log("implementation                         inputs   CPU µs/input   routec speed   agrees with routec");
for (const r of rows) {
  const ratio = r.us / routecUs;
  console.log(`${r.name.padEnd(38)} ${String(r.n).padStart(6)} ${r.us.toFixed(2).padStart(14)} ${(ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(2)}× slower`).padStart(14)} ${(100 * r.agree).toFixed(2).padStart(19)}%`);
}
const floor = rows[1]?.us ?? NaN;
console.log(`routec / floor: ${(routecUs / floor).toFixed(2)}× (target ≤ 1.5×)`);
console.log(`combined regex / routec: ${((rows[2]?.us ?? NaN) / routecUs).toFixed(1)}× (target ≥ 8×)`);
console.log(`cedar-wasm / routec: ${((rows[4]?.us ?? NaN) / routecUs).toFixed(0)}× (target ≥ 300×)`);
const routecNs = matchRows[0]?.ns ?? NaN;
console.log("");
console.log("deny matching only (normalized paths, all views)   paths   CPU ns/path   routec speed   denied");
for (const r of matchRows) {
  const ratio = r.ns / routecNs;
  console.log(`${r.name.padEnd(50)} ${String(r.n).padStart(7)} ${r.ns.toFixed(0).padStart(13)} ${(ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(2)}× slower`).padStart(14)} ${String(r.hits).padStart(8)}`);
}
console.log(`matching: combined regex / routec ${((matchRows[2]?.ns ?? NaN) / routecNs).toFixed(1)}×, cedar-wasm / routec ${((matchRows[4]?.ns ?? NaN) / routecNs).toFixed(0)}×`);
console.log(`runtime size: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzipped`);
