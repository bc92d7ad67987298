import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/utils/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/sign-in?signedOut=1", { headers: { "Set-Cookie": await endSession(request) } });
}
