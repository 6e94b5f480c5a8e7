/**
 * Splices included files into the root at the point of each `include` (docs/semantics.md, Files and items).
 * `Program.files` lists files in the loader's depth-first order of first visits, so walking the items in the same
 * order and consuming the next file at each `include` that loaded one rebuilds the splice without a file system.
 */
import type { Include, Item, SourceFile } from "../syntax/ast.js";
import type { Program } from "../syntax/index.js";
import type { PolicyInput } from "./context.js";

function normalize(path: string): string {
  const out: string[] = [];
  for (const segment of path.replaceAll("\\", "/").split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(segment);
  }
  return (path.startsWith("/") ? "/" : "") + out.join("/");
}

/** The path an include names, joined to the including file's directory the way `memoryHost` and `fsHost` do. */
function joined(from: SourceFile, include: Include): string {
  const written = include.path.value;
  const dir = from.file.replaceAll("\\", "/").replace(/[^/]*$/, "");
  return normalize(written.startsWith("/") ? written : dir + written);
}

/** Whether `candidate`'s path ends with the segments the include spells out (a host that resolves differently). */
function endsLike(include: Include, candidate: SourceFile): boolean {
  const tail = normalize(include.path.value).split("/").filter((s) => s !== "..");
  const have = normalize(candidate.file).split("/");
  return tail.length > 0 && tail.every((s, i) => have[have.length - tail.length + i] === s);
}

/** The policy's items in splice order, with its header, files and sources. */
export function flattenProgram(program: Program): PolicyInput {
  const pending = program.files.filter((f) => f !== program.root);
  const visited = new Set<string>();
  const items: Item[] = [];
  const visit = (file: SourceFile): void => {
    visited.add(normalize(file.file));
    for (const item of file.items) {
      items.push(item);
      if (item.kind !== "Include") continue;
      const next = pending[0];
      if (next === undefined) continue;
      const target = joined(file, item);
      // An include of a file already spliced (a diamond) loaded nothing: its items are not repeated.
      const loadsNext = normalize(next.file) === target || (!visited.has(target) && endsLike(item, next));
      if (loadsNext) {
        pending.shift();
        visit(next);
      }
    }
  };
  visit(program.root);
  return {
    header: program.root.header,
    rootSpan: program.root.span,
    items,
    files: program.files.map((f) => f.file),
    sources: program.sources,
  };
}
