import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fsHost } from "../../src/cli/fs-host.js";
import { loadProgram, maxIncludeDepth, memoryHost } from "../../src/syntax/index.js";

describe("loadProgram", () => {
  it("reports R0114 at the include one level too deep, without exhausting the stack, when includes chain 5,000 files", () => {
    const files: Record<string, string> = { "main.route": 'policy "p"\ninclude "f1.route"\n' };
    for (let i = 1; i < 5_000; i++) files[`f${i}.route`] = `include "f${i + 1}.route"\n`;
    files["f5000.route"] = "";
    const result = loadProgram("main.route", memoryHost(files));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([["R0114", "f99.route"]]);
  });

  it("loads a chain of includes just within the limit", () => {
    const files: Record<string, string> = { "main.route": 'policy "p"\ninclude "f1.route"\n' };
    for (let i = 1; i < maxIncludeDepth - 1; i++) files[`f${i}.route`] = `include "f${i + 1}.route"\n`;
    files[`f${maxIncludeDepth - 1}.route`] = "";
    expect(loadProgram("main.route", memoryHost(files)).diagnostics).toEqual([]);
  });

  it("lists the root then each include depth first in include order when files include others", () => {
    const host = memoryHost({
      "p/root.route": 'policy "p"\ninclude "a.route"\ninclude "sub/b.route"',
      "p/a.route": 'include "sub/c.route"\nroute A -> claude',
      "p/sub/b.route": 'include "../a.route"\ninclude "c.route"',
      "p/sub/c.route": "route C -> claude",
    });
    const result = loadProgram("p/root.route", host);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.value.files.map((f) => f.file)).toEqual(["p/root.route", "p/a.route", "p/sub/c.route", "p/sub/b.route"]);
    expect(result.value.root.file).toBe("p/root.route");
    expect(Object.keys(result.value.sources).sort()).toEqual(["p/a.route", "p/root.route", "p/sub/b.route", "p/sub/c.route"]);
  });

  it("loads a diamond include once when two files include the same file", () => {
    const host = memoryHost({
      "r.route": 'policy "p"\ninclude "a.route"\ninclude "b.route"',
      "a.route": 'include "shared.route"',
      "b.route": 'include "shared.route"',
      "shared.route": "remote claude { }",
    });
    const result = loadProgram("r.route", host);
    expect(result.ok && result.value.files.map((f) => f.file)).toEqual(["r.route", "a.route", "shared.route", "b.route"]);
  });

  it("reports a self include as a cycle when a file includes itself", () => {
    const result = loadProgram("r.route", memoryHost({ "r.route": 'policy "p"\ninclude "r.route"' }));
    expect(result.diagnostics.map((d) => d.message)).toEqual(["include cycle: `r.route -> r.route`"]);
  });

  it("reports parse errors of every included file when several are broken", () => {
    const host = memoryHost({
      "r.route": 'policy "p"\ninclude "a.route"\ninclude "b.route"\nroute X -> claude',
      "a.route": "route A claude",
      "b.route": "route B -> ",
    });
    const result = loadProgram("r.route", host);
    expect(result.diagnostics.map((d) => [d.span?.file, d.code])).toEqual([
      ["a.route", "R0102"],
      ["b.route", "R0102"],
    ]);
  });

  it("reports an unreadable root without a span when the entry does not exist", () => {
    const result = loadProgram("nope.route", memoryHost({}));
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "R0109", span: null, message: "cannot read policy file `nope.route`" })]);
  });
});

describe("fsHost", () => {
  it("loads includes relative to the including file and names the cycle when files on disk include each other", () => {
    const result = loadProgram("test/fixtures/syntax/err/include-cycle.route", fsHost());
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "R0108",
        "include cycle: `test/fixtures/syntax/err/include/cycle-a.route -> test/fixtures/syntax/err/include/cycle-b.route -> test/fixtures/syntax/err/include/cycle-a.route`",
      ],
    ]);
  });

  it("resolves a relative include against the including file and keeps an absolute one when resolving", () => {
    expect(fsHost().resolve("a/b/c.route", "../d.route")).toBe(join("a", "d.route"));
    expect(fsHost().resolve("a/b/c.route", resolve("/x/../y.route"))).toBe(resolve("/y.route"));
  });

  it("returns null for a missing file or a directory when reading", () => {
    expect(fsHost().readFile("test/fixtures/syntax/nope.route")).toBeNull();
    expect(fsHost().readFile("test/fixtures/syntax")).toBeNull();
  });
});

describe("memoryHost", () => {
  it("resolves includes against the including file's directory when paths are relative", () => {
    const host = memoryHost({});
    expect(host.resolve("a/b/c.route", "d.route")).toBe("a/b/d.route");
    expect(host.resolve("a/b/c.route", "../d.route")).toBe("a/d.route");
    expect(host.resolve("a/b/c.route", "./x//y/../d.route")).toBe("a/b/x/d.route");
    expect(host.resolve("c.route", "../d.route")).toBe("../d.route");
    expect(host.resolve("a/c.route", "/etc/../x.route")).toBe("/x.route");
  });

  it("returns null when a file is missing or is an inherited property name", () => {
    const host = memoryHost({ "a.route": "x" });
    expect(host.readFile("a.route")).toBe("x");
    expect(host.readFile("b.route")).toBeNull();
    expect(host.readFile("toString")).toBeNull();
  });
});
