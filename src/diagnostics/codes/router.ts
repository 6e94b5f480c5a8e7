import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the router stage (R0701–R0799): claude-code-router config validation and tooling. */
export const routerCodes: readonly CodeInfo[] = [
  {
    code: "R0701",
    slug: "router-config-syntax",
    severity: "error",
    summary: "the claude-code-router config is not valid JSON5",
    explanation: `claude-code-router reads \`~/.claude-code-router/config.json\` with JSON5, so comments, trailing commas,
single quotes and unquoted keys are accepted; anything else stops it from starting.

\`\`\`json
{ "PORT": 3456 "HOST": "127.0.0.1" }
\`\`\`

\`routec router validate\` points at the first character it could not read (here the missing comma). Fix the syntax.`,
  },
  {
    code: "R0702",
    slug: "router-config-invalid",
    severity: "error",
    summary: "a claude-code-router setting is missing or has the wrong type",
    explanation: `The config needs \`Providers\` (a list of providers, each with \`name\`, \`api_base_url\`, \`api_key\` and
\`models\`) and \`Router\` with a \`default\` route; settings have fixed types (\`PORT\` a number, \`LOG\` a boolean, …).
Numbers and booleans may also be \`$VAR\` strings, which claude-code-router expands.

\`\`\`json
{ "Providers": [{ "name": "ollama", "models": "llama3.1" }], "Router": {} }
\`\`\`

Give the missing keys and the expected types.`,
  },
  {
    code: "R0703",
    slug: "unknown-router-config-key",
    severity: "warning",
    summary: "a key claude-code-router does not know",
    explanation: `The key is not one of claude-code-router's settings, so it is ignored, which usually means a typo
(\`Routers\`, \`longcontext\`). Newer claude-code-router versions may add keys; the warning never fails validation.

\`\`\`json
{ "Router": { "default": "ollama,llama3.1", "longcontext": "anthropic,claude-sonnet-4-5" } }
\`\`\`

Fix the spelling, or remove the key.`,
  },
  {
    code: "R0704",
    slug: "malformed-route",
    severity: "error",
    summary: "a route is not a `provider,model` string",
    explanation: `Every \`Router\` entry names a provider and one of its models, separated by a comma:
\`"default": "ollama,qwen2.5:7b-instruct"\`. A value without the comma, or with an empty side, routes nowhere.

\`\`\`json
{ "Router": { "default": "qwen2.5:7b-instruct" } }
\`\`\`

Write \`"<provider name>,<model>"\`.`,
  },
  {
    code: "R0705",
    slug: "unknown-route-provider",
    severity: "error",
    summary: "a route names a provider that is not declared",
    explanation: `The provider part of a \`provider,model\` route must be the \`name\` of an entry in \`Providers\`; otherwise
claude-code-router fails the request at run time.

\`\`\`json
{ "Providers": [{ "name": "ollama", … }], "Router": { "default": "olama,llama3.1" } }
\`\`\`

Fix the name, or declare the provider.`,
  },
  {
    code: "R0706",
    slug: "unknown-route-model",
    severity: "error",
    summary: "a route names a model its provider does not list",
    explanation: `The model part of a \`provider,model\` route must be one of the provider's \`models\`, or the provider
rejects the request.

\`\`\`json
{ "Providers": [{ "name": "ollama", "models": ["llama3.1:latest"], … }], "Router": { "default": "ollama,llama3" } }
\`\`\`

Use a listed model, or add the model to the provider's \`models\`.`,
  },
  {
    code: "R0707",
    slug: "duplicate-provider",
    severity: "error",
    summary: "two providers have the same name",
    explanation: `Routes refer to providers by name, so names must be unique; with two, which one a route reaches
depends on claude-code-router's internals.

Rename or merge one of them.`,
  },
  {
    code: "R0708",
    slug: "unset-env-var",
    severity: "warning",
    summary: "the config refers to an environment variable that is not set",
    explanation: `claude-code-router replaces \`$VAR\` and \`\${VAR}\` in config strings with the variable's value; when the
variable is unset (or empty) it keeps the text \`$VAR\` itself, so a provider receives \`$ANTHROPIC_API_KEY\` as its key.

\`\`\`json
{ "api_key": "$ANTHROPIC_API_KEY" }
\`\`\`

Set the variable in the environment claude-code-router starts in (validation reads the current environment).`,
  },
  {
    code: "R0709",
    slug: "exposed-without-apikey",
    severity: "error",
    summary: "the router listens beyond this machine without an `APIKEY`",
    explanation: `A \`HOST\` other than a loopback address (\`127.0.0.0/8\`, \`::1\`, \`localhost\`) lets other machines reach the
router, and without \`APIKEY\` anyone who can reach it can spend your provider keys and read your prompts. Recent
claude-code-router versions fall back to 127.0.0.1 in this case, but older versions and forks do not, and the
config states an unsafe intent either way.

\`\`\`json
{ "HOST": "0.0.0.0" }
\`\`\`

Bind to \`127.0.0.1\` (\`routec router harden\` does this), or set \`APIKEY\` to a secret from the environment
(\`"APIKEY": "$CCR_APIKEY"\`).`,
  },
  {
    code: "R0710",
    slug: "plaintext-api-key",
    severity: "warning",
    summary: "an API key is written in the config in plain text",
    explanation: `A key in the file ends up in backups, dotfile repositories and screenshots. claude-code-router expands
environment variables, so the file can name the key instead of holding it. Providers on a loopback address (a local
Ollama) need no real key and are not reported.

\`\`\`json
{ "name": "deepseek", "api_key": "sk-…" }
\`\`\`

Write \`"api_key": "$DEEPSEEK_API_KEY"\` and set the variable (\`routec router harden\` rewrites the file and lists
the variables to set).`,
  },
  {
    code: "R0711",
    slug: "missing-custom-router",
    severity: "warning",
    summary: "`CUSTOM_ROUTER_PATH` names a file that does not exist",
    explanation: `claude-code-router loads the custom router module from \`CUSTOM_ROUTER_PATH\`; when it is missing the load
fails, the error is logged, and every request falls through to the \`Router\` table.

\`\`\`json
{ "CUSTOM_ROUTER_PATH": "$HOME/.claude-code-router/routec-router.js" }
\`\`\`

Write the module (\`routec export ccr\`), or fix the path.`,
  },
  {
    code: "R0712",
    slug: "missing-transformer-plugin",
    severity: "warning",
    summary: "a custom transformer `path` names a file that does not exist",
    explanation: `Entries of \`transformers\` load plugin modules from \`path\`; a missing file makes claude-code-router skip
the transformer, so providers that \`use\` it get untransformed requests.

Install the plugin, or fix the path.`,
  },
  {
    code: "R0713",
    slug: "router-config-unreadable",
    severity: "error",
    summary: "the claude-code-router config file cannot be read",
    explanation: `The config file does not exist or cannot be read. \`routec router\` commands default to
\`~/.claude-code-router/config.json\` (from \`HOME\`); \`--config <path>\` names another file. The command exits with
code 2. \`routec router init\` writes a safe starting config.`,
  },
  {
    code: "R0714",
    slug: "no-router-backup",
    severity: "error",
    summary: "there is no backup of the claude-code-router config to compare with",
    explanation: `\`routec router diff\` compares the config with its newest backup in \`<config dir>/backups/\`, and there is
none. Run \`routec router backup\` first (\`routec router harden\` also backs up before it writes).`,
  },
  {
    code: "R0715",
    slug: "duplicate-router-config-key",
    severity: "warning",
    summary: "an object in the config has the same key twice",
    explanation: `JSON5 keeps the last value of a repeated key, so the first is silently ignored.

\`\`\`json
{ "HOST": "127.0.0.1", "HOST": "0.0.0.0" }
\`\`\`

Remove one of them.`,
  },
  {
    code: "R0716",
    slug: "router-config-unwritable",
    severity: "error",
    summary: "a backup or the hardened config could not be written",
    explanation: `\`routec router backup\` and \`routec router harden\` write into the config's directory (\`backups/\` beside
\`config.json\`); the file system refused (permissions, a full disk, a read-only mount). Nothing is changed when the
backup fails: harden writes the config only after its backup succeeded. The command exits with code 2.`,
  },
];
