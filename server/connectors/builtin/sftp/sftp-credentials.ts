import type { CredentialField, CredentialValues } from "@/server/connectors/framework/credential-fields";

export const sftpCredentialFields: readonly CredentialField[] = [
  { key: "host", label: "Host", type: "string", placeholder: "sftp.example.com" },
  { key: "port", label: "Port", type: "number", default: 22 },
  { key: "username", label: "Username", type: "string" },
  { key: "password", label: "Password", type: "string", secret: true, optional: true },
  { key: "privateKey", label: "Private key", type: "text", secret: true, optional: true, description: "OpenSSH or PEM private key, instead of a password." },
  { key: "passphrase", label: "Key passphrase", type: "string", secret: true, optional: true },
  {
    key: "hostFingerprint",
    label: "Host key fingerprint",
    type: "string",
    optional: true,
    placeholder: "SHA256:…",
    description: "When set, only a server presenting this key is trusted (`ssh-keygen -lf` on the server's host key).",
  },
];

export function validateSftpCredentials(values: CredentialValues): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (values.password === undefined && values.privateKey === undefined) problems.push({ field: "password", message: "give a password or a private key" });
  const port = Number(values.port ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push({ field: "port", message: "must be a port between 1 and 65535" });
  if (typeof values.hostFingerprint === "string" && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(values.hostFingerprint.trim())) {
    problems.push({ field: "hostFingerprint", message: "must look like SHA256: followed by 43 base64 characters" });
  }
  return problems;
}
