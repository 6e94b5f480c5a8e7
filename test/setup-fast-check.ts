import fc from "fast-check";

// CI runs every property with one fixed seed so a merge is never decided by luck; local runs explore new seeds.
// Reproduce a CI run locally with CI=true, or pin any seed with FC_SEED=<n>.
const pinned = process.env["FC_SEED"] ?? (process.env["CI"] === "true" ? "20261127" : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });
