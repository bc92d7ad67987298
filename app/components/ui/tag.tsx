import type { ReactNode } from "react";

/** The portal's one tag (issue 26): a short label beside a name, coloured by what it says. */
export type TagTone = "plain" | "brand" | "success" | "warn" | "info" | "danger" | "new" | "outline";

const TONES: Record<TagTone, string> = {
  plain: "bg-slate-200 text-slate-800",
  brand: "bg-brand-100 text-brand-800",
  success: "bg-green-100 text-green-900",
  warn: "bg-amber-100 text-amber-900",
  info: "bg-sky-100 text-sky-900",
  danger: "bg-red-100 text-red-900",
  // Something the reader has not seen yet.
  new: "bg-red-700 text-white",
  outline: "border border-slate-400 bg-white text-slate-800",
};

export function Tag({
  tone = "plain",
  uppercase,
  className,
  children,
}: {
  tone?: TagTone;
  uppercase?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={`inline-block px-2 py-0.5 text-sm font-bold ${uppercase ? "uppercase tracking-wide" : ""} ${TONES[tone]}${className ? ` ${className}` : ""}`}
    >
      {children}
    </span>
  );
}
