import { headers } from "next/headers";
import { sandboxServes } from "@/server/sandbox/config";

/** Form actions of the sandbox pages refuse to run when the sandbox does not serve this visitor, like its routes. */
export async function guardSandboxAction(): Promise<void> {
  if (!sandboxServes(await headers())) throw new Error("the sandbox is disabled");
}
