import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * A remove that answered `removing`: the cached instance becomes `removing` before the page asks
 * again. The remove flows can finish, and the instance be deleted, before that next answer
 * arrives; the page then only ever hears "not found", and `removedSinceLastSeen` needs the
 * instance last seen `removing` to tell a removal from a bad link. Queries already on their way
 * are cancelled so an answer from before the removal cannot overwrite it.
 */
export async function markRemoving(queryClient: QueryClient, queryKey: QueryKey): Promise<void> {
  await queryClient.cancelQueries({ queryKey, exact: true });
  queryClient.setQueryData<{ status: string }>(queryKey, (instance) => (instance ? { ...instance, status: "removing" } : instance));
}
