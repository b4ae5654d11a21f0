"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { IntegrationCard } from "@/app/_components/sy/integration-card";
import { useTRPC } from "@/app/_components/trpc-provider";
import { themeVariables } from "@/server/modules/embed/embed-theme";
import { Button, Card, ErrorNote, inputClass } from "../../_components/ui";

interface Listing {
  id: string;
  name: string;
  description: string;
  listed: boolean;
  category: string | null;
  icon: string | null;
}

/**
 * Marketplace visibility, category and icon, with a live preview: the marketplace's own card
 * component in the organization's embed theme, the icon resolved as the marketplace resolves it.
 */
export function ListingForm({ integration, canEdit }: { integration: Listing; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [listed, setListed] = useState(integration.listed);
  const [category, setCategory] = useState(integration.category ?? "");
  const [icon, setIcon] = useState(integration.icon ?? "");
  const typedIcon = useDeferredValue(icon.trim());
  const iconView = useQuery({ ...trpc.integrations.iconPreview.queryOptions({ icon: typedIcon }), placeholderData: (previous) => previous });
  const theme = useQuery(trpc.embedKeys.settings.queryOptions()).data?.theme ?? {};
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
            <span className="mb-1 block font-medium text-slate-700">Icon (a brand such as github or zendesk, or an https image URL)</span>
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
          <div
            data-testid="marketplace-card"
            className="sy-theme w-80 rounded-lg bg-[var(--sy-surface)] p-3 [font-family:var(--sy-font)]"
            data-mode={theme.mode ?? "light"}
            style={themeVariables(theme) as React.CSSProperties}
          >
            <IntegrationCard card={{ name: integration.name, description: integration.description, category: category || null, icon: iconView.data ?? null }} />
          </div>
        </div>
      </div>
    </Card>
  );
}
