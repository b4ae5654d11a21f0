"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { problemFor } from "@/app/_components/sy/errors";
import { useTRPC } from "@/app/_components/trpc-provider";
import { EXTERNAL_ID_RULE } from "@/server/modules/customers/external-id";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, formatDate, inputClass, PageHeader, Spinner } from "../_components/ui";
import { ListFooter } from "../_components/list-footer";
import { countOf } from "@/server/text/plural";

function CreateCustomer() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [externalId, setExternalId] = useState("");
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.customers.create.mutationOptions({
      onSuccess: () => {
        setExternalId("");
        setName("");
        return queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
      },
    }),
  );
  return (
    <Card title="New customer">
      <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => (e.preventDefault(), create.mutate({ externalId, name: name || undefined }))}>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Your id for them (externalId)</span>
          <input
            className={inputClass}
            required
            value={externalId}
            onChange={(e) => setExternalId(e.target.value)}
            aria-invalid={problemFor(create.error, "externalId") ? true : undefined}
            aria-describedby="external-id-rule"
          />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Name</span>
          <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create customer
        </Button>
      </form>
      <p id="external-id-rule" className="mt-2 text-xs text-slate-500">
        The id you know this customer by in your own product: {EXTERNAL_ID_RULE}. Your embed tokens name the customer by it.
      </p>
      <div className="mt-2">
        <ErrorNote error={create.error} />
      </div>
    </Card>
  );
}

export default function CustomersPage() {
  const trpc = useTRPC();
  const { canEdit } = usePermissions();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const list = useInfiniteQuery(
    trpc.customers.list.infiniteQueryOptions({ limit: 25, search: deferred || undefined }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="space-y-6">
      <PageHeader title="Customers" description="Your customers, known by your own id for them." />
      {canEdit ? <CreateCustomer /> : null}
      <div className="flex items-center gap-3">
        <input
          type="search"
          aria-label="Search customers"
          placeholder="Search by name or id…"
          className={`${inputClass} w-80`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {list.isFetching ? <Spinner label="Searching…" /> : null}
      </div>
      <ErrorNote error={list.error} />
      {!list.isPending && rows.length === 0 ? <p className="text-sm text-slate-500">No customers match.</p> : null}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {rows.map((c) => (
          <li key={c.id}>
            <Link href={`/customers/${c.id}`} className="flex justify-between px-4 py-3 text-sm hover:bg-slate-50 focus:bg-slate-50 focus:outline-none">
              <span>
                <span className="font-medium">{c.name}</span> <code className="text-xs text-slate-500">{c.externalId}</code>
              </span>
              <span className="text-slate-500">
                {countOf(c.instanceCount, "instance")} · since {formatDate(c.createdAt)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <ListFooter
        shown={rows.length}
        hasMore={Boolean(list.hasNextPage)}
        pending={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
        noun={["customer", "customers"]}
      />
    </div>
  );
}
