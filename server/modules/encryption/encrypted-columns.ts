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
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: "connection", column: "credentials_encrypted", holds: "connection credentials and OAuth tokens" },
  { table: "instance", column: "config_secrets_encrypted", holds: "secret configuration values (webhook signing secrets, API tokens)" },
  { table: "oauth_app", column: "client_secret_encrypted", holds: "OAuth client secrets" },
  { table: "embed_key", column: "secret_encrypted", holds: "embed HS256 signing secrets" },
  { table: "execution", column: "current_input", holds: "the checkpoint input of executions not yet finished", jsonKey: "$sealed" },
];

export function columnName(column: EncryptedColumn): string {
  return `${column.table}.${column.column}`;
}
