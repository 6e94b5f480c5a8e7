import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the compile stage. */
export const compileCodes: readonly CodeInfo[] = [
  {
    code: "R0401",
    slug: "empty-glob",
    severity: "error",
    summary: "a glob is empty",
    explanation:
      "An empty glob matches nothing, so a deny set that contains one protects nothing it seems to.\n\n" +
      "```route\ndeny secrets { \"\" }\n```\n\nWrite the pattern you meant, e.g. `\"**/.env\"`.",
  },
  {
    code: "R0402",
    slug: "unbalanced-brace",
    severity: "error",
    summary: "a glob has a `{` without its `}` or a `}` without its `{`",
    explanation:
      "Braces in globs list alternatives: `\"*.{pem,key}\"` is `\"*.pem\"` or `\"*.key\"`. Every `{` needs its `}`.\n\n" +
      "```route\ndeny keys { \"*.{pem,key\" }\n```\n\nClose the brace, or write a literal brace as a class: `\"[{]\"`.",
  },
  {
    code: "R0403",
    slug: "bad-character-class",
    severity: "error",
    summary: "a glob's character class is unterminated, empty, reversed or contains `/`",
    explanation:
      "A class `[abc]`, `[a-z]` or `[!a]` matches one character of a path segment. It must end with `]`, name at least " +
      "one character, have ranges in order (`a-z`, not `z-a`) and never contain `/`, which separates segments.\n\n" +
      "```route\ndeny logs { \"*.log[0-9\" }\n```\n\nClose the class: `\"*.log[0-9]\"`.",
  },
  {
    code: "R0404",
    slug: "too-many-brace-expansions",
    severity: "error",
    summary: "a glob's braces expand to more than 64 patterns",
    explanation:
      "Braces are expanded when the policy is compiled, and each expansion becomes a lookup in the table. More than 64 " +
      "expansions from one glob is almost always a mistake (nested braces multiply).\n\n" +
      "```route\ndeny many { \"{a,b,c,d}{a,b,c,d}{a,b,c,d}{a,b}\" }\n```\n\nSplit the glob into several patterns, or use a class (`[abcd]`).",
  },
  {
    code: "R0405",
    slug: "glob-too-complex",
    severity: "error",
    summary: "a glob has too many wildcards to match in bounded time",
    explanation:
      "Globs that the table cannot answer with a lookup become regular expressions, and every runtime (JavaScript, Python) " +
      "matches them by backtracking. Many `*` in one segment, or many `**` segments in one glob, make that backtracking " +
      "explode on long paths, so routec allows at most 4 `*` per segment and 4 `**` segments per glob (counting the " +
      "implicit `**/` of an unanchored glob).\n\n```route\ndeny odd { \"*a*b*c*d*e*\" }\n```\n\nSplit the glob, or make it more specific.",
  },
  {
    code: "R0406",
    slug: "parent-segment-in-glob",
    severity: "error",
    summary: "a glob contains a `..` segment",
    explanation:
      "Paths are normalized before matching, so no path view ever contains `..`: a glob with a `..` segment can never " +
      "match and would silently deny nothing.\n\n```route\ndeny up { \"../secrets/**\" }\n```\n\n" +
      "Write the directory the pattern means, e.g. `\"**/secrets/**\"`.",
  },
];
