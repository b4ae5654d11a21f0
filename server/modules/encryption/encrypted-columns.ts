/**
 * Every column that holds values sealed with the encryption key (server/crypto/secret-box.ts).
 * Key rotation re-encrypts exactly these; a test scans the whole database for sealed values in
 * any other column, so a new encrypted column cannot be forgotten here.
 */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** What the column holds, for the rotation's report. */
  holds: string;
  /** For a JSON column: the key under which the sealed text sits (`{"$sealed": "v1:…"}`). */
  jsonKey?: string;
  /** The table's uuid key when it is not `id`. */
  idColumn?: string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: "connection", column: "credentials_encrypted", holds: "connection credentials and OAuth tokens" },
  { table: "instance", column: "config_secrets_encrypted", holds: "secret configuration values (webhook signing secrets, API tokens)" },
  { table: "oauth_app", column: "client_secret_encrypted", holds: "OAuth client secrets" },
  { table: "embed_key", column: "secret_encrypted", holds: "embed HS256 signing secrets" },
  { table: "execution", column: "current_input", holds: "the checkpoint input of executions not yet finished", jsonKey: "$sealed" },
  { table: "alert_channel", column: "secret_encrypted", holds: "alert webhook signing secrets and Slack bot tokens" },
  { table: "smtp_settings", column: "password_encrypted", holds: "SMTP passwords for e-mail alerts", idColumn: "organization_id" },
];

export function columnName(column: EncryptedColumn): string {
  return `${column.table}.${column.column}`;
}
