"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { useTRPC, useTRPCClient } from "@/app/_components/trpc-provider";
import { WizardAdapterProvider, type WizardAdapter } from "@/app/_components/wizard/wizard-adapter";
import { useEmbed } from "./embed-context";

/** The wizard in the frame: the customer's own session, events to the vendor page, links that keep parentOrigin. */
export function EmbedWizardAdapter({ children }: { children: React.ReactNode }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { emit, href } = useEmbed();
  const adapter = useMemo<WizardAdapter>(
    () => ({
      scope: "embed",
      loadState: (instanceId) => client.embed.wizard.state.query({ instanceId }),
      savePage: (input) => client.embed.wizard.savePage.mutate(input),
      loadOptions: (input) => client.embed.wizard.dataSource.query(input),
      beginOAuth: (input) => client.connections.beginOAuth.mutate(input),
      linkConnection: (input) => client.embed.wizard.linkConnection.mutate(input),
      connectWithCredentials: (input) => client.connections.connectWithCredentials.mutate(input),
      deploy: (input) => client.embed.wizard.deploy.mutate(input),
      loadDeployStatus: (instanceId) => client.embed.instances.get.query({ instanceId }),
      onChanged: () => queryClient.invalidateQueries({ queryKey: trpc.embed.pathKey() }),
      onDeployed: (state) => {
        emit("instance.deployed", { instanceId: state.instanceId, integrationKey: state.integration.key, version: state.version });
        router.push(href(`instances/${state.instanceId}`));
      },
      onConnectionFailed: (connection, instanceId, message) =>
        emit("connection.failed", { connectionKey: connection.key, connector: connection.connector, instanceId, message }),
    }),
    [client, emit, href, queryClient, router, trpc],
  );
  return <WizardAdapterProvider value={adapter}>{children}</WizardAdapterProvider>;
}
