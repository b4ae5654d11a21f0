/** An integration's icon: an image URL or path, otherwise its initials. */
export function IntegrationIcon({ icon, name }: { icon: string | null; name: string }) {
  const isImage = icon !== null && /^(https:\/\/|\/)[^\s"'<>]+$/.test(icon);
  const initials = name
    .split(/[\s↔&-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join("");
  return (
    <span className="sy-icon" aria-hidden="true">
      {/* eslint-disable-next-line @next/next/no-img-element -- vendor-supplied icons on any host */}
      {isImage ? <img src={icon} alt="" /> : initials}
    </span>
  );
}
