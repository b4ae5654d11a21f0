/**
 * `npm run keys:rotate [-- --new-key <key>] [--batch-size <n>]`: re-encrypts every stored secret
 * with a new encryption key (generated unless given), in batches of short transactions. Safe to
 * run again after an interruption: it finishes what is left. See README "Rotating the encryption key".
 *
 * Keys come from .data/secrets.json (the embedded default; the file is updated, and Switchyard
 * must be stopped) or from ENCRYPTION_KEY / ENCRYPTION_KEY_PREVIOUS (the new key is printed to
 * put in ENCRYPTION_KEY). The database is DATABASE_URL, or the embedded one.
 */
import { parseArgs } from "node:util";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { keyId } from "@/server/crypto/secret-box";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { dataDirectory, decodeKey, EnvError, parseEnv } from "@/server/env";
import { startEmbeddedDatabase } from "@/server/launcher/database";
import { acquireInstanceLock } from "@/server/launcher/instance-lock";
import { loadSecrets, saveSecrets } from "@/server/launcher/secrets";
import { ENCRYPTED_COLUMNS } from "@/server/modules/encryption/encrypted-columns";
import { reencryptAll, sealedValuesByKey } from "@/server/modules/encryption/reencrypt.service";
import { describeKey, planRotation, type RotationPlan } from "@/server/modules/encryption/rotation-plan";

const say = (line: string) => process.stdout.write(`${line}\n`);
const b64 = (key: Buffer) => key.toString("base64");

function options() {
  const { values } = parseArgs({ options: { "new-key": { type: "string" }, "batch-size": { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    say("Usage: npm run keys:rotate [-- --new-key <32 bytes, hex or base64>] [--batch-size <n>]");
    process.exit(0);
  }
  const newKey = values["new-key"] === undefined ? undefined : decodeKey(values["new-key"]);
  if (newKey === null) throw new Error("--new-key: expected 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)");
  const batchSize = values["batch-size"] === undefined ? 100 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error("--batch-size: expected a whole number between 1 and 10000");
  return { newKey, batchSize };
}

async function reencrypt(plan: RotationPlan, batchSize: number): Promise<boolean> {
  useEncryptionKey(plan.target, plan.readable);
  say(`Re-encrypting ${ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).join(", ")} with ${describeKey(plan.target)}…`);
  const report = await reencryptAll({ target: plan.target, readable: plan.readable, batchSize });
  for (const [column, n] of Object.entries(report.rewritten)) say(`  ${column}: ${n} re-encrypted`);
  const remaining = Object.entries(await sealedValuesByKey()).filter(([id]) => id !== keyId(plan.target));
  if (report.unreadable.length > 0 || remaining.length > 0) {
    for (const line of report.unreadable) say(`  cannot read ${line}`);
    say(`Values still sealed with other keys: ${remaining.map(([id, n]) => `${n} with key ${id}`).join(", ") || "none"}.`);
    say("Supply the missing key in ENCRYPTION_KEY_PREVIOUS and run this again; nothing was lost.");
    return false;
  }
  say("Every stored secret is now sealed with the new key.");
  return true;
}

/** Keys in .data/secrets.json: the file is the only place the key lives, so it is updated first. */
async function rotateEmbeddedKeys(e: ReturnType<typeof parseEnv>, newKey: Buffer | undefined, batchSize: number): Promise<boolean> {
  const dataDir = dataDirectory(e);
  const lock = acquireInstanceLock(dataDir);
  try {
    const secrets = loadSecrets(dataDir);
    if (!secrets) throw new Error(`${dataDir}/secrets.json does not exist: there is nothing encrypted to rotate yet.`);
    const plan = planRotation(
      { current: decodeKey(secrets.encryptionKey)!, previous: (secrets.previousEncryptionKeys ?? []).map((k) => decodeKey(k)!) },
      newKey,
    );
    // Written before any value changes: if the run stops half-way, the next start reads both keys
    // and running this again finishes the job.
    if (plan.kind === "rotate") {
      saveSecrets(dataDir, { ...secrets, encryptionKey: b64(plan.target), previousEncryptionKeys: plan.retiring.map(b64) });
      say(`New ${describeKey(plan.target)} written to ${dataDir}/secrets.json (the old key stays there until every value is re-encrypted).`);
    } else {
      say(`Finishing an earlier rotation to ${describeKey(plan.target)}.`);
    }
    let stopDatabase = async () => {};
    if (!e.DATABASE_URL) {
      const embedded = await startEmbeddedDatabase({ dataDir, port: e.EMBEDDED_POSTGRES_PORT, password: secrets.postgresPassword, say });
      stopDatabase = () => embedded.postgres.stop();
      useDatabase(embedded.url);
    } else {
      useDatabase(e.DATABASE_URL);
    }
    try {
      const done = await reencrypt(plan, batchSize);
      if (done) {
        saveSecrets(dataDir, { ...secrets, encryptionKey: b64(plan.target), previousEncryptionKeys: [] });
        say(`Old keys removed from ${dataDir}/secrets.json. Start Switchyard as usual.`);
      }
      return done;
    } finally {
      await disconnectDb();
      await stopDatabase();
    }
  } finally {
    lock.release();
  }
}

/** Keys in the environment: the new key is printed for the operator to deploy. */
async function rotateEnvironmentKeys(e: ReturnType<typeof parseEnv>, newKey: Buffer | undefined, batchSize: number): Promise<boolean> {
  if (!e.DATABASE_URL) throw new EnvError(["DATABASE_URL: required when ENCRYPTION_KEY comes from the environment"]);
  const plan = planRotation({ current: decodeKey(e.ENCRYPTION_KEY!)!, previous: (e.ENCRYPTION_KEY_PREVIOUS ?? []).map((k) => decodeKey(k)!) }, newKey);
  const previous = plan.retiring.map(b64).join(",");
  if (plan.kind === "rotate") {
    say("New encryption key (keep it safe; it is shown only here):");
    say(`  ENCRYPTION_KEY=${b64(plan.target)}`);
    say(`  ENCRYPTION_KEY_PREVIOUS=${previous}`);
    say("If this run is interrupted, run it again with exactly those two variables set to finish.");
  } else {
    say(`Finishing the rotation to ENCRYPTION_KEY (${describeKey(plan.target)}).`);
  }
  useDatabase(e.DATABASE_URL);
  try {
    const done = await reencrypt(plan, batchSize);
    if (done) {
      say(
        plan.kind === "rotate"
          ? "Now give every web and worker process ENCRYPTION_KEY (above) and, until all of them have restarted, ENCRYPTION_KEY_PREVIOUS; then remove ENCRYPTION_KEY_PREVIOUS."
          : "Remove ENCRYPTION_KEY_PREVIOUS from every process's environment at their next restart.",
      );
    }
    return done;
  } finally {
    await disconnectDb();
  }
}

async function main() {
  const { newKey, batchSize } = options();
  const e = parseEnv(process.env);
  const done = e.ENCRYPTION_KEY ? await rotateEnvironmentKeys(e, newKey, batchSize) : await rotateEmbeddedKeys(e, newKey, batchSize);
  process.exit(done ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`keys:rotate: ${(error as Error).message}\n`);
  process.exit(1);
});
