"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext } from "react";
import type { Values, WizardConnection, WizardState } from "./wizard-types";

export interface DeployStatus {
  status: string;
  statusReason: string | null;
  lifecycle: { id: string; flowKey: string; trigger: string; status: string; stepRuns: { stateName: string; status: string }[] }[];
}

/**
 * Everything the wizard reads and writes, injected by its host: the embedded marketplace (the
 * customer's own session) and the console (an owner or admin deploying for a customer) each
 * supply one over their own procedures, so both render the one wizard.
 */
export interface CredentialsInput {
  instanceId: string;
  connector: string;
  key: string;
  method: string;
  credentials: Record<string, string | boolean>;
  connectionId?: string;
}

export interface WizardAdapter {
  /** Keeps the two hosts' cached answers apart. */
  scope: string;
  loadState(instanceId: string): Promise<WizardState>;
  savePage(input: {
    instanceId: string;
    page: number;
    values: Values;
    validate: boolean;
  }): Promise<{ page: number; problems: { field: string; message: string }[] }>;
  loadOptions(input: { instanceId: string; fieldKey: string; search?: string }): Promise<{ options: { value: string; label: string }[] }>;
  /** The single-use start URL of the OAuth popup, creating the connection for the instance's customer. */
  beginOAuth(input: { instanceId: string; key: string; connector: string; connectionId?: string }): Promise<{ startUrl: string }>;
  linkConnection(input: { instanceId: string; connectionKey: string; connectionId: string }): Promise<unknown>;
  /** "Use a token instead": credentials typed in, checked with the provider, saved for the instance's customer. */
  connectWithCredentials(input: CredentialsInput): Promise<unknown>;
  deploy(input: { instanceId: string; values: Values }): Promise<{ status: "deploying" | "active" }>;
  loadDeployStatus(instanceId: string): Promise<DeployStatus>;
  /** Something changed (a connection, a deploy): refresh what the host shows besides the wizard. */
  onChanged(): Promise<void>;
  onDeployed(state: WizardState): void;
  onConnectionFailed?(connection: WizardConnection, instanceId: string, message: string): void;
}

const WizardAdapterContext = createContext<WizardAdapter | null>(null);

export const WizardAdapterProvider = WizardAdapterContext.Provider;

export function useWizardAdapter(): WizardAdapter {
  const adapter = useContext(WizardAdapterContext);
  if (!adapter) throw new Error("The wizard needs a WizardAdapterProvider around it");
  return adapter;
}

export const wizardKeys = {
  all: (scope: string) => ["wizard", scope] as const,
  state: (scope: string, instanceId: string) => ["wizard", scope, "state", instanceId] as const,
  options: (scope: string, instanceId: string, fieldKey: string, search: string) => ["wizard", scope, "options", instanceId, fieldKey, search] as const,
  deployStatus: (scope: string, instanceId: string) => ["wizard", scope, "deploy-status", instanceId] as const,
};

/** Refreshes the wizard's own answers and whatever the host shows. */
export function useWizardRefresh() {
  const adapter = useWizardAdapter();
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: wizardKeys.all(adapter.scope) }), adapter.onChanged()]);
  }, [adapter, queryClient]);
}
