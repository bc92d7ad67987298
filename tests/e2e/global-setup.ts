import type { FullConfig } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./helpers";

/**
 * Before any browser test (and after the server has started): the administrator, created as the
 * first account of the empty portal from this machine, as an operator would. Every test then
 * shares one database in which "the first account" is known.
 */
export default async function createAdministrator(config: FullConfig) {
  const baseURL = config.projects[0]!.use.baseURL!;
  const body = new URLSearchParams({
    name: "Jo Whitaker",
    email: ADMIN_EMAIL,
    password: ADMIN_PASSWORD,
    jobTitle: "Partnerships officer",
    newAgencyName: "Northshire Partnerships Team",
    newAgencySector: "other",
  });
  const response = await fetch(`${baseURL}/sign-up`, { method: "POST", body, redirect: "manual" });
  if (response.status !== 302 || !response.headers.get("Location")?.startsWith("/sign-in?signedUp=1")) {
    throw new Error(`Could not create the browser tests' administrator: the sign-up answered ${response.status}.`);
  }
}
