import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { quietOnClosedPipe } from "../../src/cli/main.js";
import { buildProgram, run } from "../../src/cli/program.js";

async function routec(args: readonly string[], options: Parameters<typeof memoryIO>[0] = {}) {
  const io = memoryIO(options);
  const code = await run(args, io, "0.1.0");
  return { code, out: io.out(), err: io.err() };
}

describe("routec explain", () => {
  it("exits 2 at once with a shortened code when the argument is 64 KB long", async () => {
    const started = performance.now();
    const r = await routec(["explain", "x".repeat(65_536)]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[R0907\]: unknown diagnostic code `x{40}…`\n/);
    expect(r.err.length).toBeLessThan(500);
  });
});

describe("routec compile", () => {
  const dir = mkdtempSync(join(tmpdir(), "routec-robust-"));
  mkdirSync(join(dir, "policies.route"));
  copyFileSync("policies/default.route", join(dir, "default.route"));

  it("exits 2 saying it is a directory when the policy is a directory", async () => {
    const r = await routec(["compile", "policies.route"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec compile: cannot read `policies.route`: is a directory; give the root `.route` file\n");
  });

  it("exits 2 at once when the policy is a device that never ends", async () => {
    const r = await routec(["compile", "/dev/zero"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec compile: cannot read `/dev/zero`: is not a regular file\n");
  });

  it("reports the include instead of reading forever when a policy includes a device", async () => {
    writeFileSync(join(dir, "device.route"), 'policy "p"\ninclude "/dev/zero"\n');
    const r = await routec(["compile", "device.route"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[R0109]: cannot find included file `/dev/zero`");
  });

  it("exits 2 in words when the output path is a directory", async () => {
    const r = await routec(["compile", "default.route", "-o", "policies.route"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toBe("routec compile: cannot write `policies.route`: is a directory\n");
  });
});

describe("quietOnClosedPipe", () => {
  it("swallows EPIPE and sets exit 2 for other write errors when the output stream fails", () => {
    const stream = new PassThrough();
    const codes: number[] = [];
    quietOnClosedPipe(stream, (code) => codes.push(code));
    expect(() => stream.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))).not.toThrow();
    expect(codes).toEqual([]);
    stream.emit("error", Object.assign(new Error("write EIO"), { code: "EIO" }));
    expect(codes).toEqual([2]);
  });
});

describe("hostile paths", () => {
  it("explains in words, escaped and shortened, when a path has a NUL byte or is 64 KB long", async () => {
    const nul = await routec(["check", "a\u0000b.route"]);
    expect(nul.code).toBe(2);
    expect(nul.err).toBe("error[R0903]: cannot read `a\\u{0}b.route`: the path contains a NUL byte\n\n");
    const long = await routec(["compile", `${"a/".repeat(32_768)}x.route`]);
    expect(long.code).toBe(2);
    expect(long.err).toMatch(/^routec compile: cannot read `(a\/){40}…(a\/){36}x\.route`: (the path is too long|no such file or directory)\n$/);
    const escape = await routec(["compile", "\u001b[2J.route"]);
    expect(escape.err).toBe("routec compile: cannot read `\\u{1b}[2J.route`: no such file or directory\n");
  });
});

describe("help of the finished commands", async () => {
  const program = await buildProgram(memoryIO(), "0.1.0");
  const find = (path: readonly string[]): Command => {
    let command: Command | undefined = program;
    for (const name of path) command = command?.commands.find((c) => c.name() === name);
    if (command === undefined) throw new Error(`no command ${path.join(" ")}`);
    return command;
  };
  const commands = ["check", "compile", "explain", "schema", "export ccr", "hook claude-code"];

  it.each(commands)("teaches exit codes and an example, in paragraphs commander can wrap, for %s", (name) => {
    const description = find(name.split(" ")).description();
    expect(description).toMatch(/\n\nExit codes: 0 [^\n]+$/);
    expect(description).toMatch(/\n\n(Examples?:|~\/\.claude\/settings\.json:)\n/);
    // Prose paragraphs are one line each; examples and JSON are indented or start a block.
    for (const paragraph of description.split("\n\n")) {
      if (/^(Examples?:|~\/|\{)/.test(paragraph)) continue;
      expect(paragraph).not.toContain("\n");
    }
  });

  it("lists subcommands by a one-line summary when a group's help is shown", () => {
    for (const group of ["export", "hook"]) for (const sub of find([group]).commands) expect(sub.summary()).not.toBe("");
  });
});

describe("empty arguments", () => {
  it("exits 2 with a usage message instead of checking the working directory when a path is empty", async () => {
    const r = await routec(["check", ""]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("error[R0901]: cannot check an empty path");
  });

  it.each([
    [["compile", "policies/default.route", "-o", ""], "routec compile: `--output` needs a file name\n"],
    [["compile", "policies/default.route", "--types", ""], "routec compile: `--types` needs a file name\n"],
    [["export", "ccr", "policies/default.route", "-o", ""], "routec export ccr: `--output` needs a file name\n"],
    [["export", "ccr", "policies/default.route", "--kind", ""], "routec export ccr: `--kind` needs a task kind, e.g. `edit`\n"],
    [["hook", "claude-code", "-p", ""], "routec hook: `--policy` needs a file name, so the tool call is blocked\n"],
  ])("exits 2 naming the option when %j gives an empty value", async (args, message) => {
    const r = await routec(args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
  });
});

describe("routec check", () => {
  it("exits 2 at once when a .route path is a link to a device that never ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "routec-robust-"));
    symlinkSync("/dev/zero", join(dir, "zero.route"));
    const r = await routec(["check", "zero.route"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toBe("error[R0903]: cannot read `zero.route`: is not a regular file\n\n");
  });
});
