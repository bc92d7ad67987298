import { describe, expect, test } from "vitest";
import { auditCsvResponse } from "~/modules/audit/exports.server";
import { loadAuditLog } from "~/modules/audit/queries.server";
import { getInitiativeSettings } from "~/modules/initiatives/queries.server";
import { updateInitiativeSettings } from "~/modules/initiatives/commands.server";
import { prisma } from "~/utils/db.server";
import type { InitiativeAccess } from "~/utils/policy.server";
import { addMember, createAgency, createInitiative, createUser } from "../fixtures";

async function leadAccess() {
  const lead = await createUser();
  const initiative = await createInitiative(lead);
  const membership = await prisma.membership.findFirstOrThrow({ where: { initiativeId: initiative.id } });
  const access: InitiativeAccess = {
    user: lead,
    initiativeId: initiative.id,
    membership: { id: membership.id, role: "lead", agencyId: lead.agencyId },
  };
  return access;
}

describe("initiative settings", () => {
  test("saves the changes and records only what changed, before and after, agencies by name", async () => {
    const access = await leadAccess();
    const education = await createAgency("education", "Northshire Schools Service");
    const current = (await getInitiativeSettings(access.initiativeId))!;
    const result = await updateInitiativeSettings(access, {
      ...current,
      status: "paused",
      agencyIds: [...current.agencyIds, education.id],
    });
    expect(result).toEqual({ ok: true, changed: ["agencyIds", "status"] });
    expect(await getInitiativeSettings(access.initiativeId)).toMatchObject({ status: "paused" });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId: access.initiativeId, action: "initiative.settings_changed" } });
    expect(JSON.parse(audit.before!)).toEqual({ status: "active", agencies: [expect.any(String)] });
    expect(JSON.parse(audit.after!).agencies).toContain("Northshire Schools Service");
  });

  test("an agency whose staff are members cannot be taken out; nothing is saved", async () => {
    const access = await leadAccess();
    const police = await createAgency("other", `Police ${Date.now()}`);
    const officer = await createUser({ agencyId: police.id });
    const current = (await getInitiativeSettings(access.initiativeId))!;
    await updateInitiativeSettings(access, { ...current, agencyIds: [...current.agencyIds, police.id] });
    await addMember(access.initiativeId, officer, "observer");
    const result = await updateInitiativeSettings(access, { ...current, name: "Renamed", agencyIds: current.agencyIds });
    expect(result).toMatchObject({ ok: false, field: "agencyIds", message: expect.stringContaining("still has members") });
    expect((await getInitiativeSettings(access.initiativeId))!.name).toBe(current.name);
  });

  test("unknown agency ids are refused", async () => {
    const access = await leadAccess();
    const current = (await getInitiativeSettings(access.initiativeId))!;
    expect(await updateInitiativeSettings(access, { ...current, agencyIds: ["forged"] })).toMatchObject({ ok: false, field: "agencyIds" });
  });
});

describe("audit log", () => {
  test("filters by kind of change, and refuses malformed filters instead of showing everything", async () => {
    const access = await leadAccess();
    const current = (await getInitiativeSettings(access.initiativeId))!;
    await updateInitiativeSettings(access, { ...current, status: "closed" });
    const all = await loadAuditLog({ initiativeId: access.initiativeId }, new URLSearchParams());
    expect(all.total).toBe(1); // the fixture writes no audit of its own: just the settings change
    const filtered = await loadAuditLog({ initiativeId: access.initiativeId }, new URLSearchParams({ action: "membership" }));
    expect(filtered.total).toBe(0);
    const bad = await loadAuditLog({ initiativeId: access.initiativeId }, new URLSearchParams({ from: "2026-02-30" }));
    expect(bad.filterError).toMatch(/real date/);
    expect(bad.events).toEqual([]);
    const backwards = await loadAuditLog({ initiativeId: access.initiativeId }, new URLSearchParams({ from: "2026-05-01", to: "2026-04-01" }));
    expect(backwards.filterError).toMatch(/on or before/);
    const csvError = await auditCsvResponse({ initiativeId: access.initiativeId }, new URLSearchParams({ page: "-1" }), "x.csv");
    expect(csvError.status).toBe(400);
  });

  test("the person filter finds part of a name whatever its case, on every database", async () => {
    const access = await leadAccess();
    const current = (await getInitiativeSettings(access.initiativeId))!;
    await updateInitiativeSettings(access, { ...current, status: "paused" });
    const byPerson = async (person: string) => (await loadAuditLog({ initiativeId: access.initiativeId }, new URLSearchParams({ person }))).total;
    const name = access.user.name; // "Person 1a2b3c4d"
    expect(await byPerson(name)).toBe(1);
    expect(await byPerson(name.toUpperCase())).toBe(1);
    expect(await byPerson(name.slice(-4).toUpperCase())).toBe(1);
    expect(await byPerson("nobody of that name")).toBe(0);
  });

  test("an initiative's log holds only its own events; the CSV is well formed", async () => {
    const first = await leadAccess();
    const second = await leadAccess();
    const current = (await getInitiativeSettings(second.initiativeId))!;
    await updateInitiativeSettings(second, { ...current, name: 'Second, "quoted" initiative' });
    expect((await loadAuditLog({ initiativeId: first.initiativeId }, new URLSearchParams())).total).toBe(0);
    const csv = await (await auditCsvResponse({ initiativeId: second.initiativeId }, new URLSearchParams(), "x.csv")).text();
    expect(csv.split("\r\n")[0]).toBe("when (UTC),who,agency,action,record,record id,before,after");
    expect(csv).toContain("initiative.settings_changed");
    // JSON escapes the quotes, then CSV doubles them.
    expect(csv).toContain('\\""quoted\\""');
  });
});
