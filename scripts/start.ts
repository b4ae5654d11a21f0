import path from "node:path";
import { fileURLToPath } from "node:url";
import { EnvError } from "@/server/env";
import { AlreadyRunningError } from "@/server/launcher/instance-lock";
import { launch } from "@/server/launcher/launch";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

launch({ root, dev: process.argv.includes("--dev"), source: process.env }).catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof AlreadyRunningError) {
    process.stderr.write(`[switchyard] ${error.message}\n`);
  } else {
    process.stderr.write(`[switchyard] Could not start: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
