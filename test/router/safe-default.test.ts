import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isLoopbackHost, urlHost, validateRouterConfig } from "../../src/router/config.js";

const text = readFileSync(new URL("../../examples/ccr/safe-default.json", import.meta.url), "utf8");
const policy = readFileSync(new URL("../../policies/default.route", import.meta.url), "utf8");

describe("examples/ccr/safe-default.json", () => {
  const result = validateRouterConfig(text, "safe-default.json", { env: { ANTHROPIC_API_KEY: "k", HOME: "/h" }, exists: () => true });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const config = result.value;

  it("validates without diagnostics when its variable and router module exist", () => {
    expect(result.diagnostics).toEqual([]);
  });

  it("binds to loopback and reads the Anthropic key from the environment", () => {
    expect(isLoopbackHost(config.HOST ?? "")).toBe(true);
    expect(config.APIKEY).toBeUndefined();
    expect(config.Providers.find((p) => p.name === "anthropic")?.api_key).toBe("$ANTHROPIC_API_KEY");
  });

  it("lists exactly the default policy's ollama models when compared with policies/default.route", () => {
    const policyModels = [...policy.matchAll(/^model "([^"]+)" on ollama/gm)].map((m) => m[1]).sort();
    const ollama = config.Providers.find((p) => p.name === "ollama");
    expect(urlHost(ollama?.api_base_url ?? "")).toBe("127.0.0.1");
    expect(ollama?.api_base_url).toContain(":11434/v1");
    expect([...(ollama?.models ?? [])].sort()).toEqual(policyModels);
  });

  it("routes default work locally and escalates think and long context to claude", () => {
    expect(config.Router.default.startsWith("ollama,")).toBe(true);
    expect(config.Router.think).toBe("anthropic,claude-sonnet-4-5");
    expect(config.Router.longContext).toBe("anthropic,claude-sonnet-4-5");
    expect(policy).toContain('remote claude { model "claude-sonnet-4-5" }');
    expect(config.CUSTOM_ROUTER_PATH).toBe("$HOME/.claude-code-router/routec-router.js");
  });
});
