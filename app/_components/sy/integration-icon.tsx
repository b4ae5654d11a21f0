import type { IconView } from "@/server/modules/icons/brand-icons";
import { nameInitials } from "./display-text";

/** An integration's or connector's logo (a Simple Icons brand or the vendor's image), otherwise its initials. */
export function IntegrationIcon({ icon, name, size = "normal" }: { icon: IconView | null; name: string; size?: "normal" | "small" }) {
  const initials = nameInitials(name);
  const sizeClass = size === "small" ? " sy-icon-small" : "";
  if (icon?.kind === "brand") {
    return (
      <span
        className={`sy-icon sy-icon-brand${sizeClass}`}
        style={{ "--sy-icon-color": icon.color } as React.CSSProperties}
        aria-hidden="true"
        data-icon={icon.title}
      >
        <svg viewBox="0 0 24 24" role="presentation">
          <path d={icon.path} fill="currentColor" />
        </svg>
      </span>
    );
  }
  return (
    <span className={`sy-icon${sizeClass}`} aria-hidden="true">
      {/* biome-ignore lint/performance/noImgElement: vendor-supplied icons on any host */}
      {icon?.kind === "image" ? <img src={icon.src} alt="" /> : initials}
    </span>
  );
}
