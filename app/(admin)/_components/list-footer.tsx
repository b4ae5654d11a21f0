"use client";

import { Button } from "./ui";

/** Under a paged list: how many rows are shown and, while more exist, a Load more button. */
export function ListFooter({ shown, hasMore, pending, onMore, noun = "rows" }: { shown: number; hasMore: boolean; pending: boolean; onMore: () => void; noun?: string }) {
  if (shown === 0 && !hasMore) return null;
  return (
    <div className="mt-3 flex items-center justify-between gap-3 text-xs text-slate-500">
      <span role="status">
        {shown} {noun} shown{hasMore ? "; more are older" : ""}
      </span>
      {hasMore ? (
        <Button onClick={onMore} pending={pending}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
