import type { ReactNode } from "react";

/**
 * A success or information banner, announced politely to screen readers. Its title is a bold
 * paragraph, or a heading where the banner starts a part of the page; `flush` drops the margin
 * below it where the surrounding stack spaces its children already.
 */
export function SuccessNotice({
  title,
  titleAs: Title = "p",
  flush,
  children,
}: {
  title?: ReactNode;
  titleAs?: "p" | "h2";
  flush?: boolean;
  children?: ReactNode;
}) {
  return (
    <div role="status" className={`${flush ? "" : "mb-6 "}border-l-4 border-green-700 bg-white p-4 text-lg`}>
      {title ? <Title className="font-bold">{title}</Title> : null}
      {children}
    </div>
  );
}

/** A refusal or problem that is not about one form field. */
export function ProblemNotice({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="alert" className="mb-6 border-4 border-red-700 bg-white p-4 text-lg">
      <p className="font-bold">{title}</p>
      {children}
    </div>
  );
}
