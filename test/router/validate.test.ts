import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { RouterValidationHost } from "../../src/router/config.js";
import { analyzeRouterConfig, envVarNameFor, interpolate, isLoopbackHost, urlHost, validateRouterConfig } from "../../src/router/config.js";

const noFiles: RouterValidationHost = { env: { HOME: "/home/u" }, exists: () => false };

function config(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      HOST: "127.0.0.1",
      Providers: [
        { name: "ollama", api_base_url: "http://127.0.0.1:11434/v1/chat/completions", api_key: "ollama", models: ["llama3.1:latest"] },
        { name: "anthropic", api_base_url: "https://api.anthropic.com/v1/messages", api_key: "$ANTHROPIC_API_KEY", models: ["claude-sonnet-4-5"] },
      ],
      Router: { default: "ollama,llama3.1:latest", think: "anthropic,claude-sonnet-4-5" },
      ...overrides,
    },
    null,
    2,
  );
}

/** The diagnostics of `text` as code and the source text under the span. */
function found(text: string, host: RouterValidationHost = { ...noFiles, env: { ...noFiles.env, ANTHROPIC_API_KEY: "k" } }): { code: string; snippet: string }[] {
  return analyzeRouterConfig(text, "config.json", host).diagnostics.map((d: Diagnostic) => ({
    code: d.code,
    snippet: d.span === null ? "" : text.slice(d.span.start.offset, d.span.end.offset),
  }));
}

describe("validateRouterConfig", () => {
  it("accepts a valid config without diagnostics when its variables are set", () => {
    const result = validateRouterConfig(config(), "config.json", { ...noFiles, env: { ANTHROPIC_API_KEY: "k" } });
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it("reports R0701 at the offending character when the json is malformed", () => {
    const text = '{\n  "PORT": 3456\n  "HOST": "127.0.0.1"\n}';
    expect(found(text)).toEqual([{ code: "R0701", snippet: '"' }]);
    const d = analyzeRouterConfig(text, "config.json", noFiles).diagnostics[0];
    expect(d?.span?.start).toMatchObject({ line: 3, column: 3 });
    expect(d?.message).toBe("expected `,` or `}`, found `\"`");
  });

  it("accepts json5 comments, trailing commas, single quotes and unquoted keys", () => {
    const text = `{
  // local first
  HOST: '127.0.0.1', /* loopback */
  Providers: [{ name: 'ollama', api_base_url: 'http://localhost:11434/v1/chat/completions', api_key: '', models: ['m',], },],
  Router: { default: 'ollama,m', },
}`;
    expect(found(text)).toEqual([]);
  });

  it("reports R0702 at the parent key when a required key is missing", () => {
    expect(found(config({ Router: { think: "anthropic,claude-sonnet-4-5" } }))).toContainEqual({ code: "R0702", snippet: '"Router"' });
  });

  it("reports R0702 at the value when a type is wrong", () => {
    expect(found(config({ PORT: true }))).toContainEqual({ code: "R0702", snippet: "true" });
  });

  it("warns R0703 with a suggestion when a key is unknown", () => {
    const text = config({ Router: { default: "ollama,llama3.1:latest", longcontext: "anthropic,claude-sonnet-4-5" } });
    expect(found(text)).toEqual([{ code: "R0703", snippet: '"longcontext"' }]);
    expect(analyzeRouterConfig(text, "config.json", noFiles).diagnostics.find((d) => d.code === "R0703")?.help).toBe("did you mean `longContext`?");
  });

  it("reports R0704 when a route has no comma", () => {
    expect(found(config({ Router: { default: "llama3.1:latest" } }))).toEqual([{ code: "R0704", snippet: '"llama3.1:latest"' }]);
  });

  it("reports R0705 when a route names an undeclared provider", () => {
    expect(found(config({ Router: { default: "olama,llama3.1:latest" } }))).toEqual([{ code: "R0705", snippet: '"olama,llama3.1:latest"' }]);
  });

  it("reports R0706 when a route names a model its provider does not list", () => {
    expect(found(config({ Router: { default: "ollama,llama3" } }))).toEqual([{ code: "R0706", snippet: '"ollama,llama3"' }]);
  });

  it("reports R0707 at the second declaration when two providers share a name", () => {
    const p = { name: "ollama", api_base_url: "http://127.0.0.1:11434", api_key: "", models: ["llama3.1:latest"] };
    const text = config({ Providers: [p, { ...p }] });
    expect(found(text).filter((d) => d.code === "R0707")).toEqual([{ code: "R0707", snippet: '"ollama"' }]);
    const d = analyzeRouterConfig(text, "config.json", noFiles).diagnostics.find((x) => x.code === "R0707");
    expect(d?.span?.start.offset).toBeGreaterThan(d?.related?.[0]?.span.start.offset ?? Infinity);
  });

  it("warns R0708 when a referenced variable is unset", () => {
    expect(found(config(), noFiles)).toEqual([{ code: "R0708", snippet: '"$ANTHROPIC_API_KEY"' }]);
  });

  it("reports R0709 when HOST is 0.0.0.0 without an APIKEY", () => {
    expect(found(config({ HOST: "0.0.0.0" }))).toEqual([{ code: "R0709", snippet: '"0.0.0.0"' }]);
  });

  it("reports R0709 when the APIKEY variable is unset", () => {
    const diagnostics = found(config({ HOST: "192.168.1.5", APIKEY: "$CCR_APIKEY" }), noFiles);
    expect(diagnostics).toContainEqual({ code: "R0709", snippet: '"192.168.1.5"' });
  });

  it("accepts a non-loopback HOST when an APIKEY comes from the environment", () => {
    const host = { ...noFiles, env: { ANTHROPIC_API_KEY: "k", CCR_APIKEY: "s3cret" } };
    expect(found(config({ HOST: "0.0.0.0", APIKEY: "$CCR_APIKEY" }), host)).toEqual([]);
  });

  it("warns R0710 when an api key is written in plain text", () => {
    const text = config({ APIKEY: "my-router-key" });
    expect(found(text)).toEqual([{ code: "R0710", snippet: '"my-router-key"' }]);
  });

  it("does not warn about a dummy key when the provider is on loopback", () => {
    expect(found(config()).filter((d) => d.code === "R0710")).toEqual([]);
  });

  it("warns R0711 when CUSTOM_ROUTER_PATH does not exist", () => {
    expect(found(config({ CUSTOM_ROUTER_PATH: "$HOME/.claude-code-router/routec-router.js" }), { env: { HOME: "/h", ANTHROPIC_API_KEY: "k" }, exists: () => false })).toEqual([
      { code: "R0711", snippet: '"$HOME/.claude-code-router/routec-router.js"' },
    ]);
  });

  it("accepts CUSTOM_ROUTER_PATH when the file exists after expanding HOME", () => {
    const seen: string[] = [];
    const host = { env: { HOME: "/h", ANTHROPIC_API_KEY: "k" }, exists: (p: string) => (seen.push(p), true) };
    expect(found(config({ CUSTOM_ROUTER_PATH: "$HOME/r.js" }), host)).toEqual([]);
    expect(seen).toEqual(["/h/r.js"]);
  });

  it("warns R0712 when a transformer plugin is missing", () => {
    expect(found(config({ transformers: [{ path: "/nope/plugin.js" }] }))).toEqual([{ code: "R0712", snippet: '"/nope/plugin.js"' }]);
  });

  it("warns R0715 at the second key when an object repeats a key", () => {
    const text = '{ "HOST": "0.0.0.0", "HOST": "127.0.0.1", "Providers": [], "Router": { "default": "a,b" } }';
    expect(found(text).filter((d) => d.code === "R0715")).toEqual([{ code: "R0715", snippet: '"HOST"' }]);
    expect(found(text).some((d) => d.code === "R0709")).toBe(false);
  });

  it("reports the upstream example's undeclared providers and plaintext keys", () => {
    const codes = found(
      JSON.stringify({
        HOST: "0.0.0.0",
        APIKEY: "sk-123",
        Providers: [{ name: "kimi", api_base_url: "https://api.moonshot.cn/v1/chat/completions", api_key: "sk-123", models: ["kimi-k2"] }],
        Router: { default: "iflow,qwen3-coder-plus" },
      }),
    ).map((d) => d.code);
    expect(codes).toEqual(["R0710", "R0710", "R0705"]);
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", ""])("accepts %s", (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });

  it.each(["0.0.0.0", "::", "192.168.1.10", "127.0.0.256", "128.0.0.1", "localhost.example.com", "example.com"])("rejects %s", (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("interpolate", () => {
  it("expands $VAR and ${VAR} and keeps unset ones as written", () => {
    expect(interpolate("${A}/$B/$lower/$C", { A: "1", B: "2", C: "" })).toEqual({ value: "1/2/$lower/$C", unset: ["C"] });
  });
});

describe("urlHost", () => {
  it("finds the host when the url has a port, credentials or brackets", () => {
    expect(urlHost("http://127.0.0.1:11434/v1")).toBe("127.0.0.1");
    expect(urlHost("https://u:p@api.example.com/x")).toBe("api.example.com");
    expect(urlHost("http://[::1]:8000")).toBe("[::1]");
    expect(urlHost("not a url")).toBeNull();
  });
});

describe("envVarNameFor", () => {
  it("derives a variable name from the provider name", () => {
    expect(envVarNameFor("open-router.ai")).toBe("OPEN_ROUTER_AI_API_KEY");
    expect(envVarNameFor("302ai")).toBe("P_302AI_API_KEY");
    expect(envVarNameFor(null)).toBe("CCR_APIKEY");
  });
});
