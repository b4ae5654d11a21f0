/**
 * One Switchyard per data directory: the launcher records its pid in <data>/switchyard.pid and a
 * second start from the same folder stops with a clear message instead of fighting over Postgres.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export class AlreadyRunningError extends Error {
  constructor(
    readonly pid: number,
    readonly url: string | undefined,
  ) {
    super(`Switchyard is already running from this folder (pid ${pid}${url ? `, ${url}` : ""}). Stop it first, or use another DATA_DIR.`);
    this.name = "AlreadyRunningError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface InstanceLock {
  setUrl(url: string): void;
  release(): void;
}

export function acquireInstanceLock(dataDir: string): InstanceLock {
  const file = path.join(dataDir, "switchyard.pid");
  if (existsSync(file)) {
    const [pidText, url] = readFileSync(file, "utf8").split("\n");
    const pid = Number(pidText);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) throw new AlreadyRunningError(pid, url || undefined);
  }
  writeFileSync(file, `${process.pid}\n`);
  return {
    setUrl: (url) => writeFileSync(file, `${process.pid}\n${url}\n`),
    release: () => {
      if (existsSync(file) && Number(readFileSync(file, "utf8").split("\n")[0]) === process.pid) rmSync(file);
    },
  };
}
