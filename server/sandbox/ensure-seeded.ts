import { seedSandbox } from "@/server/sandbox/seed";

let seeding: Promise<unknown> | undefined;

/**
 * Seeds the demo accounts once per process, on the first sandbox request, so an enabled sandbox
 * works without a separate seed step. A failed seed is retried on the next request.
 */
export function ensureSandboxSeeded(): Promise<unknown> {
  seeding ??= seedSandbox().catch((error: unknown) => {
    seeding = undefined;
    throw error;
  });
  return seeding;
}
