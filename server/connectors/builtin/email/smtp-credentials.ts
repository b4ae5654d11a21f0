import type { CredentialField, CredentialValues } from "@/server/connectors/framework/credential-fields";

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export const smtpCredentialFields: readonly CredentialField[] = [
  { key: "host", label: "SMTP host", type: "string", placeholder: "smtp.example.com" },
  { key: "port", label: "Port", type: "number", default: 587 },
  {
    key: "security",
    label: "Security",
    type: "string",
    default: "starttls",
    description: "starttls (port 587, the connection must be upgraded to TLS), tls (port 465), or none (an internal relay only).",
  },
  { key: "username", label: "Username", type: "string", optional: true },
  { key: "password", label: "Password", type: "string", secret: true, optional: true },
  { key: "from", label: "Default sender", type: "string", optional: true, placeholder: "Reports <reports@example.com>" },
];

export function validateSmtpCredentials(values: CredentialValues): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (values.security !== undefined && !SMTP_SECURITY.includes(values.security as SmtpSecurity)) {
    problems.push({ field: "security", message: `must be one of ${SMTP_SECURITY.join(", ")}` });
  }
  if ((values.username === undefined) !== (values.password === undefined)) {
    problems.push({ field: values.username === undefined ? "username" : "password", message: "give both a username and a password, or neither" });
  }
  return problems;
}
