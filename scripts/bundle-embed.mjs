// Bundles the code that generated router modules embed (runtime + CCR adapter) into one CommonJS file,
// dist/embed/ccr-runtime.cjs, so `routec export ccr` can write a module with no dependencies. Run by `npm run build`.
import { build } from "esbuild";

await build({
  entryPoints: ["src/embed/ccr-module.ts"],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  outfile: "dist/embed/ccr-runtime.cjs",
  legalComments: "none",
  logLevel: "warning",
});
