import type { ReactNode } from "react";

/** Small pieces shared by the funding pages. */

/** A headline figure: a big number with its label, and an optional line under it. */
export function Figure({ label, value, detail, warn }: { label: string; value: ReactNode; detail?: ReactNode; warn?: boolean }) {
  return (
    <li className={`border-l-4 bg-white p-3 ${warn ? "border-amber-600" : "border-brand-600"}`}>
      <span className="block text-slate-700">{label}</span>
      <span className="block text-2xl font-bold tabular-nums">{value}</span>
      {detail ? <span className="block text-sm text-slate-700">{detail}</span> : null}
    </li>
  );
}

/** What is missing, and what to do next. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="border-l-4 border-brand-600 bg-white p-5 text-lg">
      <p className="font-bold">{title}</p>
      <div className="mt-1 space-y-2">{children}</div>
    </div>
  );
}

/** A link styled as the page's main call to action. */
export const primaryLinkClass = "inline-block bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800";
/** A link styled as a secondary button. */
export const secondaryLinkClass = "inline-block border-2 border-slate-700 px-3 py-1.5 font-bold hover:bg-slate-100";
