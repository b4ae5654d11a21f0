/**
 * The first start without a browser: with SETUP_ORGANIZATION, SETUP_OWNER_NAME, SETUP_OWNER_EMAIL
 * and SETUP_OWNER_PASSWORD_FILE (or SETUP_OWNER_PASSWORD) set, `npm start` creates the organization
 * and its owner when nobody exists yet, and prints the organization's first API key — once, since
 * later starts find the owner and create nothing. The password is never printed.
 */
import { readFileSync } from "node:fs";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { useDatabase } from "@/server/db/client";
import { EnvError, useRuntimeConfig, type Env, type RuntimeConfig } from "@/server/env";
import { isAppError } from "@/server/errors";
import { setUpHeadless } from "@/server/modules/auth/headless-setup.service";
import { needsSetup, ownerSetupSchema, type OwnerSetupInput } from "@/server/modules/auth/setup.service";

const NAMES = ["SETUP_ORGANIZATION", "SETUP_OWNER_NAME", "SETUP_OWNER_EMAIL"] as const;

/** The set-up the environment asks for, or null when it asks for none; what is missing or wrong stops the start. */
export function setupFromEnvironment(e: Env, readFile: (file: string) => string = (file) => readFileSync(file, "utf8")): OwnerSetupInput | null {
  const given = [...NAMES, "SETUP_OWNER_PASSWORD", "SETUP_OWNER_PASSWORD_FILE"].filter((name) => e[name as keyof Env] !== undefined);
  if (given.length === 0) return null;
  const problems = NAMES.filter((name) => e[name] === undefined).map((name) => `${name}: required with ${given.join(", ")} (first-start set-up)`);
  if (e.SETUP_OWNER_PASSWORD === undefined && e.SETUP_OWNER_PASSWORD_FILE === undefined) {
    problems.push("SETUP_OWNER_PASSWORD_FILE: required for the first-start set-up (a file holding the owner's password; or SETUP_OWNER_PASSWORD)");
  }
  if (e.SETUP_OWNER_PASSWORD !== undefined && e.SETUP_OWNER_PASSWORD_FILE !== undefined) {
    problems.push("SETUP_OWNER_PASSWORD: give either SETUP_OWNER_PASSWORD or SETUP_OWNER_PASSWORD_FILE, not both");
  }
  if (problems.length > 0) throw new EnvError(problems);
  let password = e.SETUP_OWNER_PASSWORD;
  if (password === undefined) {
    try {
      password = readFile(e.SETUP_OWNER_PASSWORD_FILE!).split(/\r?\n/)[0] ?? "";
    } catch (error) {
      throw new EnvError([`SETUP_OWNER_PASSWORD_FILE: cannot read ${e.SETUP_OWNER_PASSWORD_FILE} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`]);
    }
  }
  const parsed = ownerSetupSchema.safeParse({ organizationName: e.SETUP_ORGANIZATION, name: e.SETUP_OWNER_NAME, email: e.SETUP_OWNER_EMAIL, password });
  if (!parsed.success) {
    const variables: Record<string, string> = {
      organizationName: "SETUP_ORGANIZATION",
      name: "SETUP_OWNER_NAME",
      email: "SETUP_OWNER_EMAIL",
      password: e.SETUP_OWNER_PASSWORD_FILE ? "SETUP_OWNER_PASSWORD_FILE" : "SETUP_OWNER_PASSWORD",
    };
    throw new EnvError(parsed.error.issues.map((issue) => `${variables[String(issue.path[0])] ?? "SETUP_*"}: ${issue.message}`));
  }
  return parsed.data;
}

/** Runs the set-up the environment asks for against the migrated database, before the web server starts. */
export async function setUpOnFirstStart(e: Env, config: RuntimeConfig, say: (line: string) => void): Promise<void> {
  const input = setupFromEnvironment(e);
  if (!input) return;
  useRuntimeConfig(config);
  useEncryptionKey(config.encryptionKey, config.previousEncryptionKeys);
  useDatabase(config.databaseUrl);
  if (!(await needsSetup())) {
    say("SETUP_* variables ignored: Switchyard is already set up (sign in, or create API keys in Settings → API keys).");
    return;
  }
  try {
    const setup = await setUpHeadless(input);
    say(`Set up ${setup.organization.name} with owner ${setup.owner.email}.`);
    say(`The organization's first API key (shown only now; keep it safe): ${setup.apiKey.key}`);
  } catch (error) {
    // Another process set it up between the check and now.
    if (isAppError(error) && error.code === "CONFLICT") say("SETUP_* variables ignored: Switchyard is already set up.");
    else throw error;
  }
}
