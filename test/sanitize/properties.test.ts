import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLineRedactor, sanitize } from "../../src/sanitize/index.js";
import { anySecret, placement, randomText, safeText } from "./secret-arbitraries.js";

/** Windows of `core` long enough that finding one in the output means the secret leaked. */
function windows(core: string, width = 16): string[] {
  if (core.length <= width) return [core];
  return Array.from({ length: core.length - width + 1 }, (_, i) => core.slice(i, i + width));
}

function redactLines(text: string): string {
  const redactor = createLineRedactor();
  const out = text.split("\n").flatMap((line) => redactor.push(line));
  return [...out, ...redactor.end()].join("\n");
}

describe("sanitize properties", () => {
  it("never lets a secret survive when injected anywhere in random text", () => {
    fc.assert(
      fc.property(randomText, randomText, anySecret, placement, (before, after, generated, place) => {
        const text = before + place(generated.text) + after;
        const out = sanitize(text);
        for (const core of generated.cores) {
          for (const piece of windows(core)) {
            // A piece the surrounding random text already contains is not a leak of this secret.
            if (!(before + after).includes(piece)) expect(out, `${generated.kind} leaked`).not.toContain(piece);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never lets a secret survive when several are on adjacent lines", () => {
    fc.assert(
      fc.property(fc.array(anySecret, { minLength: 2, maxLength: 5 }), (secrets) => {
        const out = sanitize(secrets.map((s) => s.text).join("\n"));
        for (const s of secrets) for (const core of s.cores) expect(out).not.toContain(core);
      }),
    );
  });

  it("never lets a denied path survive when given it as an option", () => {
    const path = fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join("/")}/.env`);
    fc.assert(
      fc.property(randomText, path, randomText, (before, denied, after) => {
        const out = sanitize(`${before}${denied}${after}`, { deniedPaths: [denied] });
        if (!(before + after).includes(denied)) expect(out).not.toContain(denied);
        expect(sanitize(out, { deniedPaths: [denied] })).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it("is idempotent on text with and without secrets", () => {
    fc.assert(
      fc.property(randomText, anySecret, placement, randomText, (before, generated, place, after) => {
        const once = sanitize(before + place(generated.text) + after);
        expect(sanitize(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves text from the safe alphabet unchanged", () => {
    fc.assert(fc.property(safeText, (text) => {
      expect(sanitize(text)).toBe(text);
    }), { numRuns: 1000 });
  });

  it("gives the same output line by line as on the whole text", () => {
    const line = fc.oneof(randomText, anySecret.map((s) => s.text));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (parts) => {
        const text = parts.join("\n");
        expect(redactLines(text)).toBe(sanitize(text));
      }),
      { numRuns: 1000 },
    );
  });
});
