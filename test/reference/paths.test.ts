import { describe, expect, it } from "vitest";
import { globToRegExp, normalizePath, pathViews, validateInput } from "../../src/reference/index.js";

describe("reference paths", () => {
  it("joins a relative path to the cwd and resolves dot segments when a cwd is given", () => {
    expect(normalizePath("./a/../b//c", "/work/p", null, false)).toBe("/work/p/b/c");
  });

  it("never pops above the root when a path has too many `..`", () => {
    expect(normalizePath("/../../etc/shadow", null, null, false)).toBe("/etc/shadow");
  });

  it("expands home spellings to the input's home when one is given", () => {
    for (const spelling of ["~/.ssh/id_rsa", "$HOME/.ssh/id_rsa", "${HOME}/.ssh/id_rsa", "%USERPROFILE%\\.ssh\\id_rsa"]) {
      expect(normalizePath(spelling, null, "/home/ann", false)).toBe("/home/ann/.ssh/id_rsa");
    }
  });

  it("lowercases the drive, turns backslashes into slashes and drops stream suffixes and trailing dots when the path is Windows", () => {
    expect(normalizePath("C:\\Users\\Ann\\secret.txt::$DATA", null, null, false)).toBe("c:/Users/Ann/secret.txt");
    expect(normalizePath("C:\\Users\\Ann\\.env. ", null, null, false)).toBe("c:/Users/Ann/.env");
  });

  it("adds the home-relative view for every conventional home when the path is under one", () => {
    expect(pathViews("/Users/ann/.aws/credentials", null, null, true)).toEqual(["/users/ann/.aws/credentials", "~/.aws/credentials"]);
    expect(pathViews("/root/.netrc", null, null, false)).toEqual(["/root/.netrc", "~/.netrc"]);
  });
});

describe("reference globs", () => {
  it("matches at any depth when the pattern has no root", () => {
    expect(globToRegExp(".env", true).test("/a/b/.env")).toBe(true);
    expect(globToRegExp(".env", true).test("/a/b/x.env")).toBe(false);
  });

  it("matches the directory itself and everything under it when the pattern ends in `/**`", () => {
    const re = globToRegExp("~/.ssh/**", false);
    expect(["~/.ssh", "~/.ssh/id_rsa", "~/.ssh/a/b"].map((p) => re.test(p))).toEqual([true, true, true]);
    expect(re.test("~/.sshx")).toBe(false);
  });

  it("expands braces before finding the root when an alternative is rooted", () => {
    const re = globToRegExp("{~/.mozilla/firefox,/opt/ff}/**/key4.db", false);
    expect(re.test("~/.mozilla/firefox/p.default/key4.db")).toBe(true);
    expect(re.test("/opt/ff/key4.db")).toBe(true);
    expect(re.test("/srv/.mozilla/firefox/key4.db")).toBe(false);
  });
});

describe("reference input validation", () => {
  const valid = { task: { kind: "edit", labels: [] }, files: [], context_tokens: 1, tool_failures: 0, schema_mismatch: false, vram: null };

  it("accepts a minimal input when every required field is present", () => {
    expect(validateInput(valid).ok).toBe(true);
  });

  it("rejects the input when a field is unknown, a count is fractional, a path has a NUL or free exceeds total", () => {
    const bad = [
      { ...valid, toolFailures: 1 },
      { ...valid, tool_failures: 1.5 },
      { ...valid, files: ["a\u0000b"] },
      { ...valid, vram: { gpus: [{ index: 0, total_mib: 10, free_mib: 11 }] } },
      { ...valid, vram: undefined },
    ];
    expect(bad.map((input) => validateInput(input).ok)).toEqual([false, false, false, false, false]);
  });
});
