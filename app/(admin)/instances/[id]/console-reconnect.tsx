"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC, useTRPCClient } from "@/app/_components/trpc-provider";
import { ConnectionField } from "@/app/_components/wizard/connection-field";
import { WizardAdapterProvider, type WizardAdapter } from "@/app/_components/wizard/wizard-adapter";
import type { WizardConnection } from "@/app/_components/wizard/wizard-types";
import { ConsoleSyTheme } from "../../_components/sy-theme";

function unused(): never {
  throw new Error("not part of reconnecting");
}

/**
 * A connection that needs reconnecting, reconnected from the console for the instance's customer
 * (the OAuth popup, or a token typed in): the connection keeps its id, and the executions parked
 * on it run again.
 */
export function ConsoleReconnect({ instanceId, customerId, connection }: { instanceId: string; customerId: string; connection: WizardConnection }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const adapter = useMemo<WizardAdapter>(
    () => ({
      scope: "console-reconnect",
      beginOAuth: (input) => client.connections.beginOAuth.mutate({ ...input, customerId }),
      connectWithCredentials: (input) => client.connections.connectWithCredentials.mutate({ ...input, customerId }),
      linkConnection: (input) => client.wizard.linkConnection.mutate(input),
      onChanged: () => queryClient.invalidateQueries({ queryKey: trpc.instances.pathKey() }),
      loadState: unused,
      savePage: unused,
      loadOptions: unused,
      deploy: unused,
      loadDeployStatus: unused,
      onDeployed: unused,
    }),
    [client, customerId, queryClient, trpc],
  );
  return (
    <ConsoleSyTheme>
      <WizardAdapterProvider value={adapter}>
        <ConnectionField instanceId={instanceId} connection={connection} />
      </WizardAdapterProvider>
    </ConsoleSyTheme>
  );
}
