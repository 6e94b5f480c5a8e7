import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const defaultPolicy = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "routec-check-"));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): void {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

async function check(...args: string[]) {
  const io = memoryIO({ cwd: dir });
  const code = await run(["check", ...args], io, "0.1.0");
  return { code, out: io.out(), err: io.err() };
}

describe("routec check", () => {
  it("exits 0 and says so when the policies are clean", async () => {
    write("policies/default.route", defaultPolicy);
    const r = await check("policies");
    expect(r).toEqual({ code: 0, out: "checked 1 policy: no problems\n", err: "" });
  });

  it("checks the current directory when no path is given", async () => {
    write("a.route", defaultPolicy);
    write("sub/b.route", defaultPolicy.replace('"local-first"', '"b"'));
    write("node_modules/x/bad.route", "garbage");
    write(".hidden/bad.route", "garbage");
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.out).toBe("checked 2 policies: no problems\n");
  });

  it("exits 1 and names file:line:col when a closing brace is missing", async () => {
    write("policies/default.route", defaultPolicy.replace("max_context 8k }", "max_context 8k"));
    const r = await check("policies/default.route");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^error\[R01\d\d\]: .*\n +--> policies\/default\.route:\d+:\d+\n/);
    expect(r.err).toBe("");
  });

  it("exits 1 and suggests the declared model when a model name is misspelled", async () => {
    write("p.route", defaultPolicy.replace('route L0 -> "qwen2.5:7b-instruct"', 'route L0 -> "qwen2.5:7b-instrct"'));
    const r = await check("p.route");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^error\[R0203\]: unknown model `qwen2.5:7b-instrct`\n +--> p\.route:\d+:\d+\n/);
    expect(r.out).toContain("= help: did you mean `qwen2.5:7b-instruct`");
    expect(r.out).toContain("1 error, 0 warnings\nchecked 1 policy\n");
  });

  it("exits 0 with warnings shown, and 1 when they exceed --max-warnings", async () => {
    const warned = defaultPolicy
      .replace('route L1 -> "qwen2.5:7b-instruct"', 'route L1 -> "llama3.1:8b", "qwen2.5:7b-instruct"')
      .replace("remote claude", 'model "llama3.1:8b" on vllm { context 128k tools yes vram 16GiB }\nremote claude');
    write("p.route", warned);
    const shown = await check("p.route");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("warning[R0220]");
    expect((await check("p.route", "--max-warnings", "1")).code).toBe(0);
    const over = await check("p.route", "--max-warnings", "0");
    expect(over.code).toBe(1);
    expect(over.err).toBe("routec check: 1 warnings, more than --max-warnings 0\n");
  });

  it("checks an included file through its includer only when both are in the set", async () => {
    write("main.route", defaultPolicy.replace("on error -> claude", 'include "shared/errors.route"'));
    write("shared/errors.route", "on error -> claude\n");
    const r = await check(".");
    expect(r).toMatchObject({ code: 0, out: "checked 1 policy: no problems\n" });
  });

  it("reports a problem in an included file once, at the included file", async () => {
    write("a.route", defaultPolicy.replace("on error -> claude", 'include "errors.route"'));
    write("b.route", defaultPolicy.replace('"local-first"', '"b"').replace("on error -> claude", 'include "errors.route"'));
    write("errors.route", "on error -> cluade\n");
    const r = await check(".", "--format", "json");
    expect(r.code).toBe(1);
    const diagnostics = JSON.parse(r.out) as { code: string; span: { file: string } }[];
    expect(diagnostics.map((d) => [d.code, d.span.file.endsWith("errors.route")])).toEqual([["R0204", true]]);
  });

  it("prints SARIF and GitHub annotations with paths relative to the working directory", async () => {
    write("policies/p.route", defaultPolicy.replace("on error -> claude", "on error -> cluade"));
    const sarif = JSON.parse((await check("policies", "--format", "sarif")).out);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("policies/p.route");
    const github = await check("policies", "--format", "github");
    expect(github.code).toBe(1);
    expect(github.out).toMatch(/^::error file=policies\/p\.route,line=\d+,col=13,endLine=\d+,endColumn=19,title=R0204::unknown remote `cluade`/);
  });

  it("colours text only with --color", async () => {
    write("p.route", defaultPolicy.replace("on error -> claude", "on error -> cluade"));
    expect((await check("p.route", "--color")).out).toContain("\u001b[");
    expect((await check("p.route", "--no-color")).out).not.toContain("\u001b[");
  });
});

describe("routec check usage and I/O errors", () => {
  it("exits 2 with R0901 when a path does not exist", async () => {
    const r = await check("missing.route");
    expect(r).toEqual({ code: 2, out: "", err: "error[R0901]: cannot check `missing.route`: no such file or directory\n\n" });
  });

  it("exits 2 with R0902 when a file is not a .route file", async () => {
    write("table.json", "{}");
    const r = await check("table.json");
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[R0902]: `table.json` is not a `.route` file");
  });

  it("exits 2 with R0904 when a directory holds no .route files", async () => {
    write("src/readme.md", "");
    const r = await check("src");
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[R0904]: no `.route` files found in `src`");
  });

  it("exits 2 with R0903 when a directory cannot be read", async () => {
    write("locked/p.route", defaultPolicy);
    chmodSync(join(dir, "locked"), 0o000);
    const r = await check("locked");
    chmodSync(join(dir, "locked"), 0o755);
    // Running as root reads anything; the permission error only exists for other users.
    if (process.getuid?.() === 0) expect(r.code).toBe(0);
    else expect(r.err).toContain("error[R0903]: cannot read `locked`: permission denied");
  });

  it("exits 2 with R0905 and a suggestion when the format is unknown", async () => {
    write("p.route", defaultPolicy);
    const r = await check("p.route", "--format", "sarf");
    expect(r).toEqual({ code: 2, out: "", err: "error[R0905]: unknown format `sarf`\n  = help: did you mean `sarif`? use one of `text`, `json`, `sarif`, `github`\n\n" });
  });

  it("exits 2 with R0906 when --max-warnings is not a whole number", async () => {
    write("p.route", defaultPolicy);
    const r = await check("p.route", "--max-warnings", "many");
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[R0906]: invalid value `many` for `--max-warnings`");
  });

  it("exits 2 without a stack trace when an option is unknown", async () => {
    const r = await check("--frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe("routec check --debug-passes", () => {
  it("prints each pass of each checked policy on stderr", async () => {
    write("p.route", defaultPolicy);
    const r = await check("p.route", "--debug-passes");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^p\.route: declarations \d+\.\dms, properties \d+\.\dms, deny-sets \d+\.\dms, vram \d+\.\dms, rules \d+\.\dms, routes \d+\.\dms\n$/);
  });

  it("says a policy that did not load was not checked", async () => {
    write("p.route", "garbage");
    const r = await check("p.route", "--debug-passes");
    expect(r.err).toBe("p.route: not checked (it did not load)\n");
  });
});
