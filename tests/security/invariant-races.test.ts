import { describe, expect, test } from "vitest";
import { changeGrants, NO_LONGER_ADMIN } from "~/modules/admin/commands.server";
import { getInitiativeSettings } from "~/modules/initiatives/queries.server";
import { updateInitiativeSettings } from "~/modules/initiatives/commands.server";
import { acceptInvitation, changeMemberRole, inviteMember, removeMember } from "~/modules/membership/commands.server";
import { createPost } from "~/modules/updates/commands.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { accessOf, addMember, createAgency, createInitiative, createUser, statusOf } from "../fixtures";
import { testProvider } from "../setup/test-database";

/**
 * Invariants under concurrency: several people acting on the same initiative at the same moment.
 * Each attempt starts as a request does: its access (the actor's role) read first, then the
 * module's work. All of a round's attempts are started together (Promise.all), so their reads
 * and transactions interleave as the database lets them.
 *
 * What this proves on each database:
 * - PostgreSQL: the attempts run on separate pooled connections, truly at once; only checks made
 *   inside the write's transaction (which takes the advisory lock, decision 012) hold.
 * - SQLite: one connection taking turns (decision 009); the attempts' reads before their
 *   transactions still interleave with the other attempts' transactions, so a check made before
 *   the transaction starts is stale by the time it writes.
 */

const ROUNDS = 8;

type Outcome = { ok: true } | { ok: false; message: string };

/** Every refusal says why, in words a lead would understand. */
const CLEAR_REFUSAL = /at least one lead|You are no longer a (lead|member)|is not a member of this initiative|Only a lead/;

describe("leads leaving and demoting each other at the same moment", () => {
  test(`at least one lead remains, every time (${ROUNDS} rounds of 9 attempts at once)`, async () => {
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const leads: SessionUser[] = [await createUser(), await createUser(), await createUser()];
      const initiativeId = (await createInitiative(leads[0]!)).id;
      await addMember(initiativeId, leads[1]!, "lead");
      await addMember(initiativeId, leads[2]!, "lead");
      const accesses = await Promise.all(leads.map((lead) => accessOf(lead, initiativeId)));
      const membershipIds = accesses.map((access) => access.membership.id);

      // Each lead demotes the next, removes the one after, and leaves: nine attempts at once.
      const attempts: Array<Promise<Outcome>> = accesses.flatMap((access, i) => [
        changeMemberRole(access, membershipIds[(i + 1) % 3]!, "member"),
        removeMember(access, membershipIds[(i + 2) % 3]!),
        removeMember(access, membershipIds[i]!),
      ]);
      const settled = await Promise.allSettled(attempts);

      const leadsLeft = await prisma.membership.count({ where: { initiativeId, role: "lead" } });
      if (leadsLeft < 1) failures.push(`round ${round + 1}: no lead left (${await prisma.membership.count({ where: { initiativeId } })} members)`);
      for (const result of settled) {
        // An attempt that lost the race is refused with a reason, never an error page.
        if (result.status === "rejected")
          failures.push(`round ${round + 1}: an attempt failed with an error: ${String(result.reason).split("\n")[0]}`);
        else if (!result.value.ok && !CLEAR_REFUSAL.test(result.value.message))
          failures.push(`round ${round + 1}: unclear refusal "${result.value.message}"`);
      }
      // Something was done each round: the leads did not all refuse each other.
      expect(settled.some((result) => result.status === "fulfilled" && result.value.ok)).toBe(true);
    }
    expect(failures, `on ${testProvider}`).toEqual([]);
  });
});

describe("an agency taken out of an initiative while someone joins for it", () => {
  test(`nobody ends up representing an agency the initiative no longer has (${ROUNDS} rounds)`, async () => {
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const lead = await createUser();
      const police = await createAgency("other");
      const initiativeId = (await createInitiative(lead, [police.id])).id;
      const invitee = await createUser({ agencyId: police.id });
      const invited = await inviteMember(await accessOf(lead, initiativeId), { email: invitee.email, role: "member", agencyId: police.id });
      if (!invited.ok) throw new Error(invited.message);
      const settings = (await getInitiativeSettings(initiativeId))!;

      const [takenOut, joined] = await Promise.allSettled([
        updateInitiativeSettings(await accessOf(lead, initiativeId), { ...settings, agencyIds: [lead.agencyId] }),
        acceptInvitation(invited.token, invitee),
      ]);
      const stranded = await prisma.membership.count({ where: { initiativeId, agency: { initiatives: { none: { initiativeId } } } } });
      if (stranded > 0) failures.push(`round ${round + 1}: ${stranded} member(s) represent an agency that is no longer in the initiative`);
      if (takenOut.status === "rejected" || joined.status === "rejected") {
        failures.push(`round ${round + 1}: an attempt failed with an error`);
        continue;
      }
      // One of the two happened; the other says why not.
      expect([takenOut.value.ok, joined.value.ok].filter(Boolean)).toHaveLength(1);
      if (!takenOut.value.ok) expect(takenOut.value.message).toContain("still has members in this initiative");
      if (!joined.value.ok) expect(joined.value.message).toMatch(/no longer takes part|can no longer be used/);
    }
    expect(failures, `on ${testProvider}`).toEqual([]);
  });
});

describe("one invitation link used twice at the same moment", () => {
  test("the person joins once", async () => {
    const lead = await createUser();
    const initiativeId = (await createInitiative(lead)).id;
    const invitee = await createUser();
    const invited = await inviteMember(await accessOf(lead, initiativeId), { email: invitee.email, role: "member", agencyId: lead.agencyId });
    if (!invited.ok) throw new Error(invited.message);
    const outcomes = await Promise.all([1, 2, 3].map(() => acceptInvitation(invited.token, invitee)));
    expect(outcomes.filter((outcome) => outcome.ok).length).toBeGreaterThanOrEqual(1);
    for (const outcome of outcomes) if (!outcome.ok) expect(outcome.message).toBe("This invitation can no longer be used.");
    expect(await prisma.membership.count({ where: { initiativeId, userId: invitee.id } })).toBe(1);
  });
});

describe("administrators taking each other's role at the same moment", () => {
  test("the portal keeps an administrator", async () => {
    const admins = [await createUser({ isAdmin: true }), await createUser({ isAdmin: true })];
    // Other tests' administrators count too: take theirs first, so that these two are the last.
    await prisma.user.updateMany({ where: { isAdmin: true, id: { notIn: admins.map((a) => a.id) } }, data: { isAdmin: false } });
    const outcomes = await Promise.all(
      admins.map((admin, i) =>
        changeGrants(admin, { intent: "change-grants", userId: admins[1 - i]!.id, isAdmin: false, canViewActivityAudit: false, confirmed: "yes" }),
      ),
    );
    expect(await prisma.user.count({ where: { isAdmin: true } })).toBe(1);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["changed", "refused"]);
    // The one who lost the race learns why: their own role went first.
    expect(outcomes.find((outcome) => outcome.status === "refused")).toMatchObject({ message: NO_LONGER_ADMIN });
  });
});

describe("a role read at the start of a request, changed before its write", () => {
  test("a lead demoted a moment ago can no longer act as lead", async () => {
    const [first, second, member] = [await createUser(), await createUser(), await createUser()];
    const initiativeId = (await createInitiative(first)).id;
    await addMember(initiativeId, second, "lead");
    const memberRow = await addMember(initiativeId, member, "member");
    const firstsRequest = await accessOf(first, initiativeId); // read as a lead
    const demoted = await changeMemberRole(await accessOf(second, initiativeId), firstsRequest.membership.id, "member");
    expect(demoted).toMatchObject({ ok: true });

    expect(await removeMember(firstsRequest, memberRow.id)).toEqual({
      ok: false,
      message: "You are no longer a lead of this initiative (you are now a member): nothing was changed.",
    });
    expect(await changeMemberRole(firstsRequest, memberRow.id, "lead")).toMatchObject({
      ok: false,
      message: expect.stringContaining("no longer a lead"),
    });
    // Refused as a page would refuse it now (403), saying what changed.
    expect(
      await inviteMember(firstsRequest, { email: "new@example.gov.uk", role: "lead", agencyId: first.agencyId }).catch((thrown: unknown) => thrown),
    ).toMatchObject({
      init: { status: 403 },
      data: { message: "You are no longer a lead of this initiative (you are now a member): nothing was changed." },
    });
    expect(await prisma.membership.findUnique({ where: { id: memberRow.id } })).toMatchObject({ role: "member" });
    expect(await prisma.invitation.count({ where: { initiativeId } })).toBe(0);
  });

  test("a member moved to another agency a moment ago writes nothing for the agency they no longer represent, and is told why", async () => {
    const lead = await createUser();
    const member = await createUser();
    const police = await createAgency("other");
    const initiativeId = (await createInitiative(lead, [police.id])).id;
    const row = await addMember(initiativeId, member, "member");
    const membersRequest = await accessOf(member, initiativeId);
    await prisma.membership.update({ where: { id: row.id }, data: { agencyId: police.id } });
    expect(await createPost(membersRequest, { category: "information", body: "For my old agency" }).catch((thrown: unknown) => thrown)).toMatchObject(
      {
        init: { status: 403 },
        data: { message: "The agency you represent in this initiative has just changed: nothing was changed. Check the page and try again." },
      },
    );
    expect(await prisma.post.count({ where: { initiativeId, authorId: member.id } })).toBe(0);
  });

  test("a member removed a moment ago writes nothing; one promoted meanwhile carries on", async () => {
    const lead = await createUser();
    const [leaver, promoted] = [await createUser(), await createUser()];
    const initiativeId = (await createInitiative(lead)).id;
    const leaverRow = await addMember(initiativeId, leaver, "member");
    const promotedRow = await addMember(initiativeId, promoted, "observer");
    const leaversRequest = await accessOf(leaver, initiativeId);
    expect(await removeMember(await accessOf(lead, initiativeId), leaverRow.id)).toMatchObject({ ok: true });
    expect(await statusOf(() => createPost(leaversRequest, { category: "information", body: "Still here?" }))).toBe(404);
    expect(await prisma.post.count({ where: { initiativeId, authorId: leaver.id } })).toBe(0);

    const promotedsRequest = await accessOf(promoted, initiativeId); // an observer, who may not post
    expect(await changeMemberRole(await accessOf(lead, initiativeId), promotedRow.id, "coordinator")).toMatchObject({ ok: true });
    // Checked against the observer role, refused as before: a promotion does not widen a request already under way.
    expect(await createPost(promotedsRequest, { category: "information", body: "Hello" })).toMatchObject({ ok: false });
    expect(await createPost(await accessOf(promoted, initiativeId), { category: "information", body: "Hello" })).toMatchObject({ ok: true });
  });
});
