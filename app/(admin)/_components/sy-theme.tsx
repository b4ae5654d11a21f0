import "@/app/_components/sy/sy.css";

/** The console's colours for the components it shares with the embedded marketplace (the "sy-" look). */
const consoleTheme = { "--sy-primary": "#2259c9", "--sy-radius": "6px" } as React.CSSProperties;

export function ConsoleSyTheme({ children, className }: { children: React.ReactNode; className?: string }) {
  return (
    <section className={`sy-theme ${className ?? ""}`} style={consoleTheme}>
      {children}
    </section>
  );
}
