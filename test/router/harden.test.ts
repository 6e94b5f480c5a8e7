import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeRouterConfig } from "../../src/router/config.js";
import { hardenRouterConfig } from "../../src/router/harden.js";

const host = { env: {}, exists: () => true };

describe("hardenRouterConfig", () => {
  it("binds HOST to loopback and keeps comments and layout when there is no APIKEY", () => {
    const text = `{
  // reachable from the LAN
  HOST: '0.0.0.0',   /* keep me */
  Providers: [],
  Router: { default: 'a,b' },
}`;
    const result = hardenRouterConfig(text, "config.json", host);
    expect(result.ok && result.value.text).toBe(text.replace("'0.0.0.0'", '"127.0.0.1"'));
    expect(result.ok && result.value.changes.map((c) => c.pointer)).toEqual(["/HOST"]);
  });

  it("moves plaintext keys to distinct variables when two providers map to one name", () => {
    const text = JSON.stringify({
      APIKEY: "router-secret",
      HOST: "0.0.0.0",
      Providers: [
        { name: "open-ai", api_base_url: "https://a.example/v1", api_key: "k1", models: ["m"] },
        { name: "open_ai", api_base_url: "https://b.example/v1", api_key: "k2", models: ["m"] },
        { name: "local", api_base_url: "http://127.0.0.1:11434/v1", api_key: "ollama", models: ["m"] },
      ],
      Router: { default: "local,m" },
    });
    const result = hardenRouterConfig(text, "config.json", host);
    if (!result.ok) throw new Error("harden failed");
    expect(result.value.envVars).toEqual([
      { name: "CCR_APIKEY", holds: "APIKEY" },
      { name: "OPEN_AI_API_KEY", holds: "open-ai" },
      { name: "OPEN_AI_API_KEY_2", holds: "open_ai" },
    ]);
    const out = JSON.parse(result.value.text) as { HOST: string; APIKEY: string; Providers: { api_key: string }[] };
    // APIKEY was set, so HOST stays as the user chose it.
    expect(out.HOST).toBe("0.0.0.0");
    expect(out.APIKEY).toBe("$CCR_APIKEY");
    expect(out.Providers.map((p) => p.api_key)).toEqual(["$OPEN_AI_API_KEY", "$OPEN_AI_API_KEY_2", "ollama"]);
    expect(JSON.stringify(result.value.changes)).not.toMatch(/router-secret|"k1"|"k2"/);
  });

  it("changes nothing when the config is already safe", () => {
    const text = '{ "HOST": "127.0.0.1", "Providers": [], "Router": { "default": "a,b" } }';
    const result = hardenRouterConfig(text, "config.json", host);
    expect(result.ok && result.value.text).toBe(text);
    expect(result.ok && result.value.changes).toEqual([]);
  });

  it("fails with the syntax error when the config does not parse", () => {
    const result = hardenRouterConfig("{ HOST: ", "config.json", host);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(["R0701"]);
  });

  it("leaves nothing for R0709 or R0710 to report once its variables are set", () => {
    const hostName = fc.constantFrom("0.0.0.0", "127.0.0.1", "192.168.0.2", "::", "localhost");
    const key = fc.constantFrom("", "sk-123", "$SOME_KEY", "plain-secret");
    const provider = fc.record({ name: fc.constantFrom("a", "b-c", "d"), url: fc.constantFrom("https://x.example/v1", "http://127.0.0.1:1/v1"), key });
    fc.assert(
      fc.property(hostName, fc.option(key, { nil: undefined }), fc.array(provider, { maxLength: 4 }), (h, apiKey, providers) => {
        const text = JSON.stringify(
          {
            HOST: h,
            ...(apiKey === undefined ? {} : { APIKEY: apiKey }),
            Providers: providers.map((p) => ({ name: p.name, api_base_url: p.url, api_key: p.key, models: ["m"] })),
            Router: { default: "a,m" },
          },
          null,
          2,
        );
        const env = { SOME_KEY: "k" };
        const result = hardenRouterConfig(text, "config.json", { env, exists: () => true });
        if (!result.ok) throw new Error("harden failed");
        const promised = Object.fromEntries(result.value.envVars.map((v) => [v.name, "set"]));
        const after = analyzeRouterConfig(result.value.text, "config.json", { env: { ...env, ...promised }, exists: () => true });
        expect(after.diagnostics.filter((d) => d.code === "R0709" || d.code === "R0710")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
