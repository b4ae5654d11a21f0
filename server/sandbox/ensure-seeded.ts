import { resumeOutboundQueue } from "@/server/sandbox/salesforce/outbound-queue";
import { seedSandbox } from "@/server/sandbox/seed";

let seeding: Promise<unknown> | undefined;

/**
 * Seeds the demo accounts once per process, on the first sandbox request, so an enabled sandbox
 * works without a separate seed step, and picks up the Salesforce outbound messages a previous
 * process left queued. A failed seed is retried on the next request.
 */
export function ensureSandboxSeeded(): Promise<unknown> {
  seeding ??= seedSandbox()
    .then(resumeOutboundQueue)
    .catch((error: unknown) => {
      seeding = undefined;
      throw error;
    });
  return seeding;
}
