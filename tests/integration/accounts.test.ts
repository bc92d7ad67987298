import { describe, expect, test } from "vitest";
import { promoteConfiguredAdmin, signUp, type SignUpResult } from "~/modules/accounts/commands.server";
import { verifyLogin } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { createAgency } from "../fixtures";

const base = { name: "Asha Patel", password: "correct horse battery", jobTitle: "Family support worker" };

/** The new account's id, or the test fails saying why there is none. */
function createdId(result: SignUpResult): string {
  if (!result.ok) throw new Error(result.message);
  if (!result.created) throw new Error("the address already had an account");
  return result.userId;
}

describe("signUp", () => {
  test("the first account of an empty portal, created from the server's machine, is its administrator; later ones are not", async () => {
    const agency = await createAgency("social_services");
    const first = await signUp({ ...base, email: "first@example.gov.uk", agencyId: agency.id }, { onThisMachine: true });
    const second = await signUp({ ...base, email: "second@example.gov.uk", agencyId: agency.id }, { onThisMachine: true });
    expect(first.ok && second.ok).toBe(true);
    const users = await prisma.user.findMany({ orderBy: { createdAt: "asc" }, select: { email: true, isAdmin: true } });
    expect(users).toEqual([
      { email: "first@example.gov.uk", isAdmin: true },
      { email: "second@example.gov.uk", isAdmin: false },
    ]);
  });

  test("keeps the password as an argon2id hash in its own table, and records the sign-up", async () => {
    const agency = await createAgency();
    const userId = createdId(await signUp({ ...base, email: "hash@example.gov.uk", agencyId: agency.id }));
    const password = await prisma.password.findUniqueOrThrow({ where: { userId } });
    expect(password.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: userId } });
    expect(audit.action).toBe("user.signed_up");
    expect(audit.initiativeId).toBeNull();
    expect(audit.after).not.toContain("correct horse");
  });

  test("the administrator named by configuration is made one at sign-in, once the address is verified", async () => {
    const agency = await createAgency();
    const userId = createdId(await signUp({ ...base, email: "admin@example.gov.uk", agencyId: agency.id }));
    await promoteConfiguredAdmin(userId, "Admin@Example.gov.uk");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).isAdmin).toBe(false);
    await prisma.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
    await promoteConfiguredAdmin(userId, "Admin@Example.gov.uk");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).isAdmin).toBe(true);
  });

  test("an address that already has an account is answered as a new one would be, and nothing is stored", async () => {
    const agency = await createAgency();
    await signUp({ ...base, email: "dup@example.gov.uk", agencyId: agency.id });
    const before = await prisma.user.count();
    const again = await signUp({ ...base, email: "dup@example.gov.uk", newAgencyName: "Brand New Agency", newAgencySector: "other" });
    expect(again).toEqual({ ok: true, created: false });
    expect(await prisma.user.count()).toBe(before);
    expect(await prisma.agency.findFirst({ where: { name: "Brand New Agency" } })).toBeNull();
  });

  test("an unknown agency id is refused", async () => {
    const result = await signUp({ ...base, email: "ghost@example.gov.uk", agencyId: "no-such-agency" });
    expect(result).toEqual({ ok: false, field: "agencyId", message: "Choose your agency from the list" });
    expect(await prisma.user.findUnique({ where: { email: "ghost@example.gov.uk" } })).toBeNull();
  });

  test("a new agency is created with its sector, and an existing name is pointed out", async () => {
    const created = await signUp({
      ...base,
      email: "new-agency@example.gov.uk",
      newAgencyName: "Northshire Youth Offending Team",
      newAgencySector: "other",
    });
    expect(created.ok).toBe(true);
    expect(await prisma.agency.findUnique({ where: { name: "Northshire Youth Offending Team" } })).toMatchObject({
      sector: "other",
    });
    const again = await signUp({
      ...base,
      email: "new-agency-2@example.gov.uk",
      newAgencyName: "Northshire Youth Offending Team",
      newAgencySector: "other",
    });
    expect(again).toMatchObject({ ok: false, field: "newAgencyName" });
  });

  test("an agency that differs only in capitals, spacing or punctuation is the one in the list: nothing is created", async () => {
    await signUp({ ...base, email: "trust-1@example.gov.uk", newAgencyName: "Northshire NHS Trust", newAgencySector: "health" });
    expect(await prisma.agency.findUniqueOrThrow({ where: { name: "Northshire NHS Trust" } })).toMatchObject({ nameKey: "northshirenhstrust" });
    const agencies = await prisma.agency.count();
    for (const [i, alike] of ["northshire n.h.s. trust", "Northshire  NHS-Trust", "NORTHSHIRE NHS TRUST"].entries()) {
      expect(await signUp({ ...base, email: `trust-${i + 2}@example.gov.uk`, newAgencyName: alike, newAgencySector: "health" })).toEqual({
        ok: false,
        field: "newAgencyName",
        message: "Northshire NHS Trust is already in the list: choose it there",
      });
    }
    expect(await prisma.agency.count()).toBe(agencies);
    expect(await prisma.user.count({ where: { email: { startsWith: "trust-" } } })).toBe(1);
  });

  test("older agencies without a folded name count too, and the unique key answers with the same message", async () => {
    await prisma.agency.create({ data: { name: "Northshire Women's Aid", sector: "other" } });
    expect(await signUp({ ...base, email: "aid@example.gov.uk", newAgencyName: "Northshire Womens Aid", newAgencySector: "other" })).toEqual({
      ok: false,
      field: "newAgencyName",
      message: "Northshire Women's Aid is already in the list: choose it there",
    });
    await prisma.agency.create({ data: { name: "Northshire Scouts (old name)", nameKey: "northshirescouts", sector: "other" } });
    expect(await signUp({ ...base, email: "scouts@example.gov.uk", newAgencyName: "Northshire Scouts", newAgencySector: "other" })).toEqual({
      ok: false,
      field: "newAgencyName",
      message: "Northshire Scouts (old name) is already in the list: choose it there",
    });
    expect(await prisma.user.findUnique({ where: { email: "scouts@example.gov.uk" } })).toBeNull();
  });
});

describe("verifyLogin", () => {
  test("a right password signs in; a wrong password or unknown email does not", async () => {
    const agency = await createAgency();
    const userId = createdId(await signUp({ ...base, email: "login@example.gov.uk", agencyId: agency.id }));
    expect(await verifyLogin("LOGIN@example.gov.uk", "correct horse battery")).toBe(userId);
    expect(await verifyLogin("login@example.gov.uk", "wrong horse battery")).toBeNull();
    expect(await verifyLogin("nobody@example.gov.uk", "correct horse battery")).toBeNull();
  });
});
