/**
 * Re-encrypts every sealed value with one target key, in batches of short transactions. Values
 * already sealed with the target are left alone, so a run interrupted half-way is finished by
 * running it again; values sealed with a key nobody supplied are reported, not lost.
 */
import { keyFor } from "@/server/crypto/keyring";
import { DecryptionError, decryptSecret, encryptSecret, keyId } from "@/server/crypto/secret-box";
import { columnName, ENCRYPTED_COLUMNS } from "./encrypted-columns";
import { countByKey, rewriteBatch } from "./encrypted-values.repo";

export interface ReencryptOptions {
  /** The key every value ends up sealed with. */
  target: Buffer;
  /** Keys values may be sealed with now (the target itself need not be listed). */
  readable: readonly Buffer[];
  batchSize?: number;
  /** Called after each committed batch (progress output; tests interrupt a run here). */
  onBatch?: (progress: { column: string; rewritten: number }) => void;
}

export interface ReencryptReport {
  /** Values rewritten per column, e.g. { "connection.credentials_encrypted": 12 }. */
  rewritten: Record<string, number>;
  /** Values no supplied key can open, per column: `table.column id (key id)`. */
  unreadable: string[];
  batches: number;
}

export async function reencryptAll(options: ReencryptOptions): Promise<ReencryptReport> {
  const targetId = keyId(options.target);
  const keys = [options.target, ...options.readable];
  const batchSize = options.batchSize ?? 100;
  const report: ReencryptReport = { rewritten: {}, unreadable: [], batches: 0 };
  for (const column of ENCRYPTED_COLUMNS) {
    const name = columnName(column);
    const skip: string[] = [];
    report.rewritten[name] = 0;
    for (;;) {
      const { seen, written } = await rewriteBatch(column, targetId, batchSize, skip, (rows) => {
        const next = new Map<string, string>();
        for (const row of rows) {
          try {
            next.set(row.id, encryptSecret(decryptSecret(row.value, keyFor(row.value, keys)), options.target));
          } catch (error) {
            if (!(error instanceof DecryptionError)) throw error;
            skip.push(row.id);
            report.unreadable.push(`${name} ${row.id} (${error.message})`);
          }
        }
        return next;
      });
      if (seen.length === 0) break;
      report.batches += 1;
      report.rewritten[name] += written;
      options.onBatch?.({ column: name, rewritten: written });
    }
  }
  return report;
}

/** How many sealed values each key id holds, over every encrypted column. */
export async function sealedValuesByKey(): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const column of ENCRYPTED_COLUMNS) {
    for (const [id, n] of Object.entries(await countByKey(column))) totals[id] = (totals[id] ?? 0) + n;
  }
  return totals;
}
