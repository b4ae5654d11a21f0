"use client";

import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { TRPCProvider } from "@/app/_components/trpc-provider";
import type { AppRouter } from "@/server/trpc/root";
import type { SessionGate } from "./session-gate";

export type EmbedTrpcClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";
}

/**
 * tRPC for the frame: the sealed session goes as a bearer header read from memory on every call,
 * and no cookie is ever sent (`credentials: "omit"`), so third-party cookie rules do not matter.
 */
function embedLinks(session: SessionGate) {
  return [
    httpBatchLink({
      url: "/api/trpc",
      transformer: superjson,
      // A page drawn before the exchange finished waits here for its session.
      headers: async () => ({ authorization: `Bearer ${await session.next()}` }),
      fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: "omit" }),
    }),
  ];
}

export function createEmbedClient(session: SessionGate): EmbedTrpcClient {
  return createTRPCClient<AppRouter>({ links: embedLinks(session) });
}

export function createEmbedQueryClient(onUnauthorized: () => void): QueryClient {
  const clientError = (error: unknown) => error instanceof TRPCClientError && ((error.data as { httpStatus?: number } | undefined)?.httpStatus ?? 500) < 500;
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => isUnauthorized(error) && onUnauthorized() }),
    mutationCache: new MutationCache({ onError: (error) => isUnauthorized(error) && onUnauthorized() }),
    defaultOptions: { queries: { staleTime: 5_000, retry: (count, error) => !clientError(error) && count < 1 } },
  });
}

export function EmbedTrpcProvider({ client, queryClient, children }: { client: EmbedTrpcClient; queryClient: QueryClient; children: React.ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
