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

/** Whether `candidate` is the file `include` (written in `from`) names. */
function isIncluded(from: SourceFile, include: Include, candidate: SourceFile): boolean {
  const written = include.path.value;
  const dir = from.file.replaceAll("\\", "/").replace(/[^/]*$/, "");
  const target = candidate.file.replaceAll("\\", "/");
  if (normalize(written.startsWith("/") ? written : dir + written) === normalize(target)) return true;
  // A host may resolve to absolute paths: compare the part of the path the include spells out.
  const tail = normalize(written).split("/").filter((s) => s !== "..");
  const have = normalize(target).split("/");
  return tail.length > 0 && tail.every((s, i) => have[have.length - tail.length + i] === s);
}

/** The policy's items in splice order, with its header, files and sources. */
export function flattenProgram(program: Program): PolicyInput {
  const pending = program.files.filter((f) => f !== program.root);
  const items: Item[] = [];
  const visit = (file: SourceFile): void => {
    for (const item of file.items) {
      items.push(item);
      if (item.kind !== "Include") continue;
      const next = pending[0];
      if (next !== undefined && isIncluded(file, item, next)) {
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
