import { handleRunnerRequest } from "@/server/worker/runner-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// Serverless hosts cut a function off at their own limit; RUNNER_MAX_SECONDS should stay below it.
export const maxDuration = 300;

/** The flow runner route: runs due jobs for a bounded time (server/worker/runner-route.ts). */
export async function POST(request: Request) {
  return handleRunnerRequest(request);
}
