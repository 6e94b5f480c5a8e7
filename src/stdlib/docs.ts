/**
 * The generator of docs/std-secrets.md: the built-in set rendered from its data, so the documentation cannot drift
 * from what `use std.secrets` denies (test/stdlib/docs.test.ts fails when the file is stale; `npm run gen:std-docs`
 * rewrites it).
 */
import type { StdPattern } from "./index.js";

const PLATFORM_NAMES: Readonly<Record<StdPattern["platforms"][number], string>> = { linux: "Linux", darwin: "macOS", win32: "Windows" };

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function code(text: string): string {
  return `\`${text.replace(/\|/g, "\\|")}\``;
}

/** The markdown reference of a built-in set. */
export function stdSetMarkdown(name: string, patterns: readonly StdPattern[]): string {
  const rows = patterns.map((p) => {
    const excepts = p.excepts === undefined || p.excepts.length === 0 ? "" : p.excepts.map(code).join(", ");
    const platforms = p.platforms.map((platform) => PLATFORM_NAMES[platform]).join(", ");
    return `| ${code(p.pattern)} | ${excepts} | ${cell(p.note)} | ${platforms} | ${cell(p.source)} |`;
  });
  return [
    `# \`${name}\``,
    "",
    "<!-- Generated from src/stdlib by `npm run gen:std-docs`; do not edit by hand. -->",
    "",
    `\`use ${name}\` inside a \`deny\` set adds the ${patterns.length} patterns below. They follow routec's glob`,
    "semantics ([globs.md](globs.md)): `~/` matches under every spelling of a home directory (`/home/<user>`,",
    "`/Users/<user>`, `c:/users/<user>` and the input's `home`), a pattern without `/`, `~/` or a drive at the start",
    "matches at any depth, `dir/**` also matches `dir`, and paths are compared case-insensitively unless the policy says",
    "`paths { case sensitive }`. The platforms column says where the convention applies; every pattern is checked on",
    "every platform, because a repository checked out on Linux can hold a copy of a macOS or Windows profile.",
    "",
    "| pattern | except | what it is | platforms | where the convention is documented |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
