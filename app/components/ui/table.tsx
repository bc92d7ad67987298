import { createContext, useContext, type ReactNode, type TdHTMLAttributes, type ThHTMLAttributes } from "react";

/**
 * The portal's one data table (issue 26): a caption for screen readers, column and row headers
 * with their scope, and numbers aligned right in tabular figures. How roomy the cells are is set
 * once on the table and read by each cell.
 */
type Density = "roomy" | "normal" | "compact" | "inline";

const CELL_PADDING: Record<Density, string> = {
  roomy: "p-3",
  normal: "p-2",
  compact: "p-1.5",
  // Tables set inside a card or a sentence's flow: no padding on the left, to line up with the text.
  inline: "py-1 pr-2",
};

const DensityContext = createContext<Density>("normal");

function classes(...parts: Array<string | false | null | undefined>) {
  return parts.filter(Boolean).join(" ");
}

export function Table({
  caption,
  children,
  width = "full",
  size,
  background = true,
  scroll = true,
  density = "normal",
  className,
  wrapperClassName,
}: {
  /** Names the table; read by screen readers, not shown. */
  caption?: ReactNode;
  children: ReactNode;
  /** "full" spans its container; "fit" is as wide as its columns. */
  width?: "full" | "fit";
  size?: "sm" | "base";
  /** A white ground, as on the page's grey; off inside a card that is white already. */
  background?: boolean;
  /** Wrapped so that a wide table scrolls sideways instead of widening the page. */
  scroll?: boolean;
  density?: Density;
  className?: string;
  wrapperClassName?: string;
}) {
  const table = (
    <table
      className={classes(
        width === "full" && "w-full",
        "border-collapse text-left",
        background && "bg-white",
        size === "sm" && "text-sm",
        size === "base" && "text-base",
        className,
      )}
    >
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <DensityContext.Provider value={density}>{children}</DensityContext.Provider>
    </table>
  );
  return scroll ? <div className={classes("overflow-x-auto", wrapperClassName)}>{table}</div> : table;
}

/** The row of column headers, in its own <thead>. */
export function TableHead({ children, align = "top" }: { children: ReactNode; align?: "top" | "bottom" }) {
  return (
    <thead>
      <tr className={classes("border-b-2 border-slate-800", align === "bottom" && "align-bottom")}>{children}</tr>
    </thead>
  );
}

type HeaderProps = ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean };

export function ColumnHeader({ numeric, className, ...props }: HeaderProps) {
  const padding = CELL_PADDING[useContext(DensityContext)];
  return <th scope="col" className={classes(padding, numeric && "text-right", className)} {...props} />;
}

/** A data row; `total` for the summing row at the foot of a table. */
export function TableRow({
  children,
  total,
  align = "top",
  className,
}: {
  children: ReactNode;
  total?: boolean;
  align?: "top" | "middle";
  className?: string;
}) {
  // Inline tables sit in a card of their own: a lighter rule between rows.
  const rule = useContext(DensityContext) === "inline" ? "border-slate-200" : "border-slate-300";
  return (
    <tr
      className={classes(
        total ? "border-t-2 border-slate-800 font-bold" : `border-b ${rule}`,
        !total && (align === "top" ? "align-top" : "align-middle"),
        className,
      )}
    >
      {children}
    </tr>
  );
}

/** The cell that names its row; plain weight unless `bold`. */
export function RowHeader({ numeric, bold, className, ...props }: HeaderProps & { bold?: boolean }) {
  const padding = CELL_PADDING[useContext(DensityContext)];
  return (
    <th scope="row" className={classes(padding, numeric ? "text-right tabular-nums" : "text-left", !bold && "font-normal", className)} {...props} />
  );
}

export function Cell({ numeric, className, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  const padding = CELL_PADDING[useContext(DensityContext)];
  return <td className={classes(padding, numeric && "text-right tabular-nums", className)} {...props} />;
}
