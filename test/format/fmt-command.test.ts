import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";

const formatted = 'policy "p" version 1\n\nroute L0 -> claude\n';
const messy = 'policy   "p"  version 1\nroute L0->claude';
const malformed = 'policy "p"\nroute L0 -> \n';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "routec-fmt-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function fmt(args: string[], stdin?: string) {
  const io = memoryIO({ cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
  const code = await run(["fmt", ...args], io, "0.0.0");
  return { code, out: io.out(), err: io.err() };
}

describe("routec fmt", () => {
  it("prints the formatted text when given one file", async () => {
    write("a.route", messy);
    expect(await fmt(["a.route"])).toEqual({ code: 0, out: formatted, err: "" });
    expect(readFileSync(join(dir, "a.route"), "utf8")).toBe(messy);
  });

  it("formats standard input when the path is -", async () => {
    expect(await fmt(["-"], messy)).toEqual({ code: 0, out: formatted, err: "" });
  });

  it("lists unformatted files and exits 1 when checking", async () => {
    write("a.route", messy);
    write("b.route", formatted);
    write("sub/c.route", messy);
    write("sub/notes.txt", "not a policy");
    write("node_modules/x/d.route", messy);
    const result = await fmt(["--check", "."]);
    expect(result.code).toBe(1);
    expect(result.out).toBe(`a.route\n${join("sub", "c.route")}\n`);
    expect(result.err).toContain("2 of 3 files not formatted");
    expect(readFileSync(join(dir, "a.route"), "utf8")).toBe(messy);
  });

  it("exits 0 and prints nothing when checking formatted files", async () => {
    write("b.route", formatted);
    expect(await fmt(["--check", "b.route"])).toEqual({ code: 0, out: "", err: "" });
  });

  it("rewrites only the files that change when writing", async () => {
    const a = write("a.route", messy);
    const b = write("b.route", formatted);
    const before = statSync(b).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await fmt(["--write", "a.route", "b.route"]);
    expect(result).toEqual({ code: 0, out: "a.route\n", err: "" });
    expect(readFileSync(a, "utf8")).toBe(formatted);
    expect(statSync(b).mtimeMs).toBe(before);
  });

  it("reports parse diagnostics and leaves the file untouched when it is malformed", async () => {
    const bad = write("bad.route", malformed);
    const good = write("good.route", messy);
    const result = await fmt(["--write", "bad.route", "good.route"]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("bad.route");
    expect(result.err).toContain("R0102");
    expect(readFileSync(bad, "utf8")).toBe(malformed);
    expect(readFileSync(good, "utf8")).toBe(formatted);
  });

  it("reports parse diagnostics and prints nothing when printing a malformed file", async () => {
    write("bad.route", malformed);
    const result = await fmt(["bad.route"]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toContain("R01");
  });

  it("exits 2 when --check and --write are combined", async () => {
    write("a.route", messy);
    const result = await fmt(["--check", "--write", "a.route"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("cannot be used with");
  });

  it("exits 2 when printing more than one file", async () => {
    write("a.route", messy);
    write("b.route", messy);
    const result = await fmt(["a.route", "b.route"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("--check");
  });

  it("exits 2 with R0901 when a path does not exist", async () => {
    const result = await fmt(["--check", "missing.route"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("error[R0901]: cannot format `missing.route`");
  });

  it("exits 2 with R0902 when a file is not a .route file", async () => {
    write("notes.txt", "hello");
    const result = await fmt(["--check", "notes.txt"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("R0902");
  });

  it("exits 2 with R0904 when a directory holds no .route file", async () => {
    write("empty/notes.txt", "hello");
    const result = await fmt(["--check", "empty"]);
    expect(result.code).toBe(2);
    expect(result.err).toContain("R0904");
  });

  it("exits 2 when asked to write standard input", async () => {
    const result = await fmt(["--write", "-"], messy);
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
  });
});
