/**
 * Source-file paths as they appear in tables: relative to the root policy file's directory, with forward
 * slashes, so a table compiled on Windows and one compiled on Linux are byte-identical.
 */

function segmentsOf(path: string): { root: string; segments: string[] } {
  const slashed = path.replace(/\\/g, "/");
  const root = /^[A-Za-z]:\//.test(slashed) ? slashed.slice(0, 3).toLowerCase() : slashed.startsWith("/") ? "/" : "";
  const segments: string[] = [];
  for (const piece of slashed.slice(root.length).split("/")) {
    if (piece === "" || piece === ".") continue;
    if (piece === ".." && segments.length > 0 && segments[segments.length - 1] !== "..") segments.pop();
    else segments.push(piece);
  }
  return { root, segments };
}

/** The directory part of a path (forward slashes), `""` for a bare file name. */
export function directoryOf(path: string): string {
  const { root, segments } = segmentsOf(path);
  return root + segments.slice(0, -1).join("/");
}

/** `file` relative to the directory `dir`, with forward slashes; `file` normalized when they share no root. */
export function relativePath(dir: string, file: string): string {
  const from = segmentsOf(dir);
  const to = segmentsOf(file);
  if (from.root !== to.root) return to.root + to.segments.join("/");
  let common = 0;
  while (common < from.segments.length && common < to.segments.length && from.segments[common] === to.segments[common]) common++;
  return [...from.segments.slice(common).map(() => ".."), ...to.segments.slice(common)].join("/");
}
