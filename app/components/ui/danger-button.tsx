import type { ButtonHTMLAttributes } from "react";

/**
 * The one style for an action that removes, cancels or revokes something (issue 26). "solid" for
 * the confirming button of a page or panel; "outline" where it sits among other controls.
 */
export type DangerLook = { variant?: "solid" | "outline"; size?: "large" | "small" };

export function dangerButtonClass({ variant = "solid", size = "large" }: DangerLook = {}) {
  if (variant === "outline") {
    return `inline-block border-2 border-red-700 font-bold text-red-700 hover:bg-red-50 ${size === "large" ? "px-5 py-2" : "px-3 py-1"}`;
  }
  return size === "large"
    ? "inline-block bg-red-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#55150f] hover:bg-red-800"
    : "inline-block bg-red-700 px-3 py-1.5 font-bold text-white hover:bg-red-800";
}

export function DangerButton({ variant, size, type = "submit", className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & DangerLook) {
  return <button type={type} className={`${dangerButtonClass({ variant, size })}${className ? ` ${className}` : ""}`} {...props} />;
}
