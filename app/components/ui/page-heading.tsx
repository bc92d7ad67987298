import type { ReactNode } from "react";

export function PageHeading({ children, caption }: { children: ReactNode; caption?: ReactNode }) {
  return (
    <div className="mb-6">
      {caption ? <p className="text-lg text-slate-600">{caption}</p> : null}
      <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{children}</h1>
    </div>
  );
}
