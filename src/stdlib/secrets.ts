import type { StdPattern } from "./index.js";

const all = ["linux", "darwin", "win32"] as const;
const unix = ["linux", "darwin"] as const;
const linux = ["linux"] as const;
const darwin = ["darwin"] as const;
const win32 = ["win32"] as const;

/**
 * `std.secrets`: OS and user secrets on Linux, macOS and Windows. `~/` patterns match under every home a path
 * view can be spelled with (docs/semantics.md), so one entry covers `/home/<user>`, `/Users/<user>` and
 * `c:/users/<user>`; Windows `AppData` entries are separate because the tools keep different layouts there.
 */
export const secrets: readonly StdPattern[] = [
  // SSH and GnuPG
  { pattern: "~/.ssh/**", note: "OpenSSH keys, known_hosts and config", source: "ssh(1) FILES", platforms: all },
  { pattern: "~/.gnupg/**", note: "GnuPG keyrings", source: "gpg(1) FILES", platforms: all },
  { pattern: "~/AppData/Roaming/gnupg/**", note: "GnuPG home on Windows (Gpg4win)", source: "GnuPG manual: GPG Configuration (home directory on Windows)", platforms: win32 },

  // Cloud CLIs
  { pattern: "~/.aws/credentials", note: "AWS CLI access keys", source: "AWS CLI docs: Configuration and credential file settings", platforms: all },
  { pattern: "~/.aws/config", note: "AWS CLI profiles, may hold credential_process and SSO settings", source: "AWS CLI docs: Configuration and credential file settings", platforms: all },
  { pattern: "~/.aws/sso/cache/**", note: "AWS IAM Identity Center (SSO) access tokens", source: "AWS CLI docs: Configuring IAM Identity Center authentication", platforms: all },
  { pattern: "~/.aws/cli/cache/**", note: "AWS CLI cached assumed-role credentials", source: "AWS CLI docs: Use an IAM role in the AWS CLI", platforms: all },
  { pattern: "~/.config/gcloud/{credentials.db,access_tokens.db}", note: "gcloud CLI user credentials and access tokens", source: "Google Cloud docs: gcloud CLI configuration directory", platforms: unix },
  { pattern: "~/.config/gcloud/application_default_credentials.json", note: "Google Application Default Credentials", source: "Google Cloud docs: How Application Default Credentials works", platforms: unix },
  { pattern: "~/.config/gcloud/legacy_credentials/**", note: "gcloud CLI per-account credential files", source: "Google Cloud docs: gcloud CLI configuration directory", platforms: unix },
  { pattern: "~/AppData/Roaming/gcloud/{credentials.db,access_tokens.db,application_default_credentials.json}", note: "gcloud CLI credentials and Application Default Credentials on Windows", source: "Google Cloud docs: How Application Default Credentials works", platforms: win32 },
  { pattern: "~/AppData/Roaming/gcloud/legacy_credentials/**", note: "gcloud CLI per-account credential files on Windows", source: "Google Cloud docs: gcloud CLI configuration directory", platforms: win32 },
  { pattern: "~/.azure/**", note: "Azure CLI tokens, MSAL cache and service principal secrets", source: "Azure CLI docs: Azure CLI configuration (AZURE_CONFIG_DIR)", platforms: all },

  // Cluster, container and package credentials
  { pattern: "~/.kube/config", note: "kubectl cluster credentials and tokens", source: "Kubernetes docs: Organizing cluster access using kubeconfig files", platforms: all },
  { pattern: "~/.docker/config.json", note: "Docker registry auth tokens", source: "Docker docs: docker login (credential stores)", platforms: all },
  { pattern: "~/.npmrc", note: "npm registry auth tokens", source: "npm docs: npmrc (per-user config file)", platforms: all },
  { pattern: "~/.pypirc", note: "PyPI upload credentials", source: "Python Packaging User Guide: The .pypirc file", platforms: all },
  { pattern: "~/.cargo/credentials*", note: "crates.io tokens (`credentials`, `credentials.toml`)", source: "The Cargo Book: Configuration, credentials", platforms: all },
  { pattern: "~/{.netrc,_netrc}", note: "machine logins for curl, git, ftp (`_netrc` on Windows)", source: "curl docs: .netrc; GNU inetutils ftp(1)", platforms: all },
  { pattern: "~/.git-credentials", note: "git credential-store plaintext credentials", source: "git-credential-store(1) FILES", platforms: all },
  { pattern: "~/.config/git/credentials", note: "git credential-store credentials (XDG location)", source: "git-credential-store(1) FILES", platforms: unix },
  { pattern: "~/.config/gh/hosts.yml", note: "GitHub CLI OAuth tokens", source: "GitHub CLI manual: gh help environment (GH_CONFIG_DIR)", platforms: unix },
  { pattern: "~/AppData/Roaming/GitHub CLI/hosts.yml", note: "GitHub CLI OAuth tokens on Windows", source: "GitHub CLI manual: gh help environment (GH_CONFIG_DIR)", platforms: win32 },
  { pattern: "~/.terraform.d/credentials.tfrc.json", note: "Terraform Cloud / registry API tokens", source: "Terraform docs: CLI configuration, credentials", platforms: unix },
  { pattern: "~/AppData/Roaming/terraform.d/credentials.tfrc.json", note: "Terraform Cloud / registry API tokens on Windows", source: "Terraform docs: CLI configuration, credentials", platforms: win32 },
  { pattern: "~/.vault-token", note: "HashiCorp Vault CLI token", source: "Vault docs: Token helpers (default ~/.vault-token)", platforms: all },

  // OS credential stores
  { pattern: "**/Library/Keychains/**", note: "macOS keychains (user and system)", source: "Apple: Keychain Access User Guide, keychain file locations", platforms: darwin },
  { pattern: "~/AppData/Roaming/Microsoft/Credentials/**", note: "Windows Credential Manager roaming credentials (DPAPI blobs)", source: "Microsoft Learn: Credentials Processes in Windows Authentication", platforms: win32 },
  { pattern: "~/AppData/Local/Microsoft/Credentials/**", note: "Windows Credential Manager local credentials (DPAPI blobs)", source: "Microsoft Learn: Credentials Processes in Windows Authentication", platforms: win32 },
  { pattern: "~/AppData/Roaming/Microsoft/Protect/**", note: "DPAPI master keys that decrypt the user's protected secrets", source: "Microsoft Learn: CNG DPAPI", platforms: win32 },
  { pattern: "~/AppData/{Local,Roaming}/Microsoft/Vault/**", note: "Windows Vault (web and Windows credentials)", source: "Microsoft Learn: Credential Locker (Windows Vault)", platforms: win32 },
  { pattern: "C:/ProgramData/Microsoft/Vault/**", note: "machine-wide Windows Vault", source: "Microsoft Learn: Credential Locker (Windows Vault)", platforms: win32 },
  { pattern: "C:/Windows/System32/config/{SAM,SECURITY,SYSTEM}", note: "Windows registry hives with password hashes and LSA secrets", source: "Microsoft Learn: Registry hives", platforms: win32 },
  { pattern: "/etc/shadow", note: "hashed user passwords", source: "shadow(5)", platforms: linux },
  { pattern: "/etc/gshadow", note: "hashed group passwords", source: "gshadow(5)", platforms: linux },
  { pattern: "/etc/sudoers", note: "sudo privilege rules", source: "sudoers(5)", platforms: unix },
  { pattern: "/etc/sudoers.d/**", note: "sudo privilege rule drop-ins", source: "sudoers(5) (includedir)", platforms: unix },

  // Browser profiles: saved passwords, cookies, and the key that decrypts them (`Local State`)
  {
    pattern: "~/.config/{google-chrome,chromium,BraveSoftware/Brave-Browser,microsoft-edge}/**/{Login Data,Login Data For Account,Cookies,Web Data,Local State}",
    note: "Chrome, Chromium, Brave and Edge saved passwords, cookies, autofill and their encryption key on Linux",
    source: "Chromium docs: User Data Directory",
    platforms: linux,
  },
  {
    pattern: "~/Library/Application Support/{Google/Chrome,Chromium,BraveSoftware/Brave-Browser,Microsoft Edge}/**/{Login Data,Login Data For Account,Cookies,Web Data,Local State}",
    note: "Chrome, Chromium, Brave and Edge saved passwords, cookies and autofill on macOS",
    source: "Chromium docs: User Data Directory",
    platforms: darwin,
  },
  {
    pattern: "~/AppData/Local/{Google/Chrome,Chromium,BraveSoftware/Brave-Browser,Microsoft/Edge}/User Data/**/{Login Data,Login Data For Account,Cookies,Web Data,Local State}",
    note: "Chrome, Chromium, Brave and Edge saved passwords, cookies, autofill and their DPAPI-wrapped key on Windows",
    source: "Chromium docs: User Data Directory",
    platforms: win32,
  },
  {
    pattern: "{~/.mozilla/firefox,~/Library/Application Support/Firefox/Profiles,~/AppData/Roaming/Mozilla/Firefox/Profiles}/**/{logins.json,key4.db,key3.db,cookies.sqlite,cert9.db}",
    note: "Firefox saved logins, the key database that decrypts them, and cookies",
    source: "Mozilla Support: Profiles - Where Firefox stores your bookmarks, passwords and other user data",
    platforms: all,
  },

  // Password managers
  { pattern: "**/*.kdbx", note: "KeePass / KeePassXC databases", source: "KeePass help: KDBX file format", platforms: all },
  { pattern: "{~/.config/1Password,~/Library/Group Containers/2BUA8C4S2C.com.1password,~/AppData/Local/1Password}/**", note: "1Password app data and local vault cache", source: "1Password Support: 1Password app data locations", platforms: all },
  { pattern: "{~/.config/Bitwarden,~/.config/Bitwarden CLI,~/Library/Application Support/Bitwarden,~/AppData/Roaming/Bitwarden,~/AppData/Roaming/Bitwarden CLI}/**", note: "Bitwarden desktop and CLI vault data (`data.json`)", source: "Bitwarden Help: Data storage (desktop and CLI)", platforms: all },

  // Project secrets and private keys, at any depth
  { pattern: "**/.env", note: "dotenv files with application secrets", source: "dotenv convention (12factor.net: Config)", platforms: all },
  {
    pattern: "**/.env.*",
    excepts: ["**/.env.example", "**/.env.sample", "**/.env.template"],
    note: "per-environment dotenv files (`.env.local`, `.env.production`); committed templates are allowed",
    source: "dotenv convention (12factor.net: Config)",
    platforms: all,
  },
  { pattern: "**/*.pem", note: "PEM private keys and certificates", source: "RFC 7468 (textual encodings of PKIX structures)", platforms: all },
  { pattern: "**/*.key", note: "private keys by common naming (TLS, signing)", source: "OpenSSL req(1), genpkey(1) conventions", platforms: all },
  {
    pattern: "**/id_{rsa,dsa,ecdsa,ecdsa_sk,ed25519,ed25519_sk}*",
    excepts: ["**/*.pub"],
    note: "SSH private keys outside ~/.ssh (public `.pub` halves are allowed)",
    source: "ssh-keygen(1) FILES",
    platforms: all,
  },
  { pattern: "**/*.{p12,pfx}", note: "PKCS #12 key stores", source: "RFC 7292 (PKCS #12)", platforms: all },
];
