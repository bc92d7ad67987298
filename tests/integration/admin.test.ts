import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { changeGrants, createAgency, LAST_ADMIN, NO_LONGER_ADMIN, updateAgency } from "~/modules/admin/commands.server";
import { listAgenciesWithCounts } from "~/modules/admin/queries.server";
import { AgencySchema } from "~/modules/admin/schema";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { createAgency as createAgencyRow, createInitiative, createUser, requestAs, statusOf, routeContext as context } from "../fixtures";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};
// Every page of the administration, found from the routes folder so that a new one is covered too.
const adminRoutes = Object.entries(import.meta.glob<RouteModule>("../../app/routes/admin*.tsx", { eager: true })).map(
  ([key, mod]) => [key.replace("../../app/routes/", "").replace(/\.tsx$/, ""), mod] as const,
);
const route = (file: string) => adminRoutes.find(([name]) => name === file)![1];

function form(fields: Record<string, string | undefined>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
  return { method: "POST", body };
}

const auditsOf = (entityId: string, action: string) => prisma.auditEvent.findMany({ where: { entityId, action } });

let admin: SessionUser;
let practitioner: SessionUser;
beforeAll(async () => {
  admin = await createUser({ name: "Jo Whitaker", isAdmin: true });
  practitioner = await createUser({ name: "Sam Okafor" });
});

const duplicate = (name: string) =>
  `There is already an agency called ${name}: names that differ only in capitals, spaces or punctuation are the same agency`;

describe("access", () => {
  test("the administration has the pages this test expects", () => {
    expect(adminRoutes.map(([name]) => name).sort()).toEqual([
      "admin",
      "admin._index",
      "admin.agencies",
      "admin.agencies_.$agencyId",
      "admin.audit",
      "admin.audit[.]csv",
      "admin.people",
    ]);
  });

  test.each(adminRoutes)("%s: anyone but an administrator gets the 404 of an unknown page", async (_file, mod) => {
    const params = { agencyId: practitioner.agencyId };
    for (const viewer of [practitioner, await createUser({ name: "Another Person" })]) {
      if (mod.loader) {
        const request = await requestAs(viewer, "/admin");
        expect(await statusOf(() => mod.loader!({ request, params, context }))).toBe(404);
      }
      if (mod.action) {
        const request = await requestAs(
          viewer,
          "/admin",
          form({ name: "Sneaky Agency", sector: "other", intent: "change-grants", userId: viewer.id, isAdmin: "on" }),
        );
        expect(await statusOf(() => mod.action!({ request, params, context }))).toBe(404);
      }
    }
    // Nothing was changed by the refused posts.
    expect(await prisma.agency.findFirst({ where: { name: "Sneaky Agency" } })).toBeNull();
    expect(await prisma.user.count({ where: { isAdmin: true, id: { not: admin.id } } })).toBe(0);
  });

  test.each(adminRoutes.filter(([, mod]) => mod.loader))("%s: a signed-out visitor is sent to sign in", async (_file, mod) => {
    const request = await requestAs(null, "/admin");
    expect(await statusOf(() => mod.loader!({ request, params: { agencyId: "x" }, context }))).toBe(302);
  });

  test("an administrator sees the pages; an unknown agency is a 404", async () => {
    for (const [file, mod] of adminRoutes) {
      if (!mod.loader) continue;
      const request = await requestAs(admin, "/admin");
      const expected = file === "admin._index" ? 302 : 200;
      expect(await statusOf(() => mod.loader!({ request, params: { agencyId: admin.agencyId }, context })), file).toBe(expected);
    }
    const edit = route("admin.agencies_.$agencyId");
    const missing = await requestAs(admin, "/admin/agencies/no-such-agency");
    expect(await statusOf(() => edit.loader!({ request: missing, params: { agencyId: "no-such-agency" }, context }))).toBe(404);
    const post = await requestAs(admin, "/admin/agencies/no-such-agency", form({ name: "Renamed", sector: "health" }));
    expect(await statusOf(() => edit.action!({ request: post, params: { agencyId: "no-such-agency" }, context }))).toBe(404);
  });

  test("the CSV holds the portal's own events only", async () => {
    const lead = await createUser();
    await createInitiative(lead);
    await createAgency(admin, { name: "Northshire Youth Service", sector: "other" });
    const request = await requestAs(admin, "/admin/audit.csv");
    const response = (await route("admin.audit[.]csv").loader!({ request, params: {}, context })) as Response;
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="portal-audit-log.csv"');
    const csv = await response.text();
    expect(csv).toContain("agency.created");
    expect(csv).not.toContain("initiative.created");
  });
});

describe("agencies", () => {
  test("adds an agency with an audit entry", async () => {
    const result = await createAgency(admin, { name: "Northshire Police", sector: "other" });
    if (!result.ok) throw new Error(result.message);
    expect(await prisma.agency.findUniqueOrThrow({ where: { id: result.agencyId } })).toMatchObject({
      name: "Northshire Police",
      sector: "other",
    });
    const [audit] = await auditsOf(result.agencyId, "agency.created");
    expect(audit).toMatchObject({ initiativeId: null, actorId: admin.id, actorName: "Jo Whitaker", entity: "agency" });
    expect(JSON.parse(audit!.after!)).toEqual({ name: "Northshire Police", sector: "Other (police, housing, voluntary sector…)" });
  });

  test("a name already in the list, whatever its capitals, spacing or punctuation, is a field error and nothing is stored", async () => {
    const created = await createAgency(admin, { name: "Home-Start Northshire", sector: "other" });
    if (!created.ok) throw new Error(created.message);
    expect(await prisma.agency.findUniqueOrThrow({ where: { id: created.agencyId } })).toMatchObject({ nameKey: "homestartnorthshire" });
    const before = await prisma.agency.count();
    for (const alike of ["home-start northshire", "Home Start  Northshire", "HOME-START, NORTHSHIRE.", "Ηome-Start Northshire" /* a Greek Η */]) {
      expect(await createAgency(admin, { name: alike, sector: "health" }), alike).toEqual({
        ok: false,
        field: "name",
        message: duplicate("Home-Start Northshire"),
      });
    }
    expect(await prisma.agency.count()).toBe(before);
  });

  test("an administrator whose role was taken away a moment ago adds and changes nothing", async () => {
    const agency = await createAgencyRow("other", "Northshire Foodbank");
    const former = await createUser({ isAdmin: true });
    const request = { ...former }; // as requireAdmin read it at the start of the request
    await prisma.user.update({ where: { id: former.id }, data: { isAdmin: false } });
    expect(await createAgency(request, { name: "Northshire Credit Union", sector: "other" })).toEqual({
      ok: false,
      field: "name",
      message: NO_LONGER_ADMIN,
    });
    expect(await updateAgency(request, agency.id, { name: "Northshire Food Bank Trust", sector: "other" })).toMatchObject({
      ok: false,
      message: NO_LONGER_ADMIN,
    });
    expect(await prisma.agency.findUnique({ where: { name: "Northshire Credit Union" } })).toBeNull();
    expect(await prisma.agency.findUniqueOrThrow({ where: { id: agency.id } })).toMatchObject({ name: "Northshire Foodbank" });
  });

  test("agencies from before the folded names count too; the unique key is the last guard, with the same message", async () => {
    await prisma.agency.create({ data: { name: "Northshire Mind", sector: "other" } }); // no key, as rows made before the key was kept
    expect(await createAgency(admin, { name: "northshire MIND", sector: "other" })).toEqual({
      ok: false,
      field: "name",
      message: duplicate("Northshire Mind"),
    });
    // A row whose key the backfill folded from another spelling: the comparison by name misses it, the index does not.
    await prisma.agency.create({ data: { name: "Northshire Carers (old name)", nameKey: "northshirecarers", sector: "other" } });
    const before = await prisma.agency.count();
    expect(await createAgency(admin, { name: "Northshire Carers", sector: "other" })).toEqual({
      ok: false,
      field: "name",
      message: duplicate("Northshire Carers (old name)"),
    });
    expect(await prisma.agency.count()).toBe(before);
  });

  test("the schema says what is wrong", () => {
    const result = AgencySchema.safeParse({ name: " x ", sector: "police" });
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["name", "The agency name must be at least 2 characters"],
      ["sector", "Choose the sector the agency belongs to"],
    ]);
    expect(AgencySchema.safeParse({ name: "x".repeat(121), sector: "health" }).error?.issues[0]?.message).toBe(
      "The agency name must be 120 characters or fewer",
    );
  });

  test("through the page: bad input answers 400 and stores nothing", async () => {
    const before = await prisma.agency.count();
    for (const fields of [{ name: "x", sector: "health" }, { name: "Fine Name" }, { name: "Northshire Police", sector: "health" }]) {
      const request = await requestAs(admin, "/admin/agencies", form(fields));
      expect(await statusOf(() => route("admin.agencies").action!({ request, params: {}, context }))).toBe(400);
    }
    expect(await prisma.agency.count()).toBe(before);
    const good = await requestAs(admin, "/admin/agencies", form({ name: "Northshire Fire and Rescue", sector: "other" }));
    expect(await statusOf(() => route("admin.agencies").action!({ request: good, params: {}, context }))).toBe(302);
    expect(await prisma.agency.count()).toBe(before + 1);
  });

  test("changes an agency, auditing only what changed", async () => {
    const agency = await createAgencyRow("health", "Northshire Community Health");
    const result = await updateAgency(admin, agency.id, { name: "Northshire Community Health NHS Trust", sector: "health" });
    expect(result).toEqual({ ok: true, agencyId: agency.id, changed: true });
    const [audit] = await auditsOf(agency.id, "agency.updated");
    expect(audit?.initiativeId).toBeNull();
    expect(JSON.parse(audit!.before!)).toEqual({ name: "Northshire Community Health" });
    expect(JSON.parse(audit!.after!)).toEqual({ name: "Northshire Community Health NHS Trust" });

    expect(await updateAgency(admin, agency.id, { name: "Northshire Community Health NHS Trust", sector: "health" })).toEqual({
      ok: true,
      agencyId: agency.id,
      changed: false,
    });
    expect(await auditsOf(agency.id, "agency.updated")).toHaveLength(1);
  });

  test("renaming to another agency's name, or an unknown agency, changes nothing", async () => {
    const school = await createAgencyRow("education", "Riverside Primary School");
    await createAgencyRow("education", "Hillside Academy");
    expect(await updateAgency(admin, school.id, { name: "HILLSIDE ACADEMY", sector: "other" })).toEqual({
      ok: false,
      field: "name",
      message: duplicate("Hillside Academy"),
    });
    expect(await updateAgency(admin, school.id, { name: "Hill-side Academy", sector: "other" })).toMatchObject({
      ok: false,
      message: duplicate("Hillside Academy"),
    });
    expect(await prisma.agency.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({
      name: "Riverside Primary School",
      sector: "education",
    });
    expect(await updateAgency(admin, "no-such-agency", { name: "Anything", sector: "other" })).toEqual({ ok: false, notFound: true });
    expect(await auditsOf(school.id, "agency.updated")).toEqual([]);
  });

  test("counts people and initiatives for each agency", async () => {
    const agency = await createAgencyRow("social_services", "Northshire Children's Services");
    const lead = await createUser({ agencyId: agency.id });
    await createUser({ agencyId: agency.id });
    await createInitiative(lead);
    const row = (await listAgenciesWithCounts()).find((candidate) => candidate.id === agency.id);
    expect(row).toEqual({ id: agency.id, name: agency.name, sector: "social_services", peopleCount: 2, initiativeCount: 1 });
  });
});

describe("people's permissions", () => {
  test("gives a person the audit of activity, with an audit entry", async () => {
    const person = await createUser();
    expect(await changeGrants(admin, { intent: "change-grants", userId: person.id, isAdmin: false, canViewActivityAudit: true })).toEqual({
      status: "changed",
      name: person.name,
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      isAdmin: false,
      canViewActivityAudit: true,
    });
    const [audit] = await auditsOf(person.id, "user.grants_changed");
    expect(audit).toMatchObject({ initiativeId: null, actorId: admin.id });
    expect(JSON.parse(audit!.before!)).toEqual({ name: person.name, portalAdministrator: false, canViewActivityAudit: false });
    expect(JSON.parse(audit!.after!)).toEqual({ name: person.name, portalAdministrator: false, canViewActivityAudit: true });
  });

  test("taking away an administrator role is asked about first", async () => {
    const other = await createUser({ isAdmin: true });
    const input = { intent: "change-grants" as const, userId: other.id, isAdmin: false, canViewActivityAudit: false };
    expect(await changeGrants(admin, input)).toEqual({ status: "needs-confirmation", name: other.name, self: false });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).isAdmin).toBe(true);
    expect(await changeGrants(admin, { ...input, confirmed: "yes" })).toEqual({ status: "changed", name: other.name });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).isAdmin).toBe(false);
  });

  test("the last administrator cannot remove their own role; with a second one they can", async () => {
    await prisma.user.updateMany({ where: { id: { not: admin.id } }, data: { isAdmin: false } });
    const input = { intent: "change-grants" as const, userId: admin.id, isAdmin: false, canViewActivityAudit: false, confirmed: "yes" as const };
    expect(await changeGrants(admin, input)).toEqual({ status: "refused", message: LAST_ADMIN });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).isAdmin).toBe(true);
    expect(await auditsOf(admin.id, "user.grants_changed")).toEqual([]);

    // Through the page: the same refusal, as a 400 with the message.
    const request = await requestAs(admin, "/admin/people", form({ intent: "change-grants", userId: admin.id, confirmed: "yes" }));
    const refused = (await route("admin.people").action!({ request, params: {}, context })) as {
      data: unknown;
      init: { status: number };
    };
    expect(refused.init.status).toBe(400);
    expect(refused.data).toEqual({ error: { userId: admin.id, message: LAST_ADMIN } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).isAdmin).toBe(true);

    const second = await createUser({ isAdmin: true });
    expect(await changeGrants(second, { ...input, userId: second.id })).toEqual({ status: "changed", name: second.name });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: second.id } })).isAdmin).toBe(false);
  });

  test("through the page: a grant is saved, an unknown person or a bad value changes nothing", async () => {
    const person = await createUser();
    const grant = await requestAs(admin, "/admin/people", form({ intent: "change-grants", userId: person.id, canViewActivityAudit: "on" }));
    const saved = (await route("admin.people").action!({ request: grant, params: {}, context })) as Response;
    expect(saved.headers.get("Location")).toBe(`/admin/people?changed=${person.id}`);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: person.id } })).canViewActivityAudit).toBe(true);

    const count = await prisma.auditEvent.count({ where: { action: "user.grants_changed" } });
    for (const fields of [
      { intent: "change-grants", userId: "no-such-person", isAdmin: "on" },
      { intent: "change-grants", userId: person.id, isAdmin: "yes please" },
      { intent: "something-else", userId: person.id, isAdmin: "on" },
    ]) {
      const request = await requestAs(admin, "/admin/people", form(fields));
      expect(await statusOf(() => route("admin.people").action!({ request, params: {}, context }))).toBe(400);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: person.id } })).isAdmin).toBe(false);
    expect(await prisma.auditEvent.count({ where: { action: "user.grants_changed" } })).toBe(count);
  });
});
