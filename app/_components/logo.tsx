/**
 * Switchyard's mark (a track and the branch a switch sends traffic to) and its wordmark; the same
 * drawing is the favicon (app/icon.svg).
 */
export function LogoMark({ className = "h-6 w-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden focusable="false">
      <rect width="32" height="32" rx="7" fill="#2259c9" />
      <path d="M11 27V5" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <path d="M11 23c0-6 10-6 10-12V5" fill="none" stroke="#9ec2ff" strokeWidth="3" strokeLinecap="round" />
      <circle cx="11" cy="23" r="2.6" fill="#fff" />
    </svg>
  );
}

export function Logo({ markClassName }: { markClassName?: string }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <LogoMark className={markClassName} />
      Switchyard
    </span>
  );
}
