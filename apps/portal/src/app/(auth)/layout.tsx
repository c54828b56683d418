import { type ReactNode } from "react";
import { getBrand, requireKnownHost } from "@/server/brand";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  await requireKnownHost();
  const brand = await getBrand();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6">
      <div className="flex items-center gap-3">
        {brand.logoUrl ? <img src={brand.logoUrl} alt="" className="h-10 w-10 rounded" /> : <span aria-hidden className="flex h-10 w-10 items-center justify-center rounded bg-brand text-lg font-bold text-brand-foreground">{brand.productName[0]}</span>}
        <span className="text-xl font-semibold">{brand.productName}</span>
      </div>
      <div className="w-full max-w-md">{children}</div>
      {brand.showPoweredBy ? <p className="text-xs text-muted-foreground">Powered by Storeflow</p> : null}
    </main>
  );
}
