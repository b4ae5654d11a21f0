/**
 * `npm run keys:rotate`: with a sealed value in every encrypted column, a rotation leaves every
 * value readable with the new key alone; an interrupted rotation is finished by running it again;
 * the embedded mode's secrets.json is updated; a value no key opens is reported, not destroyed.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openJson, useEncryptionKey } from "@/server/crypto/keyring";
import { decryptSecret, encryptSecret, keyId, sealedKeyId } from "@/server/crypto/secret-box";
import { db } from "@/server/db/client";
import { createAlertChannel, saveSmtpSettings } from "@/server/modules/alerts/alerts.service";
import { createEmbedWorld, sessionFor } from "@/server/testing/embed-test-setup";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { TEST_ENCRYPTION_KEY } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { columnName, ENCRYPTED_COLUMNS } from "./encrypted-columns";
import { reencryptAll } from "./reencrypt.service";

const run = promisify(execFile);
let databaseUrl: string;
let world: Awaited<ReturnType<typeof createEmbedWorld>>;

async function sealedValues(): Promise<{ column: string; id: string; value: string }[]> {
  const all = [];
  for (const column of ENCRYPTED_COLUMNS) {
    const text = column.jsonKey ? `"${column.column}"->>'${column.jsonKey}'` : `"${column.column}"`;
    const rows = await db().$queryRawUnsafe<{ id: string; value: string }[]>(
      `SELECT "${column.idColumn ?? "id"}"::text AS id, ${text} AS value FROM "${column.table}" WHERE ${text} LIKE 'v1:%'`,
    );
    all.push(...rows.map((row) => ({ column: columnName(column), ...row })));
  }
  return all;
}

async function rotate(env: Record<string, string>, args: string[] = []) {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", NODE_ENV: "test" };
  return run(process.execPath, ["--import", "tsx", "scripts/rotate-encryption-key.ts", "--batch-size", "2", ...args], { env: { ...base, ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: `${e.stdout}${e.stderr}` }),
  );
}

/** Every sealed value opens with `key` alone, and the application reads it through the keyring. */
async function expectAllSealedWith(key: Buffer) {
  const values = await sealedValues();
  expect(values.length).toBeGreaterThanOrEqual(ENCRYPTED_COLUMNS.length + 1);
  for (const { value } of values) {
    expect(sealedKeyId(value)).toBe(keyId(key));
    expect(() => decryptSecret(value, key)).not.toThrow();
  }
  useEncryptionKey(key);
  for (const { value } of values) expect(() => openJson(value)).not.toThrow();
  // The application works on the new key only: an embed session needs the sealed HS256 secret.
  await expect(sessionFor(world.organization.id, world.secret, world.kid, "customer-a")).resolves.toBeDefined();
}

beforeAll(async () => {
  databaseUrl = await useFreshDatabase("rotation");
  world = await createEmbedWorld();
  await createOAuthApp(world.organization.id, { provider: "github", clientId: "client-1", clientSecret: "oauth-client-secret-value", scopes: [] });
  await createAlertChannel(world.organization.id, { kind: "webhook", name: "Ops", url: "https://ops.example.test/alerts" });
  await saveSmtpSettings(world.organization.id, {
    host: "smtp.example.test",
    port: 587,
    security: "starttls",
    username: "alerts",
    password: "smtp-password-value",
    fromAddress: "alerts@example.test",
  });
  const values = await sealedValues();
  // One value at least in every encrypted column, or the rotation below would prove nothing there.
  expect(new Set(values.map((v) => v.column))).toEqual(new Set(ENCRYPTED_COLUMNS.map(columnName)));
});

afterAll(() => useEncryptionKey(TEST_ENCRYPTION_KEY));

describe("encryption key rotation", () => {
  let current = TEST_ENCRYPTION_KEY;

  it("re-encrypts every value with a generated key and prints it for ENCRYPTION_KEY", async () => {
    const result = await rotate({ ENCRYPTION_KEY: current.toString("base64") });
    expect(result.code, result.stdout).toBe(0);
    const printed = result.stdout.match(/ENCRYPTION_KEY=(\S+)/)?.[1];
    expect(printed).toBeDefined();
    expect(result.stdout).toContain(`ENCRYPTION_KEY_PREVIOUS=${current.toString("base64")}`);
    const next = Buffer.from(printed!, "base64");
    await expectAllSealedWith(next);
    for (const { value } of await sealedValues()) expect(() => decryptSecret(value, current)).toThrow(/another key/);
    current = next;
  });

  it("finishes an interrupted rotation when run again with the new key and the old one as previous", async () => {
    const next = randomBytes(32);
    let batches = 0;
    const interrupted = await reencryptAll({
      target: next,
      readable: [current],
      batchSize: 1,
      onBatch: () => {
        if (++batches === 2) throw new Error("killed");
      },
    }).catch((e: Error) => e);
    expect(interrupted).toBeInstanceOf(Error);
    const ids = new Set((await sealedValues()).map((v) => sealedKeyId(v.value)));
    expect(ids).toEqual(new Set([keyId(current), keyId(next)]));
    // Meanwhile a process holding both keys reads everything.
    useEncryptionKey(next, [current]);
    for (const { value } of await sealedValues()) expect(() => openJson(value)).not.toThrow();

    const result = await rotate({ ENCRYPTION_KEY: next.toString("base64"), ENCRYPTION_KEY_PREVIOUS: current.toString("base64") });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("Remove ENCRYPTION_KEY_PREVIOUS");
    await expectAllSealedWith(next);
    current = next;
  });

  it("updates .data/secrets.json in the embedded mode, keeping the old key there until the end", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "rotate-"));
    const file = path.join(dataDir, "secrets.json");
    writeFileSync(file, JSON.stringify({ sessionSecret: "s".repeat(40), encryptionKey: current.toString("base64"), postgresPassword: "p".repeat(20) }), {
      mode: 0o600,
    });
    const newKey = randomBytes(32);
    const result = await rotate({ DATA_DIR: dataDir }, ["--new-key", newKey.toString("hex")]);
    expect(result.code, result.stdout).toBe(0);
    const secrets = JSON.parse(readFileSync(file, "utf8"));
    expect(secrets).toEqual({ sessionSecret: "s".repeat(40), encryptionKey: newKey.toString("base64"), postgresPassword: "p".repeat(20) });
    expect(result.stdout).not.toContain(newKey.toString("base64"));
    await expectAllSealedWith(newKey);

    // Interrupted after secrets.json was written: the file names both keys and a rerun finishes.
    const later = randomBytes(32);
    await reencryptAll({
      target: later,
      readable: [newKey],
      batchSize: 1,
      onBatch: () => {
        throw new Error("killed");
      },
    }).catch(() => undefined);
    writeFileSync(file, JSON.stringify({ ...secrets, encryptionKey: later.toString("base64"), previousEncryptionKeys: [newKey.toString("base64")] }));
    const finished = await rotate({ DATA_DIR: dataDir });
    expect(finished.code, finished.stdout).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).previousEncryptionKeys).toBeUndefined();
    await expectAllSealedWith(later);
    current = later;
  });

  it("reports a value no supplied key can open and rotates the rest", async () => {
    const stranger = await db().connection.findFirstOrThrow({ where: { organizationId: world.organization.id } });
    const lost = encryptSecret(JSON.stringify({ kind: "apiKey", key: "x" }), randomBytes(32));
    await db().connection.update({ where: { id: stranger.id }, data: { credentialsEncrypted: lost } });
    const result = await rotate({ ENCRYPTION_KEY: current.toString("base64") });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`cannot read connection.credentials_encrypted ${stranger.id}`);
    expect((await db().connection.findUniqueOrThrow({ where: { id: stranger.id } })).credentialsEncrypted).toBe(lost);
    const others = (await sealedValues()).filter((v) => v.id !== stranger.id);
    expect(new Set(others.map((v) => sealedKeyId(v.value))).size).toBe(1);
    expect(sealedKeyId(others[0].value)).not.toBe(keyId(current));
  });
});
