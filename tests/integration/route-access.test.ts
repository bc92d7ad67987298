import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import type { SessionUser } from "~/utils/auth.server";
import { addMember, createInitiative, createUser, requestAs } from "../fixtures";

/**
 * Every route of the app, found from the routes folder so that a new route cannot slip past:
 * each must be listed here as public, for any signed-in person, or inside an initiative.
 */
type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};
const routeModules = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });
const routeFile = (key: string) => key.replace("../../app/routes/", "").replace(/\.tsx$/, "");

const PUBLIC = ["_index", "sign-in", "sign-up", "sign-out", "accessibility", "$"];
const SIGNED_IN = ["initiatives._index", "initiatives.new"];
const isInitiativeRoute = (file: string) => file.startsWith("initiatives.$initiativeId");

const context = { cspNonce: "", clientAddress: "test" };

/** The HTTP status a loader or action answered with, whether it returned or threw. */
async function statusOf(run: () => unknown): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    const init = (thrown as { init?: { status?: number } | null }).init;
    if (init?.status) return init.status;
    throw thrown;
  }
}

describe("route access", () => {
  test("every route is classified", () => {
    const files = Object.keys(routeModules).map(routeFile);
    const unclassified = files.filter(
      (file) => !PUBLIC.includes(file) && !SIGNED_IN.includes(file) && !isInitiativeRoute(file),
    );
    expect(unclassified).toEqual([]);
  });

  describe("inside an initiative", () => {
    let lead: SessionUser;
    let observer: SessionUser;
    let outsider: SessionUser;
    let admin: SessionUser;
    let initiativeId: string;
    beforeAll(async () => {
      lead = await createUser();
      observer = await createUser();
      outsider = await createUser();
      admin = await createUser({ isAdmin: true });
      initiativeId = (await createInitiative(lead)).id;
      await addMember(initiativeId, observer, "observer");
    });

    const initiativeRoutes = Object.entries(routeModules).filter(([key]) => isInitiativeRoute(routeFile(key)));

    test.each(initiativeRoutes.map(([key, mod]) => [routeFile(key), mod] as const))(
      "%s: a non-member (an administrator too) gets the same 404 as for a missing initiative",
      async (_file, mod) => {
        for (const viewer of [outsider, admin]) {
          for (const id of [initiativeId, "no-such-initiative"]) {
            const url = `/initiatives/${id}`;
            const params = { initiativeId: id };
            if (mod.loader) {
              const request = await requestAs(viewer, url);
              expect(await statusOf(() => mod.loader!({ request, params, context }))).toBe(404);
            }
            if (mod.action) {
              const request = await requestAs(viewer, url, { method: "POST", body: new FormData() });
              expect(await statusOf(() => mod.action!({ request, params, context }))).toBe(404);
            }
          }
        }
      },
    );

    test.each(initiativeRoutes.map(([key, mod]) => [routeFile(key), mod] as const))(
      "%s: a signed-out visitor is sent to sign in",
      async (_file, mod) => {
        if (!mod.loader) return;
        const request = await requestAs(null, `/initiatives/${initiativeId}`);
        expect(await statusOf(() => mod.loader!({ request, params: { initiativeId }, context }))).toBe(302);
      },
    );

    test("members, observers included, see the dashboard", async () => {
      const mod = Object.entries(routeModules).find(([key]) => routeFile(key) === "initiatives.$initiativeId._index")![1];
      for (const viewer of [lead, observer]) {
        const request = await requestAs(viewer, `/initiatives/${initiativeId}`);
        const result = (await mod.loader!({ request, params: { initiativeId }, context })) as {
          initiative: { id: string };
        };
        expect(result.initiative.id).toBe(initiativeId);
      }
    });
  });

  test.each(SIGNED_IN)("%s: a signed-out visitor is sent to sign in", async (file) => {
    const mod = Object.entries(routeModules).find(([key]) => routeFile(key) === file)![1];
    const request = await requestAs(null, "/initiatives");
    expect(await statusOf(() => mod.loader!({ request, params: {}, context }))).toBe(302);
  });
});
