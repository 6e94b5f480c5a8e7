import { describe, expect, it } from "vitest";
import { globProblem } from "../../src/check/globs.js";
import { base, checkText } from "./helpers.js";

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

describe("glob diagnostics", () => {
  it("quotes the pattern in backticks, not in the source's double quotes, when a glob is invalid or fully excepted", () => {
    const denied = checkText(base.replace('"**/.env" except "**/.env.example"', '"**/*.{pem,key" "**/.env" except "**/.env"'));
    const matched = checkText(base.replace("label in [security] -> L3", 'any file "src/[a" -> L3'));
    const messages = [...denied.diagnostics, ...matched.diagnostics].map((d) => `${d.code} ${d.message}`);
    expect(messages).toContain("R0217 invalid glob `**/*.{pem,key`: unclosed `{`");
    expect(messages).toContain("R0219 `except` removes everything pattern `**/.env` denies");
    expect(messages.some((m) => m.startsWith("R0217 invalid glob `src/[a`: "))).toBe(true);
  });
});
