/**
 * Well-formed policy source text from templates: random models and classes, VRAM levels, classification rules,
 * escalate triggers, routes (with and without fallbacks) and asserts. Every generated policy checks; whether it
 * verifies is up to the verifier, which is the point.
 */
import fc from "fast-check";

const kinds = ["edit", "docs", "test", "auth"];
const labels = ["security", "ui"];
const classNames = ["L0", "L1", "L2"];

const kindCond = fc.oneof(
  fc.constantFrom(...kinds).map((k) => `kind == ${k}`),
  fc.subarray(kinds, { minLength: 1, maxLength: 2 }).map((ks) => `kind in [${ks.join(", ")}]`),
);
const atom = fc.oneof(
  kindCond,
  fc.constantFrom(...labels).map((l) => `label "${l}"`),
  fc.integer({ min: 0, max: 4 }).map((n) => `files <= ${n}`),
  fc.constantFrom(4, 16, 48, 100).map((k) => `context > ${k}k`),
  fc.constant('any file "docs/**"'),
  fc.constant('all files "**/*.md"'),
  fc.constant("schema_mismatch"),
  fc.integer({ min: 1, max: 3 }).map((n) => `tool_failures >= ${n}`),
);
const cond = fc.oneof(
  { weight: 3, arbitrary: atom },
  { weight: 1, arbitrary: fc.tuple(atom, atom).map(([a, b]) => `${a} and ${b}`) },
  { weight: 1, arbitrary: fc.tuple(atom, atom).map(([a, b]) => `${a} or ${b}`) },
  { weight: 1, arbitrary: atom.map((a) => `not (${a})`) },
);
const escalateCond = fc.oneof(
  { weight: 3, arbitrary: cond },
  // `low_vram_mode` as a condition is left out while the runtime reads it as true with no GPUs reported
  // (test/verify/translation.test.ts pins that divergence from docs/semantics.md).
  { weight: 1, arbitrary: fc.constantFrom("denied path", "vram critical", "vram low", "not vram low") },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...classNames), atom).map(([c, a]) => `class == ${c} and ${a}`) },
);
const target = fc.oneof(
  fc.constant("claude"),
  fc.constant('"small"'),
  fc.constant('"small", "big" else claude'),
  fc.constant('"big" else claude'),
  fc.constant('synthesize draft "big" review claude else claude'),
  fc.constant('synthesize draft "small", "big" review claude'),
);
const assertion = fc.constantFrom(
  'assert "secrets stay remote": denied path => target is remote',
  'assert "failures go remote": tool_failures >= 2 => target is remote',
  'assert "long context goes remote": context > 48k => target is remote',
  'assert "docs stay local": kind == docs => target is local',
  'assert "auth is L2": kind == auth => class == L2',
  'assert "pressure goes remote": vram critical => target is remote',
  'assert "never synthesis": not mode == synthesis',
);

/** Source text of a random well-formed policy. */
export const policySource: fc.Arbitrary<string> = fc
  .record({
    smallContext: fc.constantFrom("4k", "8k", "32k"),
    smallTools: fc.boolean(),
    bigVram: fc.constantFrom("6GiB", "12GiB", "20GiB"),
    classes: fc.tuple(
      ...classNames.map(() =>
        fc.record({ maxContext: fc.constantFrom("", "max_context 8k", "max_context 32k"), tools: fc.boolean(), local: fc.integer({ min: 0, max: 5 }) }),
      ),
    ),
    unknownAs: fc.constantFrom("ok", "low", "critical"),
    lowVramMode: fc.boolean(),
    classify: fc.array(fc.tuple(cond, fc.constantFrom(...classNames)), { minLength: 1, maxLength: 5 }),
    otherwise: fc.boolean(),
    escalate: fc.array(fc.tuple(escalateCond, fc.constantFrom("claude", '"small" else claude')), { maxLength: 3 }),
    routes: fc.tuple(target, target, target),
    asserts: fc.subarray(["a0", "a1"]).chain((slots) => fc.array(assertion, { minLength: slots.length, maxLength: slots.length })),
  })
  .map((p) => {
    const classes = classNames.map((name, i) => {
      const c = p.classes[i] as { maxContext: string; tools: boolean; local: number };
      // The checker rejects `local never` on a class whose route names a local model, so only remote routes get it.
      const localNever = c.local === 0 && p.routes[i] === "claude";
      const props = [c.maxContext, c.tools ? "tools required" : "", localNever ? "local never" : ""].filter((x) => x !== "");
      return `class ${name} "class ${name}" { ${props.join(" ")} }`;
    });
    const asserts = [...new Set(p.asserts)];
    return `policy "generated"

runtime ollama { endpoint "http://127.0.0.1:11434" }
runtime vllm { endpoint "http://127.0.0.1:8000" }
model "small" on ollama { context ${p.smallContext} tools ${p.smallTools ? "yes" : "no"} vram 2GiB cost 0 }
model "big" on vllm { context 128k tools yes vram ${p.bigVram} cost 0 }
remote claude { model "claude-sonnet-4-5" }

${classes.join("\n")}

deny secrets "secrets" { "~/.ssh/**" "**/.env" "**/id_rsa*" except "**/*.pub" }

vram {
  critical when free < 10% or free < 1GiB
  low when free < 30% or fragmentation > 50%
  unknown as ${p.unknownAs}
${p.lowVramMode ? "  low_vram_mode as low\n" : ""}}

classify {
${p.classify.map(([c, cls]) => `  ${c} -> ${cls}`).join("\n")}
${p.otherwise ? "  otherwise -> L1\n" : ""}}

escalate {
${p.escalate.map(([c, t], i) => `  ${c} -> ${t} "trigger ${i}"`).join("\n")}
}

${classNames.map((c, i) => `route ${c} -> ${p.routes[i] as string}`).join("\n")}

on error -> claude

${asserts.join("\n")}
`;
  });
