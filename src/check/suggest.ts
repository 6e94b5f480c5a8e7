/**
 * "Did you mean" suggestions: the closest known name by optimal-string-alignment (Damerau) distance, or a name
 * the misspelling is a prefix of. Ties go to the earlier candidate in sorted order, so output is deterministic.
 */

/** Edit distance counting insertions, deletions, substitutions and adjacent transpositions (each 1). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** How far a name may be from the typo: 2 edits, but fewer for very short names so `L1` does not suggest `ok`. */
function maxDistance(name: string): number {
  return name.length <= 2 ? 1 : 2;
}

/**
 * The known name closest to `name` (case-insensitive distance ≤ 2, or either is a prefix of the other), or
 * undefined when nothing is close.
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const candidate of [...new Set(known)].sort()) {
    if (candidate === name) continue;
    const other = candidate.toLowerCase();
    // Lengths further apart than the limit are further apart in edits too; skipping them keeps a 64 KB typo cheap.
    const distance = Math.abs(lower.length - other.length) > maxDistance(name) ? Number.POSITIVE_INFINITY : editDistance(lower, other);
    const prefix = lower.length >= 2 && (other.startsWith(lower) || lower.startsWith(other));
    if (distance > maxDistance(name) && !prefix) continue;
    // A prefix match ranks after any edit within the limit: `qwen2.5:7b` → `qwen2.5:7b-instruct` needs 9 edits.
    const score = distance <= maxDistance(name) ? distance : 3 + Math.abs(lower.length - other.length) / 1000;
    if (best === undefined || score < best.score) best = { name: candidate, score };
  }
  return best?.name;
}
