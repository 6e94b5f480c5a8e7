import { describe, expect, it } from "vitest";
import { globProblem } from "../../src/check/globs.js";

describe("globProblem", () => {
  it.each([
    ["", "an empty pattern matches nothing"],
    ["**/*.[ch", "unclosed `[`"],
    ["**/*.{pem,key", "unclosed `{`"],
    ["**/a}", "`}` without `{`"],
    ["a\u0000b", "a pattern cannot contain a NUL character"],
  ])("reports %j as malformed", (glob, problem) => {
    expect(globProblem(glob)).toBe(problem);
  });

  it.each(["**/.env", "~/.ssh/**", "**/*.{pem,key}", "**/{a,{b,c}}", "[]]x", "[!]]x", "**/id_rsa*", "a[{]b", "C:/Users/*/secret"])("accepts %j", (glob) => {
    expect(globProblem(glob)).toBeNull();
  });
});
