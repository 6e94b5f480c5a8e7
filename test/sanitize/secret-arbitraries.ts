import fc from "fast-check";
import type { SecretKind } from "../../src/sanitize/index.js";

/** A generated secret: `text` is what appears in the input, `cores` the parts that must never reach output. */
export interface GeneratedSecret {
  readonly kind: SecretKind;
  readonly text: string;
  readonly cores: readonly string[];
}

const upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const base64Url = `${alnum}-_`;
const base64 = `${alnum}+/`;

// Real keys are random: low-entropy bodies ("AAAA…") would make leak checks find them by chance in the text around.
function chars(alphabet: string, min: number, max = min): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: alphabet.length - 1 }), { minLength: min, maxLength: max })
    .filter((ix) => new Set(ix).size >= Math.min(6, min))
    .map((ix) => ix.map((i) => alphabet[i]).join(""));
}

function secret(kind: SecretKind, text: string, cores: readonly string[] = [text]): GeneratedSecret {
  return { kind, text, cores };
}

function base64UrlEncode(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

const awsKeyId = fc
  .tuple(fc.constantFrom("AKIA", "ASIA"), chars(upperDigits, 16))
  .map(([p, b]) => secret("aws-access-key-id", p + b));

const awsSecret = fc
  .tuple(fc.constantFrom("aws_secret_access_key = ", "AWS_SECRET_ACCESS_KEY=", '"SecretAccessKey": "'), chars(base64, 40))
  .map(([ctx, body]) => secret("aws-secret-access-key", ctx + body + (ctx.endsWith('"') ? '"' : ""), [body]));

const github = fc.oneof(
  fc.tuple(fc.constantFrom("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), chars(alnum, 36)).map(([p, b]) => secret("github-token", p + b)),
  fc.tuple(chars(alnum, 22), chars(alnum, 59)).map(([a, b]) => secret("github-token", `github_pat_${a}_${b}`)),
);

const anthropic = chars(base64Url, 93).map((b) => secret("anthropic-api-key", `sk-ant-api03-${b}AA`));

const openai = fc.oneof(
  // Legacy keys are 48 random alphanumerics, which always mix letter cases and digits in practice.
  chars(alnum, 46).map((b) => secret("openai-api-key", `sk-${b.slice(0, 20)}a1${b.slice(20)}`)),
  chars(base64Url, 40, 120).map((b) => secret("openai-api-key", `sk-proj-${b}`)),
);

const slack = fc.oneof(
  fc
    .tuple(fc.constantFrom("xoxb", "xoxp", "xoxa", "xoxr", "xoxs"), chars("0123456789", 12), chars(alnum, 24))
    .map(([p, n, b]) => secret("slack-token", `${p}-${n}-${n}-${b}`)),
  fc
    .tuple(chars(upperDigits, 8), chars(upperDigits, 8), chars(alnum, 24))
    .map(([t, b, k]) => secret("slack-webhook", `https://hooks.slack.com/services/T${t}/B${b}/${k}`, [k])),
);

const google = chars(base64Url, 35)
  .filter((b) => !/[-_]$/.test(b))
  .map((b) => secret("google-api-key", `AIza${b}`));

const stripe = chars(alnum, 24, 99).map((b) => secret("stripe-key", `sk_live_${b}`));

const jwt = fc
  .tuple(fc.constantFrom("HS256", "RS256", "ES256", "none"), fc.string({ minLength: 1, maxLength: 20 }), chars(base64Url, 43))
  .map(([alg, sub, sig]) => {
    const header = base64UrlEncode(JSON.stringify({ alg, typ: "JWT" }));
    const payload = base64UrlEncode(JSON.stringify({ sub, iat: 1700000000 }));
    return secret("jwt", `${header}.${payload}.${sig}`, [`${header}.${payload}.${sig}`, sig]);
  });

const authorization = fc
  .tuple(fc.constantFrom("Authorization: Bearer ", "authorization: Basic ", "Authorization: token "), chars(`${alnum}._~+/-`, 20, 60))
  .map(([header, token]) => secret("authorization", header + token, [token]));

const pem = fc
  .tuple(fc.constantFrom("RSA ", "EC ", "OPENSSH ", ""), fc.array(chars(base64, 64), { minLength: 1, maxLength: 4 }), chars(base64, 1, 40))
  .map(([type, lines, last]) =>
    secret(
      "private-key",
      [`-----BEGIN ${type}PRIVATE KEY-----`, ...lines, last, `-----END ${type}PRIVATE KEY-----`].join("\n"),
      [...lines, ...(last.length >= 12 ? [last] : [])],
    ),
  );

const urlPassword = fc
  .tuple(fc.constantFrom("https", "postgres", "redis", "amqp"), chars(alnum, 3, 10), chars(`${alnum}!*+~`, 10, 30))
  .map(([scheme, user, pass]) => secret("url-password", `${scheme}://${user}:${pass}@db.example.com:5432/app`, [pass]));

const assignment = fc
  .tuple(
    fc.constantFrom("API_KEY", "GITHUB_TOKEN", "db_password", "clientSecret", "x-api-key", "PASSWORD", "apikey", "STRIPE_SECRET"),
    fc.constantFrom("env", "json", "yaml"),
    chars(`${alnum}!#%*+./@^_~-`, 10, 40),
  )
  .map(([key, form, value]) => {
    const text = form === "env" ? `${key}=${value}` : form === "json" ? `"${key}": "${value}"` : `${key}: ${value}`;
    return secret("secret-assignment", text, [value]);
  });

/** One secret of any known kind. */
export const anySecret: fc.Arbitrary<GeneratedSecret> = fc.oneof(
  awsKeyId,
  awsSecret,
  github,
  anthropic,
  openai,
  slack,
  google,
  stripe,
  jwt,
  authorization,
  pem,
  urlPassword,
  assignment,
);

/** Arbitrary text: letters, digits, punctuation, spaces and line breaks. */
export const randomText: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789 \n\t.,;:=\"'(){}[]-_/#@!"),
  maxLength: 80,
});

const ordinaryWords = [
  "the", "model", "routes", "local", "claude", "policy", "files", "changed", "tokens", "max_tokens", "key", "monkey",
  "value", "hash", "commit", "build", "test", "ok", "passed", "review", "sort_key", "primary_key", "note", "base",
];

/** Text without secrets: words, numbers, hex hashes, UUIDs, git SHAs and base64 of ordinary text. */
export const safeText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...ordinaryWords),
      fc.nat({ max: 1_000_000 }).map(String),
      chars("0123456789abcdef", 40),
      chars("0123456789abcdef", 64),
      chars("0123456789abcdef", 7),
      fc.uuid(),
      fc.array(fc.constantFrom(...ordinaryWords), { minLength: 1, maxLength: 6 }).map((ws) => Buffer.from(ws.join(" ")).toString("base64")),
      fc.constantFrom(": ", "=", ", ", ". ", "\n", " ", "(", ")"),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(" "));

/** Where a secret is put: its text with the delimiters around it. */
export const placement: fc.Arbitrary<(secret: string) => string> = fc.constantFrom(
  (s: string) => s,
  (s: string) => ` ${s} `,
  (s: string) => `\n${s}\n`,
  (s: string) => `=${s}`,
  (s: string) => `: ${s},`,
  (s: string) => `"${s}"`,
  (s: string) => `'${s}'`,
  (s: string) => `(${s})`,
  (s: string) => `\t${s}.`,
  (s: string) => `{"note": ${JSON.stringify(s)}}`,
  (s: string) => `\n${s}`,
  (s: string) => `${s}\n`,
);
