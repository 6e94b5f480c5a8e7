import { describe, expect, it } from "vitest";
import { OTHER, below, intersect, rootRegion, split } from "../../src/verify/region.js";

describe("verify regions", () => {
  const root = rootRegion(["edit"], []);

  it("keeps integer bounds closed when an integer feature is split at a fraction", () => {
    const [low, high] = split(root, { dim: "num", feature: "files", value: 2.5, inclusive: false });
    expect(low?.num.files).toEqual({ lo: 0, loOpen: false, hi: 2, hiOpen: false });
    expect(high?.num.files).toEqual({ lo: 3, loOpen: false, hi: Infinity, hiOpen: false });
  });

  it("keeps the open side when a real feature is split", () => {
    const [low, high] = split(root, { dim: "num", feature: "free_pct", value: 10, inclusive: false });
    expect(low?.num.free_pct).toEqual({ lo: 0, loOpen: false, hi: 10, hiOpen: true });
    expect(high?.num.free_pct).toEqual({ lo: 10, loOpen: false, hi: 100, hiOpen: false });
    expect(high && below(high.num.free_pct, 10, false)).toBe(false);
  });

  it("splits an enumerated feature into the named values and the rest when tested for membership", () => {
    const [inside, outside] = split(root, { dim: "enum", feature: "kind", values: ["edit"] });
    expect(inside?.kind).toEqual(["edit"]);
    expect(outside?.kind).toEqual([OTHER]);
  });

  it("returns the narrower region itself when the other contains it, and narrows every feature otherwise", () => {
    const [few] = split(root, { dim: "num", feature: "files", value: 3, inclusive: false });
    const [labelled] = split(root, { dim: "bool", key: "label:x" });
    const [mid] = split(root, { dim: "num", feature: "free_pct", value: 50, inclusive: true });
    if (!few || !labelled || !mid) throw new Error("split lost a part");
    expect(intersect(few, root)).toBe(few);
    const both = intersect(few, labelled);
    expect(both?.num.files).toEqual({ lo: 0, loOpen: false, hi: 2, hiOpen: false });
    expect(both?.bools["label:x"]).toBe(true);
    expect(few.bools["label:x"] ?? null).toBeNull();
    const [, high] = split(root, { dim: "num", feature: "free_pct", value: 50, inclusive: true });
    expect(high && intersect(mid, high)).toBeNull();
    const [open] = split(root, { dim: "num", feature: "free_pct", value: 50, inclusive: false });
    expect(open && intersect(mid, open)?.num.free_pct).toEqual({ lo: 0, loOpen: false, hi: 50, hiOpen: true });
    expect(open && intersect(open, mid)).toBe(open);
  });

  it("implies some file matches when every file matches, and rules out the contradiction", () => {
    const [every] = split(root, { dim: "bool", key: "all:docs/**" });
    expect(every?.bools["any:docs/**"]).toBe(true);
    const [, none] = split(root, { dim: "bool", key: "any:docs/**" });
    expect(none?.bools["all:docs/**"]).toBe(false);
    const [contradiction] = none ? split(none, { dim: "bool", key: "all:docs/**" }) : [null];
    expect(contradiction).toBeNull();
  });
});
