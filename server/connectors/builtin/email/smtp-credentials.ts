import type { CredentialField, CredentialValues } from "@/server/connectors/framework/credential-fields";
import { NonRetryableError } from "@/server/engine/errors";

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

export interface SmtpCredentials {
  host: string;
  port: number;
  security: SmtpSecurity;
  username?: string;
  password?: string;
  from?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The connection's decrypted values as the transport needs them. */
export function smtpCredentials(values: CredentialValues | undefined): SmtpCredentials {
  if (!values) throw new NonRetryableError("the email actions need a Connection made with SMTP credentials (host, port, username, password)");
  const host = text(values.host);
  if (!host) throw new NonRetryableError("the SMTP connection lacks its host");
  const security = (text(values.security) ?? "starttls") as SmtpSecurity;
  if (!SMTP_SECURITY.includes(security)) throw new NonRetryableError(`the SMTP connection's security must be one of ${SMTP_SECURITY.join(", ")}`);
  const username = text(values.username);
  const password = text(values.password);
  const from = text(values.from);
  return {
    host,
    port: Number(values.port ?? 587) || 587,
    security,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(from ? { from } : {}),
  };
}
