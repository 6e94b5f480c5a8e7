/**
 * Structural checks of glob patterns (docs/semantics.md, Paths and deny sets). The compiler parses globs fully;
 * the checker rejects what has no meaning at all, so those errors come with the policy's other mistakes.
 */

/** Why a glob is malformed, or null when it is well-formed. */
export function globProblem(glob: string): string | null {
  if (glob.length === 0) return "an empty pattern matches nothing";
  if (glob.includes("\u0000")) return "a pattern cannot contain a NUL character";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "[") {
      const end = classEnd(glob, i);
      if (end === -1) return "unclosed `[`";
      i = end;
    } else if (c === "{") {
      braces++;
    } else if (c === "}") {
      if (braces === 0) return "`}` without `{`";
      braces--;
    }
  }
  return braces > 0 ? "unclosed `{`" : null;
}

/** Index of the `]` closing the class at `start`; a `]` right after `[` or `[!` is a literal member. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === "!" || glob[i] === "^") i++;
  if (glob[i] === "]") i++;
  const end = glob.indexOf("]", i);
  return end;
}
