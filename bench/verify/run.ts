/**
 * Verifier bench: generated policies with 10, 100 and 1,000 rules; prints analyze+lower (compile) and verify
 * (with translation validation on 200 random inputs) times, the growth factor per doubling and the ratio to the
 * 10-rule case. Usage: `node bench/run.mjs verify [sizes...]`.
 */
import { finalizeTable } from "../../src/compile/canonical.js";
import { lowerPolicy } from "../../src/compile/lower.js";
import { analyzePolicy } from "../../src/pipeline/analyze.js";
import { memoryHost } from "../../src/syntax/index.js";
import { verifyPolicy } from "../../src/verify/index.js";
import { generatePolicy } from "./generate.js";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const rows: { rules: number; compile: number; verify: number; cells: number }[] = [];
for (const rules of sizes.length > 0 ? sizes : [10, 100, 1000]) {
  const text = generatePolicy(rules);
  const t0 = performance.now();
  const analysis = analyzePolicy("bench.route", memoryHost({ "bench.route": text }));
  if (analysis.checked === null) throw new Error(`generated policy does not check: ${JSON.stringify(analysis.diagnostics.slice(0, 3))}`);
  const body = lowerPolicy(analysis.checked, analysis.sources);
  if (!body.ok) throw new Error("generated policy does not lower");
  const table = finalizeTable(body.value, { cells: 0, checks: [] });
  const t1 = performance.now();
  const result = verifyPolicy(analysis.checked, table, { randomInputs: 200, seed: 1 });
  const t2 = performance.now();
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.some((d) => d.code === "R0309")) console.log(`${rules} rules: over the cell budget after ${result.summary.cells} cells (R0309)`);
  else if (errors.length > 0) throw new Error(`verification failed: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  rows.push({ rules, compile: t1 - t0, verify: t2 - t1, cells: result.summary.cells });
}
const base = rows[0];
console.log("rules   cells   compile ms   verify ms   total ms   growth/doubling   ratio to first");
rows.forEach((row, i) => {
  const total = row.compile + row.verify;
  const prev = rows[i - 1];
  const baseTotal = base ? base.compile + base.verify : total;
  const growth = prev ? (total / (prev.compile + prev.verify)) ** (1 / Math.log2(row.rules / prev.rules)) : NaN;
  console.log(
    [String(row.rules).padStart(5), String(row.cells).padStart(7), row.compile.toFixed(0).padStart(12), row.verify.toFixed(0).padStart(11), total.toFixed(0).padStart(10), (Number.isNaN(growth) ? "-" : growth.toFixed(2)).padStart(17), (total / baseTotal).toFixed(1).padStart(16)].join(" "),
  );
});
