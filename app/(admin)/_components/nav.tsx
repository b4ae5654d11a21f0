"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const items = [
  { href: "/", label: "Dashboard" },
  { href: "/integrations", label: "Integrations" },
  { href: "/customers", label: "Customers" },
  { href: "/instances", label: "Instances" },
  { href: "/executions", label: "Executions" },
  { href: "/incidents", label: "Incidents" },
  { href: "/alerts", label: "Alerts" },
  { href: "/settings", label: "Settings" },
];

/**
 * The section a path belongs to. Deploying for a customer (Customers → Deploy integration) goes on
 * in the instance's setup wizard, which stays under Customers, where the member started.
 */
export function currentSection(pathname: string): string {
  if (/^\/instances\/[^/]+\/setup(\/|$)/.test(pathname)) return "/customers";
  const match = items.filter((item) => item.href !== "/" && (pathname === item.href || pathname.startsWith(`${item.href}/`)));
  return match[0]?.href ?? "/";
}

export function ConsoleNav() {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Console" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-6">
        {items.map((item) => {
          const current = currentSection(pathname) === item.href;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={`block border-b-2 px-3 py-2.5 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${
                  current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
