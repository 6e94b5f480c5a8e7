import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const documents = ["README.md", ...readdirSync(`${root}docs`).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), "examples/ci/README.md", "examples/python/README.md", "bench/README.md"];

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) out.add((heading[1] ?? "").trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").replace(/\s/g, "-"));
  }
  return out;
}

describe("documentation links", () => {
  it.each(documents)("every relative link in %s points at an existing file and heading", (doc) => {
    const text = readFileSync(join(root, doc), "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? "";
      if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue;
      const [file = "", anchor] = target.split("#");
      const path = join(root, dirname(doc), file);
      if (!existsSync(path)) broken.push(target);
      else if (anchor !== undefined && file.endsWith(".md") && !anchors(readFileSync(path, "utf8")).has(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});

describe("docs/roadmap.md", () => {
  // The roadmap calls its backlog "30 items"; its sections list 34 (section E has four).
  it("maps every backlog item of the roadmap's sections A–G", () => {
    const text = readFileSync(join(root, "docs/roadmap.md"), "utf8");
    const ids = [...text.matchAll(/^\| ([A-G][1-5]) \|/gm)].map((m) => m[1]);
    const sizes: Record<string, number> = { A: 5, B: 5, C: 5, D: 5, E: 4, F: 5, G: 5 };
    const expected = Object.entries(sizes).flatMap(([section, size]) => Array.from({ length: size }, (_, i) => `${section}${i + 1}`));
    expect(ids).toEqual(expected);
  });
});
