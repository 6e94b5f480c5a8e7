// Runs scripts/gen-syntax.ts on Node 20 (which cannot run TypeScript): esbuild bundles it to a temporary
// module with the npm dependencies left external, then the generated files are written.
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// Inside node_modules so the bundle's bare imports resolve to this project's packages.
const cache = join("node_modules", ".cache");
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, "routec-gen-"));
const outfile = join(dir, "gen-syntax.mjs");
try {
  await build({
    entryPoints: ["scripts/gen-syntax.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  const { generateSyntaxArtifacts } = await import(pathToFileURL(join(process.cwd(), outfile)).href);
  for (const [path, text] of Object.entries(generateSyntaxArtifacts())) {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
