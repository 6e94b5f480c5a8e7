import { describe, expect, it } from "vitest";
import { checkGlob } from "../../src/compile/globs/index.js";
import { stdSetMarkdown } from "../../src/stdlib/docs.js";
import { stdSets } from "../../src/stdlib/index.js";
import { secrets } from "../../src/stdlib/secrets.js";
import { lookupMatch, referenceMatch } from "../compile/glob-matchers.js";

function denied(path: string): boolean {
  return secrets.some(
    (p) => lookupMatch(p.pattern, path, "insensitive") && !(p.excepts ?? []).some((e) => lookupMatch(e, path, "insensitive")),
  );
}

describe("std.secrets", () => {
  it("is registered under its dotted name", () => {
    expect(stdSets["std.secrets"]).toBe(secrets);
  });

  it.each(secrets.flatMap((p) => [p.pattern, ...(p.excepts ?? [])]))("compiles %j without diagnostics", (pattern) => {
    expect(checkGlob(pattern, null)).toEqual([]);
  });

  it("has no duplicate patterns and documents every entry", () => {
    expect(new Set(secrets.map((p) => p.pattern)).size).toBe(secrets.length);
    for (const p of secrets) {
      expect(p.note.length).toBeGreaterThan(5);
      expect(p.source.length).toBeGreaterThan(3);
      expect(p.platforms.length).toBeGreaterThan(0);
    }
  });

  it.each([
    "~/.ssh/id_ed25519",
    "~/.gnupg/private-keys-v1.d/abc.key",
    "~/.aws/credentials",
    "~/.aws/config",
    "~/.aws/sso/cache/0123.json",
    "~/.config/gcloud/application_default_credentials.json",
    "~/.config/gcloud/credentials.db",
    "~/appdata/roaming/gcloud/application_default_credentials.json",
    "~/.azure/msal_token_cache.json",
    "~/.kube/config",
    "~/.docker/config.json",
    "~/.npmrc",
    "~/.pypirc",
    "~/.cargo/credentials.toml",
    "~/.netrc",
    "~/_netrc",
    "~/.git-credentials",
    "~/.config/gh/hosts.yml",
    "~/.terraform.d/credentials.tfrc.json",
    "~/.vault-token",
    "/Users/ann/Library/Keychains/login.keychain-db",
    "/Library/Keychains/System.keychain",
    "~/AppData/Roaming/Microsoft/Credentials/DFBE70A7E5CC19A398EBF1B96859CE5D",
    "~/AppData/Local/Microsoft/Credentials/x",
    "~/AppData/Roaming/Microsoft/Protect/S-1-5-21/abc",
    "~/AppData/Local/Microsoft/Vault/4BF4C442/policy.vpol",
    "c:/windows/system32/config/sam",
    "~/.config/google-chrome/Default/Login Data",
    "~/.config/chromium/Profile 1/Cookies",
    "~/.config/BraveSoftware/Brave-Browser/Default/Network/Cookies",
    "~/Library/Application Support/Google/Chrome/Default/Login Data",
    "~/Library/Application Support/Microsoft Edge/Default/Web Data",
    "~/AppData/Local/Google/Chrome/User Data/Local State",
    "~/AppData/Local/Microsoft/Edge/User Data/Default/Login Data",
    "~/.mozilla/firefox/abcd.default-release/logins.json",
    "~/Library/Application Support/Firefox/Profiles/x.default/key4.db",
    "~/AppData/Roaming/Mozilla/Firefox/Profiles/x.default/cookies.sqlite",
    "/home/ann/vaults/personal.kdbx",
    "~/.config/1Password/settings/settings.json",
    "~/AppData/Roaming/Bitwarden CLI/data.json",
    "/srv/app/.env",
    "/srv/app/sub/project/.env.production",
    "/srv/tls/server.pem",
    "/srv/tls/server.key",
    "/home/ann/backup/id_rsa",
    "/home/ann/backup/id_ed25519.old",
    "/srv/certs/client.p12",
    "/srv/certs/client.PFX",
    "/etc/shadow",
    "/etc/sudoers",
    "/etc/sudoers.d/90-cloud-init-users",
  ])("denies %j", (path) => {
    expect(denied(path)).toBe(true);
  });

  it.each([
    "/srv/app/.env.example",
    "/srv/app/.env.sample",
    "/srv/app/.env.template",
    "/home/ann/backup/id_rsa.pub",
    "/repo/src/index.ts",
    "/repo/README.md",
    "~/.config/google-chrome/Default/Bookmarks",
    "~/.aws/README",
    "/etc/passwd",
  ])("allows %j", (path) => {
    expect(denied(path)).toBe(false);
  });

  it("agrees with the reference matcher on every denied and allowed example", () => {
    const paths = ["~/.ssh/config", "/srv/app/.env.example", "~/.cargo/credentials", "~/Library/Keychains/x"];
    for (const path of paths) {
      for (const p of secrets) expect(lookupMatch(p.pattern, path, "insensitive")).toBe(referenceMatch(p.pattern, path, "insensitive"));
    }
  });
});

describe("stdSetMarkdown", () => {
  it("matches docs/std-secrets.md when the data has not changed (run npm run gen:std-docs to update)", async () => {
    await expect(stdSetMarkdown("std.secrets", secrets)).toMatchFileSnapshot("../../docs/std-secrets.md");
  });

  it("lists every pattern and its excepts when rendering", () => {
    const md = stdSetMarkdown("std.secrets", secrets);
    for (const p of secrets) expect(md).toContain(`\`${p.pattern}\``);
    expect(md).toContain("`**/.env.example`");
  });
});
