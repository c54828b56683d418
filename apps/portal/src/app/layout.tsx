import { brandCssText } from "@storeflow/ui";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { type ReactNode } from "react";
import { parseThemePreference, THEME_BOOT_SCRIPT, THEME_COOKIE } from "@/features/theme/theme";
import { getBrand } from "@/server/brand";
import { TRPCReactProvider } from "@/trpc/react";
import "./globals.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const brand = await getBrand();
  return { title: { default: brand.productName, template: `%s · ${brand.productName}` }, icons: brand.faviconUrl ? [{ url: brand.faviconUrl }] : undefined };
}

/** The partner's brand is resolved on the server and rendered as CSS variables, so no other brand ever flashes. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [brand, jar] = await Promise.all([getBrand(), cookies()]);
  const theme = parseThemePreference(jar.get(THEME_COOKIE)?.value);
  return (
    // The boot script may add "dark" before React hydrates: that difference is expected.
    <html lang="en" data-theme={theme} className={theme === "dark" ? "dark" : undefined} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
        {/* Every value is a hex colour computed by the UI kit, so inlining it is safe. */}
        <style>{brandCssText(brand)}</style>
      </head>
      <body className="min-h-screen bg-background text-foreground antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
