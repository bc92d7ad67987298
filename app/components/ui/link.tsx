import { useHref, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes, type ReactNode } from "react";

/**
 * The portal's links (decision 018). Each is a plain <a> whose address is worked out as Remix's
 * <Link> would (relative to its route, or to the path with `relative="path"`); one listener for
 * the whole document (`useLinksFollowedInPage`, in the root) follows them without reloading the
 * page, as Remix's <Link> does with its own handler on every link. Before the scripts have loaded,
 * or with a modifier key or a middle click, they are ordinary links.
 */
type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  to: string;
  relative?: "route" | "path";
  /** Keep the scroll position: for links that open something in place, such as a form. */
  preventScrollReset?: boolean;
};

/** What marks the portal's links for the listener, and whether one keeps the scroll position. */
const FOLLOWED = "data-portal-link";
const KEEP_SCROLL = "keep-scroll";

/** The attributes that make an <a> one of the portal's links. */
function followed(href: string, keepScroll = false) {
  return { href, [FOLLOWED]: keepScroll ? KEEP_SCROLL : "" };
}

export function Link({ to, relative, preventScrollReset, ...props }: LinkProps) {
  // An address from the root, as most of the portal's are, is the href as it stands (the portal
  // has no basename): nothing to work out, which saves the router's hooks on every link.
  if (to.startsWith("/")) return <a {...props} {...followed(to, preventScrollReset)} />;
  return <RelativeLink to={to} relative={relative} preventScrollReset={preventScrollReset} {...props} />;
}

function RelativeLink({ to, relative, preventScrollReset, ...props }: LinkProps) {
  return <a {...props} {...followed(useHref(to, { relative }), preventScrollReset)} />;
}

type NavLinkProps = Omit<LinkProps, "className" | "relative" | "preventScrollReset"> & {
  /** Current only on this very address, not on the pages under it. */
  end?: boolean;
  className: (state: { isActive: boolean }) => string;
  children: ReactNode;
};

/** A link that knows whether it is the current page (or, without `end`, one under it): marked aria-current="page". */
export function NavLink({ to, ...props }: NavLinkProps) {
  return to.startsWith("/") ? <NavAnchor href={to} {...props} /> : <RelativeNavLink to={to} {...props} />;
}

function RelativeNavLink({ to, ...props }: NavLinkProps) {
  return <NavAnchor href={useHref(to)} {...props} />;
}

function NavAnchor({ href, end, className, ...props }: Omit<NavLinkProps, "to"> & { href: string }) {
  const pathname = useLocation().pathname.toLowerCase();
  const target = href.toLowerCase();
  const isActive = pathname === target || (!end && pathname.startsWith(target.endsWith("/") ? target : `${target}/`));
  return <a {...props} {...followed(href)} className={className({ isActive })} aria-current={isActive ? "page" : undefined} />;
}

/** Follows the portal's links inside the page: used once, by the root. */
export function useLinksFollowedInPage() {
  const navigate = useNavigate();
  useEffect(() => {
    function follow(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>(`a[${FOLLOWED}]`) : null;
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href);
      const here = window.location;
      if (url.origin !== here.origin) return;
      // A jump within this page (to a heading, say) is the browser's: it scrolls and moves the focus.
      if (url.hash && url.pathname === here.pathname && url.search === here.search) return;
      event.preventDefault();
      const path = `${url.pathname}${url.search}${url.hash}`;
      navigate(path, {
        preventScrollReset: link.getAttribute(FOLLOWED) === KEEP_SCROLL,
        // As Remix's <Link>: a link to the address already shown does not add to the history.
        replace: path === `${here.pathname}${here.search}${here.hash}`,
      });
    }
    document.addEventListener("click", follow);
    return () => document.removeEventListener("click", follow);
  }, [navigate]);
}
