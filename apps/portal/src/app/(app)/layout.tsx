import { can } from "@storeflow/accounts";
import { Button } from "@storeflow/ui";
import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { type ReactNode } from "react";
import { ShellBillingBanners } from "@/features/billing/shell-billing-banners";
import { MainNav, type TNavItem } from "@/features/shell/main-nav";
import { MembershipSwitcher } from "@/features/shell/membership-switcher";
import { parseThemePreference, THEME_COOKIE } from "@/features/theme/theme";
import { ThemeToggle } from "@/features/theme/theme-toggle";
import { ROLE_LABEL } from "@/features/shell/roles";
import { getBrand, requireKnownHost } from "@/server/brand";
import { signOutAction } from "@/server/auth-actions";
import { getRequestContext } from "@/server/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  await requireKnownHost();
  const [{ session }, brand] = await Promise.all([getRequestContext(), getBrand()]);
  if (!session) redirect("/sign-in");
  const role = session.active?.role;
  const nav = [
    { href: "/", label: "Overview", show: true },
    { href: "/connections", label: "Connections", show: role !== undefined && role !== "platform_admin" && can(role, "connection.read") },
    { href: "/templates", label: "Templates", show: role !== undefined && role !== "platform_admin" && can(role, "installation.read") },
    { href: "/installations", label: "Installations", show: role !== undefined && role !== "platform_admin" && can(role, "installation.read") },
    { href: "/runs", label: "Runs", show: role !== undefined && role !== "platform_admin" && can(role, "run.read") },
    { href: session.active?.clientId ? `/clients/${session.active.clientId}/sla` : "/sla", label: "SLA", show: role !== undefined && role !== "platform_admin" && can(role, "sla.read") },
    { href: "/alerts", label: "Alerts", show: role !== undefined && role !== "platform_admin" && can(role, "alert.read") },
    { href: "/team", label: "Team", show: role !== undefined && role !== "platform_admin" && can(role, "member.read") },
    { href: "/settings/brand", section: "/settings", label: "Settings", show: role !== undefined && role !== "platform_admin" && can(role, "partner.update") },
    { href: "/audit", label: "Audit log", show: role !== undefined && role !== "platform_admin" && can(role, "audit.read") },
    { href: "/billing", label: "Billing", show: role !== undefined && role !== "platform_admin" && can(role, "billing.read") },
  ]
    .filter((item) => item.show)
    .map(({ show: _show, ...item }): TNavItem => item);

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-border bg-card">
        <div className="mx-auto max-w-6xl px-4">
          <div className="flex items-center gap-4 py-3">
            <Link href="/" className="flex min-w-0 items-center gap-2 font-semibold" title={brand.productName}>
              {brand.logoUrl ? <img src={brand.logoUrl} alt="" className="h-7 w-7 shrink-0 rounded" /> : <span aria-hidden className="flex h-7 w-7 shrink-0 items-center justify-center rounded bg-brand text-sm font-bold text-brand-foreground">{brand.productName[0]}</span>}
              <span className="truncate">{brand.productName}</span>
            </Link>
            <div className="ml-auto flex min-w-0 items-center gap-3">
              <MembershipSwitcher
                memberships={session.memberships.map((m) => ({ id: m.id, label: `${m.clientName ?? m.partnerName ?? "Storeflow platform"} · ${ROLE_LABEL[m.role]}` }))}
                activeId={session.active?.id ?? null}
              />
              <ThemeToggle initial={parseThemePreference((await cookies()).get(THEME_COOKIE)?.value)} />
              <span className="hidden max-w-56 truncate text-sm text-muted-foreground md:inline" title={session.user.email} data-testid="signed-in-as">{session.user.email}</span>
              <form action={signOutAction}>
                <Button type="submit" variant="ghost" size="sm">Sign out</Button>
              </form>
            </div>
          </div>
          <MainNav items={nav} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <ShellBillingBanners role={role} />
        {children}
      </main>
      {brand.showPoweredBy ? <footer className="pb-6 text-center text-xs text-muted-foreground">Powered by Storeflow{brand.supportEmail ? ` · Support: ${brand.supportEmail}` : ""}</footer> : null}
    </div>
  );
}
