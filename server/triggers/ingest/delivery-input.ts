/** What a delivery brings past the front door, for process-delivery.ts and outbound-messages.ts. */
import type { HookRequest } from "@/server/http/hook-http";
import type { DeliveryEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import type { DeliveryRunContext } from "@/server/modules/instances/instances.service";
import type { HoldReason } from "@/server/modules/events/events.repo";
import type { IngestOptions } from "./options";
import type { IngestSpan } from "@/server/telemetry/tracing";

export interface DeliveryInput {
  request: HookRequest;
  rawBody: Buffer;
  endpoint: DeliveryEndpoint;
  /** The token the delivery came to and the run context it is verified and routed with. */
  token: string;
  run: DeliveryRunContext;
  /**
   * False for an endpoint known from an earlier delivery (handle-hook.ts): then only acceptance,
   * a repeat or "no flow wants this" is answered here, and everything else (a failed check, a
   * handshake, a changed instance) returns null for the front door to decide afresh.
   */
  confirmed: boolean;
  /**
   * Paused with buffering on, or still deploying: recorded as held (`buffered`) and run on resume
   * or once the deploy succeeded.
   */
  hold: HoldReason | null;
  options: IngestOptions;
  /** The delivery's span when tracing is on. */
  span?: IngestSpan | null;
}
