import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/utils/policy.server";

/** The administration opens on its first tab. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return redirect("/admin/agencies");
}

// NOTE: a page, not a resource route, so that anyone else gets the friendly "Page not found".
export default function AdminIndex() {
  return null;
}
