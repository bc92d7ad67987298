import { notFound } from "~/utils/policy.server";

/** Any address the portal does not know: the friendly 404 of the root error boundary. */
export function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
