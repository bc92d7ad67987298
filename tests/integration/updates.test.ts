import { beforeEach, describe, expect, test } from "vitest";
import { createStream, updateStream } from "~/modules/funding/commands.server";
import { FundingStreamSchema } from "~/modules/funding/schema";
import { cancelMeeting, scheduleMeeting } from "~/modules/meetings/commands.server";
import { MeetingSchema } from "~/modules/meetings/schema";
import { createRole } from "~/modules/roles/commands.server";
import { RoleSchema } from "~/modules/roles/schema";
import { MAX_POST_LENGTH, PostSchema } from "~/modules/updates/schema";
import { createPost, editPost, markFeedRead, markUnreadFrom, promotePost, removePost, replyToPost } from "~/modules/updates/commands.server";
import { getUpdatesSummary, listFeed, listMentions, unreadCounts } from "~/modules/updates/queries.server";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { action as feedAction, loader as feedLoader } from "~/routes/initiatives.$initiativeId.updates._index";
import { accessOf, addMember, createAgency, createInitiative, createUser, requestAs, routeContext, statementsOf, statusOf } from "../fixtures";

let lead: SessionUser;
let nurse: SessionUser;
let teacher: SessionUser;
let observer: SessionUser;
let initiativeId: string;
let schoolAgencyName: string;

beforeEach(async () => {
  const health = await createAgency("health", `Northshire NHS Trust ${Math.random().toString(36).slice(2, 6)}`);
  const school = await createAgency("education", `Northshire Academy ${Math.random().toString(36).slice(2, 6)}`);
  schoolAgencyName = school.name;
  lead = await createUser({ name: "Priya Shah" });
  nurse = await createUser({ name: "Sam Okafor", agencyId: health.id });
  teacher = await createUser({ name: "Ruth Evans", agencyId: school.id });
  observer = await createUser({ name: "Olu Adebayo", agencyId: school.id });
  initiativeId = (await createInitiative(lead, [health.id, school.id])).id;
  await addMember(initiativeId, nurse, "member");
  await addMember(initiativeId, teacher, "member");
  await addMember(initiativeId, observer, "observer");
  // Updates count as new when made after one joined: not in the same millisecond as the joining.
  await new Promise((resolve) => setTimeout(resolve, 5));
});

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe("posting", () => {
  test("a post is stored with its category and appears at the top of the feed, with the author's agency", async () => {
    const result = await createPost(await accessOf(nurse, initiativeId), { category: "help_request", body: "Can anyone cover Thursday's clinic?" });
    expect(result.ok).toBe(true);
    const { threads } = await listFeed(initiativeId, lead.id, null);
    expect(threads[0]).toMatchObject({
      category: "help_request",
      body: "Can anyone cover Thursday's clinic?",
      author: { name: "Sam Okafor" },
      unread: true,
    });
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "post.created" } })).toBe(1);
  });

  test("empty and oversized posts are refused by the schema with the limit stated", () => {
    const empty = PostSchema.safeParse({ intent: "post", category: "information", body: "   " });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe("Write your update");
    const long = PostSchema.safeParse({ intent: "post", category: "information", body: "x".repeat(MAX_POST_LENGTH + 1) });
    expect(long.error?.issues[0]?.message).toBe("Your update is too long: keep it to 4,000 characters or fewer");
    expect(PostSchema.safeParse({ intent: "post", category: "gossip", body: "hi" }).success).toBe(false);
  });

  test("observers read but cannot post or reply", async () => {
    const access = await accessOf(observer, initiativeId);
    expect((await createPost(access, { category: "information", body: "Hello" })).ok).toBe(false);
    expect(await prisma.post.count({ where: { initiativeId } })).toBe(0);
  });

  test("mentions reach the person, and an agency mention everyone who represents it; the author is not told of themself", async () => {
    const result = await createPost(await accessOf(lead, initiativeId), {
      category: "announcement",
      body: `Thanks @Sam Okafor. @${schoolAgencyName}, the new timetable is attached. (cc @Priya Shah)`,
    });
    expect(result).toMatchObject({ ok: true, mentioned: 3 });
    const mentions = await prisma.postMention.findMany({ where: { post: { initiativeId } }, select: { userId: true, via: true } });
    expect(new Map(mentions.map((m) => [m.userId, m.via]))).toEqual(
      new Map([
        [nurse.id, "person"],
        [teacher.id, "agency"],
        [observer.id, "agency"],
      ]),
    );
    const [mention] = await listMentions(teacher.id);
    expect(mention).toMatchObject({ via: "agency", unread: true, initiative: { id: initiativeId } });
    // The feed highlights each name as written, the people's and the agency's, and gives the author's agency.
    const reply = await replyToPost(await accessOf(teacher, initiativeId), (result as { postId: string }).postId, "Thanks @Priya Shah");
    expect(reply.ok).toBe(true);
    const [thread] = (await listFeed(initiativeId, nurse.id, null)).threads;
    expect(thread!.mentionNames).toEqual(expect.arrayContaining(["Sam Okafor", schoolAgencyName]));
    // A person's name is highlighted as written, alone or with their agency (their label).
    const leadsAgency = (await prisma.agency.findUniqueOrThrow({ where: { id: lead.agencyId } })).name;
    expect(thread!.replies[0]).toMatchObject({
      mentionNames: ["Priya Shah", `Priya Shah (${leadsAgency})`],
      author: { name: "Ruth Evans", agencyName: schoolAgencyName, detail: null },
    });
  });

  test("a mention of someone who is not a member is refused with the name, and nothing is stored", async () => {
    const result = await createPost(await accessOf(lead, initiativeId), {
      category: "information",
      body: "Ask @Bob Smith about it; email bob@example.com",
    });
    expect(result).toMatchObject({ ok: false, field: "body" });
    expect(!result.ok && result.message).toMatch(/^“@Bob” is not a member or agency of this initiative/);
    expect(await prisma.post.count({ where: { initiativeId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { initiativeId } })).toBe(0);
  });
});

describe("threads, edits and removal", () => {
  test("a reply joins its thread and brings the thread to the top", async () => {
    const first = await createPost(await accessOf(lead, initiativeId), { category: "information", body: "First" }, later(0));
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Second" }, later(1));
    const reply = await replyToPost(await accessOf(teacher, initiativeId), first.ok ? first.postId : "", "A reply to the first", later(2));
    expect(reply.ok).toBe(true);
    const { threads } = await listFeed(initiativeId, lead.id, null);
    expect(threads.map((t) => t.body)).toEqual(["First", "Second"]);
    expect(threads[0]!.replies.map((r) => r.body)).toEqual(["A reply to the first"]);
  });

  test("a reply to a post of another initiative is refused", async () => {
    const other = await createInitiative(nurse);
    const elsewhere = await createPost(await accessOf(nurse, other.id), { category: "information", body: "Elsewhere" });
    const reply = await replyToPost(await accessOf(teacher, initiativeId), elsewhere.ok ? elsewhere.postId : "", "Sneaky");
    expect(reply.ok).toBe(false);
    expect(await prisma.post.count({ where: { body: "Sneaky" } })).toBe(0);
  });

  test("an edit shows as edited and keeps the earlier text for the audit; only the author may edit", async () => {
    const post = await createPost(await accessOf(nurse, initiativeId), { category: "information", body: "Clinic on Tuesday" });
    const postId = post.ok ? post.postId : "";
    expect((await editPost(await accessOf(lead, initiativeId), postId, { body: "Hijacked" })).ok).toBe(false);
    expect(await editPost(await accessOf(nurse, initiativeId), postId, { category: "announcement", body: "Clinic on Wednesday" })).toMatchObject({
      ok: true,
      changed: true,
    });
    const { threads } = await listFeed(initiativeId, lead.id, null);
    expect(threads[0]).toMatchObject({ body: "Clinic on Wednesday", category: "announcement" });
    expect(threads[0]!.editedAt).not.toBeNull();
    expect(await prisma.postRevision.findMany({ where: { postId }, select: { body: true } })).toEqual([{ body: "Clinic on Tuesday" }]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { initiativeId, action: "post.edited" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ body: "Clinic on Tuesday" });
  });

  test("a removed post shows who removed it, never its text; members may remove only their own, leads anyone's", async () => {
    const post = await createPost(await accessOf(nurse, initiativeId), { category: "information", body: "Sensitive slip" });
    const postId = post.ok ? post.postId : "";
    expect((await removePost(await accessOf(teacher, initiativeId), postId)).ok).toBe(false);
    expect((await removePost(await accessOf(lead, initiativeId), postId)).ok).toBe(true);
    expect((await removePost(await accessOf(lead, initiativeId), postId)).ok).toBe(false);
    const { threads } = await listFeed(initiativeId, teacher.id, null);
    expect(threads[0]).toMatchObject({
      body: null,
      removed: { byName: expect.stringMatching(/^Priya Shah \(Agency [0-9a-f]{8}\)$/) },
      mentionNames: [],
    });
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "post.removed" } })).toBe(1);
  });
});

describe("decisions and actions from posts", () => {
  test("a lead records a post as a decision; it appears with the initiative's decisions and cannot be recorded twice", async () => {
    const post = await createPost(await accessOf(nurse, initiativeId), { category: "decision", body: "We agreed to pool the training budget." });
    const postId = post.ok ? post.postId : "";
    expect((await promotePost(await accessOf(nurse, initiativeId), postId, { as: "decision", text: "Pool the training budget" })).ok).toBe(false);
    expect(await promotePost(await accessOf(lead, initiativeId), postId, { as: "decision", text: "Pool the training budget" })).toMatchObject({
      ok: true,
    });
    const decision = await prisma.decision.findFirstOrThrow({ where: { initiativeId } });
    expect(decision).toMatchObject({ text: "Pool the training budget", meetingId: null });
    expect((await prisma.post.findUniqueOrThrow({ where: { id: postId } })).decisionId).toBe(decision.id);
    const again = await promotePost(await accessOf(lead, initiativeId), postId, {
      as: "action",
      title: "Do it",
      ownerId: nurse.id,
      dueDate: "2027-01-31",
    });
    expect(again.ok).toBe(false);
    expect(await prisma.actionItem.count({ where: { initiativeId } })).toBe(0);
  });

  test("a post turned into an action needs an owner who is a member; a refused one leaves nothing behind", async () => {
    const post = await createPost(await accessOf(teacher, initiativeId), { category: "help_request", body: "Who will draft the referral form?" });
    const postId = post.ok ? post.postId : "";
    const outsider = await createUser();
    expect(
      await promotePost(await accessOf(lead, initiativeId), postId, {
        as: "action",
        title: "Draft the referral form",
        ownerId: outsider.id,
        dueDate: "2027-01-31",
      }),
    ).toMatchObject({ ok: false, field: "ownerId" });
    expect((await prisma.post.findUniqueOrThrow({ where: { id: postId } })).actionItemId).toBeNull();
    expect(
      await promotePost(await accessOf(lead, initiativeId), postId, {
        as: "action",
        title: "Draft the referral form",
        ownerId: teacher.id,
        dueDate: "2027-01-31",
      }),
    ).toMatchObject({ ok: true });
    const action = await prisma.actionItem.findFirstOrThrow({ where: { initiativeId } });
    expect(action).toMatchObject({ title: "Draft the referral form", ownerId: teacher.id, status: "open" });
  });
});

describe("unread counts, marking unread, mentions", () => {
  test("unread counts per initiative leave out one's own posts and removed ones, and reset when the feed is read", async () => {
    const access = await accessOf(teacher, initiativeId);
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "One" }, later(1));
    await createPost(await accessOf(nurse, initiativeId), { category: "information", body: "Two" }, later(2));
    const removed = await createPost(await accessOf(nurse, initiativeId), { category: "information", body: "Oops" }, later(3));
    await removePost(await accessOf(nurse, initiativeId), removed.ok ? removed.postId : "");
    await createPost(access, { category: "information", body: "Mine" }, later(4));
    expect((await unreadCounts(teacher.id)).byInitiative).toEqual({ [initiativeId]: 2 });
    // The overview says the same as the header.
    expect((await getUpdatesSummary(initiativeId, teacher.id)).unread).toBe(2);
    await markFeedRead(access, later(10));
    expect((await unreadCounts(teacher.id)).byInitiative).toEqual({});
    expect((await getUpdatesSummary(initiativeId, teacher.id)).unread).toBe(0);
  });

  test("reading the feed again with nothing new writes nothing", async () => {
    const access = await accessOf(teacher, initiativeId);
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "One" }, later(1));
    await markFeedRead(access, later(10));
    const marked = await prisma.membership.findUniqueOrThrow({ where: { id: access.membership.id }, select: { feedReadAt: true } });
    await markFeedRead(access, later(20));
    expect(await prisma.membership.findUniqueOrThrow({ where: { id: access.membership.id }, select: { feedReadAt: true } })).toEqual(marked);
    await createPost(await accessOf(nurse, initiativeId), { category: "information", body: "Two" }, later(15));
    expect((await unreadCounts(teacher.id)).byInitiative).toEqual({ [initiativeId]: 1 });
    await markFeedRead(access, later(20));
    expect((await unreadCounts(teacher.id)).byInitiative).toEqual({});
  });

  test("mark as unread makes that post and everything after it new again", async () => {
    const access = await accessOf(teacher, initiativeId);
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Old" }, later(1));
    const middle = await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Middle" }, later(2));
    await createPost(await accessOf(nurse, initiativeId), { category: "information", body: "New" }, later(3));
    await markFeedRead(access, later(10));
    expect((await markUnreadFrom(access, middle.ok ? middle.postId : "")).ok).toBe(true);
    expect((await unreadCounts(teacher.id)).byInitiative).toEqual({ [initiativeId]: 2 });
    const { threads } = await listFeed(initiativeId, teacher.id, null);
    expect(
      threads
        .filter((t) => t.unread)
        .map((t) => t.body)
        .sort(),
    ).toEqual(["Middle", "New"]);
    const other = await createInitiative(nurse);
    const foreign = await createPost(await accessOf(nurse, other.id), { category: "information", body: "Foreign" });
    expect((await markUnreadFrom(access, foreign.ok ? foreign.postId : "")).ok).toBe(false);
  });

  test("a removed member's mentions disappear from their list", async () => {
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Over to you, @Ruth Evans" });
    expect(await listMentions(teacher.id)).toHaveLength(1);
    expect((await unreadCounts(teacher.id)).mentions).toBe(1);
    await prisma.membership.deleteMany({ where: { initiativeId, userId: teacher.id } });
    expect(await listMentions(teacher.id)).toEqual([]);
    expect((await unreadCounts(teacher.id)).mentions).toBe(0);
  });
});

describe("the portal's own posts", () => {
  test("scheduling and cancelling a meeting, and a vacant role, appear in the feed with a link", async () => {
    const leadAccess = await accessOf(lead, initiativeId);
    const input = MeetingSchema.parse({
      title: "Strategic group",
      type: "strategic_planning",
      date: "2027-02-03",
      startTime: "10:00",
      endTime: "11:30",
      repeat: "none",
      quorumRule: "every_agency",
    });
    const scheduled = await scheduleMeeting(leadAccess, input);
    if (!scheduled.ok) throw new Error(scheduled.message);
    await cancelMeeting(leadAccess, scheduled.meetingId, "Room unavailable");
    const role = RoleSchema.parse({
      title: "Designated clinical officer",
      agencyId: nurse.agencyId,
      holderId: "",
      timeUnit: "hours_per_week",
      timeAmount: "4",
    });
    expect((await createRole(leadAccess, role)).ok).toBe(true);
    const system = await prisma.post.findMany({
      where: { initiativeId, category: "system" },
      orderBy: { createdAt: "asc" },
      select: { systemEvent: true, body: true, linkPath: true },
    });
    expect(system.map((p) => p.systemEvent)).toEqual(["meeting.scheduled", "meeting.cancelled", "role.vacant"]);
    expect(system[0]!.body).toContain("scheduled “Strategic group”");
    expect(system[0]!.linkPath).toBe(`/initiatives/${initiativeId}/meetings/${scheduled.meetingId}`);
    expect(system[1]!.body).toContain("Room unavailable");
    expect(system[2]!.body).toContain("“Designated clinical officer” is vacant");
    // They count as unread for everyone, since no one wrote them.
    expect((await unreadCounts(lead.id)).byInitiative[initiativeId]).toBe(3);
  });

  test("funding is announced once, when it is confirmed, not while it is only pledged", async () => {
    const leadAccess = await accessOf(lead, initiativeId);
    const input = FundingStreamSchema.parse({
      name: "Pooled budget",
      type: "pooled",
      agencyId: lead.agencyId,
      status: "pledged",
      startDate: "2026-04-01",
      endDate: "2027-03-31",
      totalAmount: "60,000",
    });
    const created = await createStream(leadAccess, input);
    if (!created.ok) throw new Error(created.message);
    expect(await prisma.post.count({ where: { initiativeId, systemEvent: "funding.confirmed" } })).toBe(0);
    await updateStream(leadAccess, created.streamId, { ...input, status: "confirmed" });
    await updateStream(leadAccess, created.streamId, { ...input, status: "received" });
    const posts = await prisma.post.findMany({ where: { initiativeId, systemEvent: "funding.confirmed" }, select: { body: true } });
    expect(posts).toEqual([{ body: expect.stringContaining("Funding confirmed: “Pooled budget”, £60,000.00") }]);
  });
});

describe("the feed page", () => {
  test("posting through the page: a clear error for a bad mention, a redirect to the new post otherwise", async () => {
    const bad = new FormData();
    bad.set("intent", "post");
    bad.set("category", "information");
    bad.set("body", "Hello @Nobody");
    const refused = await feedAction({
      request: await requestAs(nurse, `/initiatives/${initiativeId}/updates`, { method: "POST", body: bad }),
      params: { initiativeId },
      context: routeContext,
    });
    expect(refused).toMatchObject({ init: { status: 400 } });
    expect(await prisma.post.count({ where: { initiativeId } })).toBe(0);
    const good = new FormData();
    good.set("intent", "post");
    good.set("category", "information");
    good.set("body", "Hello @Ruth Evans");
    const response = (await feedAction({
      request: await requestAs(nurse, `/initiatives/${initiativeId}/updates`, { method: "POST", body: good }),
      params: { initiativeId },
      context: routeContext,
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^/initiatives/${initiativeId}/updates\\?posted=1#post-`));
  });

  test("an observer's post is refused with 403 and stores nothing", async () => {
    const form = new FormData();
    form.set("intent", "post");
    form.set("category", "information");
    form.set("body", "Hello");
    const request = await requestAs(observer, `/initiatives/${initiativeId}/updates`, { method: "POST", body: form });
    expect(await statusOf(() => feedAction({ request, params: { initiativeId }, context: routeContext }))).toBe(403);
    expect(await prisma.post.count({ where: { initiativeId } })).toBe(0);
  });

  test("a page of the feed is kept between views until a post, a mention or a name changes; what is new stays each reader's (decision 016)", async () => {
    const access = await accessOf(nurse, initiativeId);
    const first = await createPost(access, { category: "information", body: "First" });
    if (!first.ok) throw new Error("setup");
    await listFeed(initiativeId, lead.id, null);
    const keptCost = await statementsOf(() => listFeed(initiativeId, lead.id, null));
    // The lead sees it as new; its author does not: the kept page is worked out per reader.
    expect((await listFeed(initiativeId, lead.id, null)).threads[0]).toMatchObject({ body: "First", unread: true });
    expect((await listFeed(initiativeId, nurse.id, null)).threads[0]).toMatchObject({ body: "First", unread: false });

    // Each change shows on the next view, through the code or straight in the database.
    await replyToPost(await accessOf(teacher, initiativeId), first.postId, "A reply");
    expect((await listFeed(initiativeId, lead.id, null)).threads[0]!.replies.map((r) => r.body)).toEqual(["A reply"]);
    await prisma.user.update({ where: { id: nurse.id }, data: { name: "Samuel Okafor" } });
    expect((await listFeed(initiativeId, lead.id, null)).threads[0]!.author?.name).toBe("Samuel Okafor");
    await removePost(await accessOf(lead, initiativeId), first.postId);
    expect((await listFeed(initiativeId, lead.id, null)).threads[0]).toMatchObject({
      body: null,
      removed: { byName: expect.stringMatching(/^Priya Shah \(Agency [0-9a-f]{8}\)$/) },
    });
    // The overview's latest threads follow too.
    await createPost(access, { category: "announcement", body: "Second" });
    const { latest } = await getUpdatesSummary(initiativeId, lead.id);
    expect(latest.map((p) => p.body)).toEqual(["Second"]);

    // Kept, a view reads no posts: fewer statements than the first view after a change.
    const changedCost = await statementsOf(() => listFeed(initiativeId, lead.id, null));
    expect(keptCost).toBeLessThan(changedCost);
    expect(await statementsOf(() => listFeed(initiativeId, lead.id, null))).toBe(keptCost);
  });

  test("opening the feed reads it; a malformed page address is a 404, not the first page", async () => {
    await createPost(await accessOf(lead, initiativeId), { category: "information", body: "Read me" });
    expect((await unreadCounts(teacher.id)).byInitiative[initiativeId]).toBe(1);
    await feedLoader({ request: await requestAs(teacher, `/initiatives/${initiativeId}/updates`), params: { initiativeId }, context: routeContext });
    expect((await unreadCounts(teacher.id)).byInitiative[initiativeId]).toBeUndefined();
    const request = await requestAs(teacher, `/initiatives/${initiativeId}/updates?before=yesterday`);
    expect(await statusOf(() => feedLoader({ request, params: { initiativeId }, context: routeContext }))).toBe(404);
    const thrown = await feedLoader({ request, params: { initiativeId }, context: routeContext }).catch((error: unknown) => error);
    expect(thrown).toMatchObject({
      data: { message: "That page of updates does not exist. Older updates are reached by the link under the latest ones." },
    });
  });

  test("older updates are a page away, ten threads at a time", async () => {
    const access = await accessOf(lead, initiativeId);
    for (let i = 0; i < 13; i++) await createPost(access, { category: "information", body: `Post ${i}` }, later(i));
    const first = await listFeed(initiativeId, teacher.id, null);
    expect(first.threads).toHaveLength(10);
    expect(first.threads[0]!.body).toBe("Post 12");
    const [at, id] = first.olderCursor!.split("_");
    const second = await listFeed(initiativeId, teacher.id, { at: new Date(Number(at)), id: id! });
    expect(second.threads.map((t) => t.body)).toEqual(["Post 2", "Post 1", "Post 0"]);
    expect(second.olderCursor).toBeNull();
  });
});
