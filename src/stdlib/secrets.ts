import type { StdPattern } from "./index.js";

/** `std.secrets`: OS and user secrets on Linux, macOS and Windows. */
export const secrets: readonly StdPattern[] = [
  { pattern: "~/.ssh/**", note: "OpenSSH keys, known_hosts and config", source: "ssh(1) FILES", platforms: ["linux", "darwin", "win32"] },
  { pattern: "~/.gnupg/**", note: "GnuPG keyrings", source: "gpg(1) FILES", platforms: ["linux", "darwin", "win32"] },
  { pattern: "~/.aws/credentials", note: "AWS CLI credentials", source: "AWS CLI User Guide, configuration and credential files", platforms: ["linux", "darwin", "win32"] },
];
