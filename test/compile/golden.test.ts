import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fsHost } from "../../src/cli/fs-host.js";
import { writeTableJson } from "../../src/compile/canonical.js";
import { compilePolicy } from "../../src/pipeline/compile.js";
import { memoryHost } from "../../src/syntax/index.js";

const root = new URL("../../", import.meta.url).pathname;
const policies = readdirSync(`${root}policies`).filter((f) => f.endsWith(".route")).sort();

function compiled(entry: string, host = fsHost()): string {
  const result = compilePolicy(entry, host);
  if (result.table === null) throw new Error(`${entry}: ${JSON.stringify(result.diagnostics)}`);
  return writeTableJson(result.table);
}

describe("golden tables", () => {
  it("covers every policy in policies/", () => {
    expect(policies.length).toBeGreaterThan(0);
  });

  it.each(policies)("recompiles policies/%s to the bytes of its golden table (npm run gen:tables to update)", async (file) => {
    await expect(compiled(`${root}policies/${file}`)).toMatchFileSnapshot(`../../fixtures/tables/${file.replace(/\.route$/, "")}.table.json`);
  });
});

const files: Record<string, string> = {
  "p/main.route": [
    'policy "split" version 2',
    'include "lib/models.route"',
    'include "lib/sets.route"',
    "class L0 { max_context 8k }",
    "classify {",
    '  all files "docs/**" -> L0',
    "  otherwise -> L0",
    "}",
    'escalate { denied path -> claude "sensitive path" }',
    'route L0 -> "m:7b" else claude',
    "on error -> claude",
    "",
  ].join("\n"),
  "p/lib/models.route": ['runtime ollama { endpoint "http://127.0.0.1:11434" }', 'model "m:7b" on ollama { context 32k tools yes vram 4GiB cost 0 }', 'remote claude { model "claude-sonnet-4-5" }', ""].join("\n"),
  "p/lib/sets.route": ['deny secrets { use std.secrets "**/*.pem" "**/id_rsa*" except "**/*.pub" }', ""].join("\n"),
};

describe("compile determinism", () => {
  it("gives identical bytes when the same policy is compiled twice", () => {
    expect(compiled("p/main.route", memoryHost(files))).toBe(compiled("p/main.route", memoryHost(files)));
  });

  it("gives identical bytes when the host lists the files in another order", () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(compiled("p/main.route", memoryHost(reversed))).toBe(compiled("p/main.route", memoryHost(files)));
  });

  it("gives identical bytes when the policy directory is elsewhere", () => {
    const moved = Object.fromEntries(Object.entries(files).map(([k, v]) => [`/abs/deep/${k}`, v]));
    expect(compiled("/abs/deep/p/main.route", memoryHost(moved))).toBe(compiled("p/main.route", memoryHost(files)));
  });

  it("gives identical bytes when the sources have Windows line ends", () => {
    const crlf = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.replace(/\n/g, "\r\n")]));
    expect(compiled("p/main.route", memoryHost(crlf))).toBe(compiled("p/main.route", memoryHost(files)));
  });

  it("changes the source hash when an included file changes", () => {
    const changed = { ...files, "p/lib/models.route": `${files["p/lib/models.route"]}# comment\n` };
    const a = JSON.parse(compiled("p/main.route", memoryHost(files))) as { policy: { source_sha256: string } };
    const b = JSON.parse(compiled("p/main.route", memoryHost(changed))) as { policy: { source_sha256: string } };
    expect(a.policy.source_sha256).not.toBe(b.policy.source_sha256);
  });

  it("maps rules in included files to paths relative to the root's directory", () => {
    const table = JSON.parse(compiled("p/main.route", memoryHost(files))) as { source_map: Record<string, { file: string }> };
    expect(table.source_map["deny:secrets#1"]?.file).toBe("lib/sets.route");
    expect(table.source_map["on_error"]?.file).toBe("main.route");
  });
});
