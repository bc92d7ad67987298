import { beforeEach, describe, expect, test } from "vitest";
import { updateProfile } from "~/modules/accounts/commands.server";
import { initiativePeople } from "~/modules/initiatives/roster.server";
import { listMembers } from "~/modules/membership/queries.server";
import { createPost } from "~/modules/updates/commands.server";
import { getMentionables, listFeed } from "~/modules/updates/queries.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { accessOf, addMember, createAgency, createInitiative, createUser } from "../fixtures";

/**
 * A person's name and agency cannot be made to pass for another member's: every page of an
 * initiative names a member with the agency they represent, and, beside a member whose name and
 * agency read the same (capitals, spacing, accents, look-alike letters), with their job title or
 * email too; a mention by a name two members share is refused until it says which.
 */

let priya: SessionUser;
let mallory: SessionUser;
let initiativeId: string;
let services: string;

beforeEach(async () => {
  services = (await createAgency("social_services", `Children's Services ${Math.random().toString(36).slice(2, 6)}`)).name;
  const agencyId = (await prisma.agency.findUniqueOrThrow({ where: { name: services } })).id;
  priya = await createUser({ name: "Priya Shah", agencyId });
  mallory = await createUser({ name: "Mallory Price", agencyId });
  await prisma.user.update({ where: { id: priya.id }, data: { jobTitle: "Head of Early Help" } });
  await prisma.user.update({ where: { id: mallory.id }, data: { jobTitle: "Family support worker" } });
  initiativeId = (await createInitiative(priya)).id;
  await addMember(initiativeId, mallory, "member");
});

/** Mallory, of the same agency, renames herself to pass for Priya. */
async function impersonate(name: string, jobTitle = "Family support worker") {
  const result = await updateProfile(mallory, { name, jobTitle, agencyId: mallory.agencyId });
  expect(result).toMatchObject({ ok: true });
}

describe("a member renamed to pass for another", () => {
  test("the feed, the member list and every page's list of people tell them apart by job title", async () => {
    await createPost(await accessOf(priya, initiativeId), { category: "announcement", body: "Panel moves to Thursday." });
    await impersonate("PRIYA  SHAH");
    await createPost(await accessOf({ ...mallory, name: "PRIYA  SHAH" }, initiativeId), {
      category: "help_request",
      body: "Send me the case files.",
    });

    const authors = (await listFeed(initiativeId, priya.id, null)).threads.map((t) => t.author);
    expect(authors).toEqual([
      { id: mallory.id, name: "PRIYA  SHAH", agencyName: services, detail: "Family support worker" },
      { id: priya.id, name: "Priya Shah", agencyName: services, detail: "Head of Early Help" },
    ]);
    const labels = (await initiativePeople(initiativeId)).map((p) => p.label).sort();
    expect(labels).toEqual([`PRIYA  SHAH (${services}, Family support worker)`, `Priya Shah (${services}, Head of Early Help)`]);
    expect((await listMembers(initiativeId)).map((m) => m.detail).sort()).toEqual(["Family support worker", "Head of Early Help"]);
  });

  test("with the same job title too, the email address tells them apart; look-alike letters are no way round", async () => {
    await impersonate("Priуa Shah", "Head of Early Help"); // a Cyrillic у
    const people = await initiativePeople(initiativeId);
    expect(people.map((p) => p.detail).sort()).toEqual([`Head of Early Help, ${mallory.email}`, `Head of Early Help, ${priya.email}`].sort());
    expect(new Set(people.map((p) => p.label)).size).toBe(2);
  });

  test("a name alone no longer mentions either: the post is refused, saying what to write; the label reaches the one meant", async () => {
    await impersonate("Priya Shah");
    const lead = await createUser();
    await addMember(initiativeId, lead, "member");
    const access = await accessOf(lead, initiativeId);
    const refused = await createPost(access, { category: "information", body: "Agenda from @Priya Shah, please." });
    expect(refused).toEqual({
      ok: false,
      field: "body",
      message: `“@Priya Shah” could be more than one member: write “@Priya Shah (${services}, Family support worker)” or “@Priya Shah (${services}, Head of Early Help)”.`,
    });
    expect(await prisma.post.count({ where: { initiativeId, authorId: lead.id } })).toBe(0);

    const posted = await createPost(access, { category: "information", body: `Agenda from @Priya Shah (${services}, Head of Early Help), please.` });
    expect(posted).toMatchObject({ ok: true, mentioned: 1 });
    expect(await prisma.postMention.findMany({ where: { post: { initiativeId } }, select: { userId: true } })).toEqual([{ userId: priya.id }]);
    // The form's list says how to mention each.
    const { people } = await getMentionables(initiativeId);
    const mentionOf = (user: SessionUser) => people.find((p) => p.id === user.id)?.mention;
    expect([mentionOf(priya), mentionOf(mallory), mentionOf(lead)]).toEqual([
      `Priya Shah (${services}, Head of Early Help)`,
      `Priya Shah (${services}, Family support worker)`,
      lead.name,
    ]);
  });
});
