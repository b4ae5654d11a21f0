import Link from "next/link";
import type { IconView } from "@/server/modules/icons/brand-icons";
import { IntegrationIcon } from "./integration-icon";
import { StatusBadge } from "./status-badge";

export interface IntegrationCardData {
  name: string;
  description: string;
  category: string | null;
  icon: IconView | null;
  /** The customer's own instance, shown as a badge once it is more than a draft. */
  instanceStatus?: string | null;
}

/**
 * An integration as the marketplace shows it. The console's listing preview draws this same
 * component (without a link), so what the vendor sees is what customers get.
 */
/** `notice`: what the customer must do about this integration (a connection to reconnect), shown under the description. */
export function IntegrationCard({ card, href, notice }: { card: IntegrationCardData; href?: string; notice?: React.ReactNode }) {
  const body = (
    <>
      <div className="flex items-start gap-3">
        <IntegrationIcon icon={card.icon} name={card.name} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="font-semibold">{card.name}</h2>
            {card.instanceStatus && card.instanceStatus !== "configuring" ? <StatusBadge status={card.instanceStatus} testId="active-badge" /> : null}
          </div>
          {card.category ? <p className="sy-muted text-xs">{card.category}</p> : null}
        </div>
      </div>
      {card.description ? <p className="sy-muted mt-3 line-clamp-3 text-sm">{card.description}</p> : null}
      {notice}
    </>
  );
  return href ? (
    // No prefetch: a catalogue of many cards would render every integration page on the server at load.
    <Link href={href} prefetch={false} className="sy-card sy-tile h-full p-4" data-testid="integration-card">
      {body}
    </Link>
  ) : (
    <article className="sy-card sy-tile h-full p-4" data-testid="integration-card" aria-label={`Marketplace card: ${card.name}`}>
      {body}
    </article>
  );
}
