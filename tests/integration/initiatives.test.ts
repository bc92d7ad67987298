import { describe, expect, test } from "vitest";
import { createInitiative, updateInitiativeSettings } from "~/modules/initiatives/commands.server";
import { getInitiativeDetails, getInitiativeSettings, getInitiativeSummary, listMyInitiatives } from "~/modules/initiatives/queries.server";
import { prisma } from "~/utils/db.server";
import { accessOf, addMember, createAgency, createInitiative as createInitiativeFixture, createUser } from "../fixtures";

const input = {
  name: "Northshire SEND Early Help Partnership",
  targetGroup: "Children with special educational needs and disabilities",
  rationales: ["target_group_needs", "government_agenda"] as ("target_group_needs" | "government_agenda")[],
  modelOfActivity: "coordinated_delivery" as const,
  aims: "Identify needs early and agree one plan per family.",
  localAuthority: "Northshire County Council",
  startDate: "2026-09-01",
};

describe("createInitiative", () => {
  test("stores the initiative with its rationales and agencies, makes the creator its lead, and audits it", async () => {
    const health = await createAgency("health");
    const education = await createAgency("education");
    const creator = await createUser({ agencyId: health.id });
    const result = await createInitiative(creator, { ...input, agencyIds: [health.id, education.id] });
    if (!result.ok) throw new Error(result.message);

    const details = await getInitiativeDetails(result.initiativeId);
    expect(details).toMatchObject({
      name: input.name,
      status: "active",
      rationales: expect.arrayContaining(["target_group_needs", "government_agenda"]),
      members: [{ role: "lead", name: creator.name, agencyName: health.name, detail: null }],
    });
    expect(details?.startDate.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect(details?.agencies.map((a) => a.id).sort()).toEqual([health.id, education.id].sort());
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId: result.initiativeId } });
    expect(audit).toMatchObject({ action: "initiative.created", actorId: creator.id, actorAgency: health.name });
  });

  test("the overview's details and the name in the header are kept between views, and a settings change shows at once (decision 016)", async () => {
    const creator = await createUser();
    const result = await createInitiative(creator, { ...input, agencyIds: [creator.agencyId] });
    if (!result.ok) throw new Error(result.message);
    const { initiativeId } = result;
    const first = await getInitiativeDetails(initiativeId);
    expect(await getInitiativeDetails(initiativeId)).toEqual(first);
    expect(await getInitiativeSummary(initiativeId)).toMatchObject({ name: input.name, status: "active" });
    const settings = (await getInitiativeSettings(initiativeId))!;
    const saved = await updateInitiativeSettings(await accessOf(creator, initiativeId), {
      ...settings,
      name: "Renamed partnership",
      rationales: ["shortage_of_provision"],
    });
    expect(saved.ok).toBe(true);
    expect(await getInitiativeDetails(initiativeId)).toMatchObject({ name: "Renamed partnership", rationales: ["shortage_of_provision"] });
    // The name in every page's header too.
    expect(await getInitiativeSummary(initiativeId)).toMatchObject({ name: "Renamed partnership" });
    // A change made outside the portal's code is seen too: the database counts it.
    await prisma.initiative.update({ where: { id: initiativeId }, data: { aims: "Changed." } });
    expect(await getInitiativeDetails(initiativeId)).toMatchObject({ aims: "Changed." });
  });

  test("an agency id that does not exist is refused and nothing is stored", async () => {
    const creator = await createUser();
    const before = await prisma.initiative.count();
    const result = await createInitiative(creator, { ...input, agencyIds: [creator.agencyId, "forged-id"] });
    expect(result).toEqual({ ok: false, field: "agencyIds", message: "Choose agencies from the list" });
    expect(await prisma.initiative.count()).toBe(before);
  });

  test("the creator's own agency must take part", async () => {
    const other = await createAgency("education");
    const creator = await createUser();
    const result = await createInitiative(creator, { ...input, agencyIds: [other.id] });
    expect(result).toMatchObject({ ok: false, field: "agencyIds", message: expect.stringContaining("Include your own agency") });
  });
});

describe("listMyInitiatives", () => {
  test("lists only the initiatives the person belongs to, with their role", async () => {
    const lead = await createUser();
    const colleague = await createUser();
    const outsider = await createUser();
    const shared = await createInitiativeFixture(lead);
    await createInitiativeFixture(lead);
    await addMember(shared.id, colleague, "observer");

    expect((await listMyInitiatives(lead.id)).map((i) => i.role)).toEqual(["lead", "lead"]);
    expect(await listMyInitiatives(colleague.id)).toEqual([expect.objectContaining({ id: shared.id, role: "observer", memberCount: 2 })]);
    expect(await listMyInitiatives(outsider.id)).toEqual([]);
  });
});
