"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Button, Card, ErrorNote, inputClass } from "../../_components/ui";
import { MarketplaceCard } from "./marketplace-card";

interface Listing {
  id: string;
  name: string;
  description: string;
  listed: boolean;
  category: string | null;
  icon: string | null;
}

/** Marketplace visibility, category and icon, with a live preview of the card. */
export function ListingForm({ integration, canEdit }: { integration: Listing; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [listed, setListed] = useState(integration.listed);
  const [category, setCategory] = useState(integration.category ?? "");
  const [icon, setIcon] = useState(integration.icon ?? "");
  const save = useMutation(
    trpc.integrations.updateListing.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() }) }),
  );
  return (
    <Card title="Marketplace">
      <div className="flex flex-wrap gap-6">
        <form
          className="min-w-64 flex-1 space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ id: integration.id, listed, category: category || null, icon: icon || null });
          }}
        >
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={listed} disabled={!canEdit} onChange={(e) => setListed(e.target.checked)} />
            Listed in the marketplace
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Category</span>
            <input className={`${inputClass} w-full`} value={category} disabled={!canEdit} onChange={(e) => setCategory(e.target.value)} />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Icon (URL or connector key)</span>
            <input className={`${inputClass} w-full`} value={icon} disabled={!canEdit} onChange={(e) => setIcon(e.target.value)} />
          </label>
          <ErrorNote error={save.error} />
          {canEdit ? (
            <Button type="submit" variant="primary" pending={save.isPending}>
              Save listing
            </Button>
          ) : null}
          {save.isSuccess && !save.isPending ? <span className="ml-2 text-sm text-emerald-700">Saved.</span> : null}
          <p className="text-xs text-slate-500">A push whose manifest sets category or icon overwrites them.</p>
        </form>
        <div>
          <p className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">Preview {listed ? "(listed)" : "(hidden from customers)"}</p>
          <MarketplaceCard name={integration.name} description={integration.description} category={category || null} icon={icon || null} />
        </div>
      </div>
    </Card>
  );
}
