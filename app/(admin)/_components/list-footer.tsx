"use client";

import { Button } from "./ui";

/** Under a paged list: how many rows are shown and, while more exist, a Load more button. */
export function ListFooter(props: { shown: number; hasMore: boolean; pending: boolean; onMore: () => void; noun: [singular: string, plural: string] }) {
  const { shown, hasMore, pending, onMore } = props;
  if (shown === 0 && !hasMore) return null;
  const noun = shown === 1 ? props.noun[0] : props.noun[1];
  return (
    <div className="mt-3 flex items-center justify-between gap-3 text-xs text-slate-500">
      <span role="status">
        {shown} {noun} shown{hasMore ? "; older ones follow" : ""}
      </span>
      {hasMore ? (
        <Button onClick={onMore} pending={pending}>
          Load more
        </Button>
      ) : null}
    </div>
  );
}
