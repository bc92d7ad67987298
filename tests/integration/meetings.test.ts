import ICAL from "ical.js";
import { beforeEach, describe, expect, test } from "vitest";
import {
  addAction,
  approveMinutes,
  cancelMeeting,
  recordAttendance,
  renewCalendarFeed,
  respondToMeeting,
  revokeCalendarFeed,
  saveMinutes,
  scheduleMeeting,
  setActionStatus,
  updateMeeting,
} from "~/modules/meetings/commands.server";
import { calendarFeed, meetingIcs } from "~/modules/meetings/exports.server";
import { getMeetingPage, getMeetingsSummary, listMeetings, myActions } from "~/modules/meetings/queries.server";
import { MeetingSchema, OBSERVERS_DO_NOT_REPLY, type MeetingInput } from "~/modules/meetings/schema";
import * as meetingRoute from "~/routes/initiatives.$initiativeId.meetings.$meetingId._index";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { addMember, createAgency, createInitiative, createUser, accessOf as accessFor, requestAs, routeContext, statementsOf } from "../fixtures";

let lead: SessionUser;
let teacher: SessionUser;
let initiativeId: string;
const NOW = new Date("2026-11-26T12:00:00Z");

const accessOf = (user: SessionUser) => accessFor(user, initiativeId);

function meeting(values: Record<string, string> = {}): MeetingInput {
  const parsed = MeetingSchema.safeParse({
    title: "Strategic group",
    type: "strategic_planning",
    date: "2026-12-01",
    startTime: "10:00",
    endTime: "12:00",
    quorumRule: "every_agency",
    ...values,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

beforeEach(async () => {
  const health = await createAgency("health");
  const education = await createAgency("education");
  lead = await createUser({ agencyId: health.id });
  teacher = await createUser({ agencyId: education.id });
  initiativeId = (await createInitiative(lead, [education.id])).id;
  await addMember(initiativeId, teacher, "member");
});

describe("scheduling", () => {
  test("a one-off meeting is stored in UTC from UK time, and audited", async () => {
    const result = await scheduleMeeting(await accessOf(lead), meeting({ date: "2027-07-01" }), NOW);
    if (!result.ok) throw new Error(result.message);
    const stored = await prisma.meeting.findUniqueOrThrow({ where: { id: result.meetingId } });
    expect(stored.startsAt.toISOString()).toBe("2027-07-01T09:00:00.000Z");
    expect(await prisma.auditEvent.count({ where: { initiativeId, action: "meeting.scheduled" } })).toBe(1);
  });

  test("a recurring series keeps its UK time across the clocks changing", async () => {
    const result = await scheduleMeeting(
      await accessOf(lead),
      meeting({ date: "2027-03-16", repeat: "every_n_weeks", everyWeeks: "2", occurrenceCount: "3" }),
      NOW,
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.count).toBe(3);
    const stored = await prisma.meeting.findMany({ where: { initiativeId }, orderBy: { startsAt: "asc" } });
    expect(stored.map((m) => m.startsAt.toISOString())).toEqual(["2027-03-16T10:00:00.000Z", "2027-03-30T09:00:00.000Z", "2027-04-13T09:00:00.000Z"]);
    expect(new Set(stored.map((m) => m.seriesId)).size).toBe(1);
  });

  test("a past date is refused unless recording a past meeting; nothing stored", async () => {
    const past = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-11-01" }), NOW);
    expect(past).toMatchObject({ ok: false, field: "date", message: expect.stringContaining("has passed") });
    expect(await prisma.meeting.count({ where: { initiativeId } })).toBe(0);
    const recorded = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-11-01", recordingPast: "yes" }), NOW);
    expect(recorded.ok).toBe(true);
    expect(await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-12-24", recordingPast: "yes" }), NOW)).toMatchObject({ ok: false });
  });

  test("the form refuses an end before the start, an impossible recurrence and a nonexistent time", async () => {
    expect(MeetingSchema.safeParse({ ...meeting(), startTime: "12:00", endTime: "11:00" }).success).toBe(false);
    expect(MeetingSchema.safeParse({ ...meeting(), repeat: "every_n_weeks", everyWeeks: "0", occurrenceCount: "3" }).success).toBe(false);
    const tooMany = await scheduleMeeting(
      await accessOf(lead),
      meeting({ repeat: "every_n_weeks", everyWeeks: "1", occurrenceCount: "26", date: "2026-12-01" }),
      NOW,
    );
    expect(tooMany.ok).toBe(true);
    const gap = await scheduleMeeting(await accessOf(lead), meeting({ date: "2027-03-28", startTime: "01:30", endTime: "02:30" }), NOW);
    expect(gap).toMatchObject({ ok: false, message: expect.stringContaining("does not exist") });
  });

  test("members cannot schedule or change meetings", async () => {
    const created = await scheduleMeeting(await accessOf(lead), meeting(), NOW);
    if (!created.ok) throw new Error(created.message);
    expect(await updateMeeting(await accessOf(teacher), created.meetingId, meeting({ title: "Mine now" }), "one", NOW)).toMatchObject({ ok: false });
    expect(await cancelMeeting(await accessOf(teacher), created.meetingId, "")).toMatchObject({ ok: false });
  });

  test("changing the series moves the time of every later meeting, not their dates", async () => {
    const created = await scheduleMeeting(await accessOf(lead), meeting({ repeat: "every_n_weeks", everyWeeks: "6", occurrenceCount: "3" }), NOW);
    if (!created.ok) throw new Error(created.message);
    const result = await updateMeeting(
      await accessOf(lead),
      created.meetingId,
      meeting({ startTime: "14:00", endTime: "15:30", title: "Strategic group (afternoon)" }),
      "series",
      NOW,
    );
    expect(result).toEqual({ ok: true, count: 3 });
    const stored = await prisma.meeting.findMany({ where: { initiativeId }, orderBy: { startsAt: "asc" } });
    expect(stored.map((m) => m.startsAt.toISOString())).toEqual(["2026-12-01T14:00:00.000Z", "2027-01-12T14:00:00.000Z", "2027-02-23T14:00:00.000Z"]);
    expect(stored.every((m) => m.title === "Strategic group (afternoon)")).toBe(true);
  });

  test("a cancelled meeting stays on record as cancelled", async () => {
    const created = await scheduleMeeting(await accessOf(lead), meeting(), NOW);
    if (!created.ok) throw new Error(created.message);
    await cancelMeeting(await accessOf(lead), created.meetingId, "Snow");
    const { upcoming } = await listMeetings(initiativeId, NOW);
    expect(upcoming).toEqual([expect.objectContaining({ status: "cancelled", cancelledReason: "Snow" })]);
  });
});

describe("replies, attendance and quorum", () => {
  test("replies close at the deadline", async () => {
    const created = await scheduleMeeting(await accessOf(lead), meeting({ rsvpDeadlineDate: "2026-11-28" }), NOW);
    if (!created.ok) throw new Error(created.message);
    expect(await respondToMeeting(await accessOf(teacher), created.meetingId, "apologies", NOW)).toEqual({ ok: true });
    const late = new Date("2026-11-29T09:00:00Z");
    expect(await respondToMeeting(await accessOf(teacher), created.meetingId, "attending", late)).toMatchObject({
      ok: false,
      message: expect.stringContaining("Replies closed"),
    });
    const response = await prisma.meetingResponse.findFirstOrThrow({ where: { meetingId: created.meetingId } });
    expect(response.response).toBe("apologies");
  });

  test("observers do not reply: refused by the module and by the page's form post; the page counts only those who may reply", async () => {
    const observer = await createUser();
    await addMember(initiativeId, observer, "observer");
    const created = await scheduleMeeting(await accessOf(lead), meeting({ date: "2031-01-14" }), NOW);
    if (!created.ok) throw new Error(created.message);
    expect(await respondToMeeting(await accessOf(observer), created.meetingId, "attending", NOW)).toEqual({
      ok: false,
      message: OBSERVERS_DO_NOT_REPLY,
    });

    const args = { params: { initiativeId, meetingId: created.meetingId }, context: routeContext };
    const url = `/initiatives/${initiativeId}/meetings/${created.meetingId}`;
    const posted = (await meetingRoute.action({
      ...args,
      request: await requestAs(observer, url, { method: "POST", body: new URLSearchParams({ intent: "rsvp", response: "attending" }) }),
    })) as {
      data: { outcome: { ok: boolean; message: string } };
      init: { status: number };
    };
    expect(posted.init.status).toBe(400);
    expect(posted.data.outcome).toEqual({ intent: "rsvp", ok: false, message: OBSERVERS_DO_NOT_REPLY });
    expect(await prisma.meetingResponse.count({ where: { meetingId: created.meetingId } })).toBe(0);

    const page = (await meetingRoute.loader({ ...args, request: await requestAs(observer, url) })) as Awaited<ReturnType<typeof getMeetingPage>> & {
      me: { role: string };
    };
    expect(page.me.role).toBe("observer");
    expect(page.members.find((m) => m.id === observer.id)).toMatchObject({ mayReply: false });
    expect(page.members.find((m) => m.id === teacher.id)).toMatchObject({ mayReply: true });
  });

  test("attendance by agency, and the every-agency quorum warns when an agency is missing", async () => {
    const created = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-11-20", recordingPast: "yes" }), NOW);
    if (!created.ok) throw new Error(created.message);
    expect(await recordAttendance(await accessOf(lead), created.meetingId, [lead.id], NOW)).toMatchObject({ ok: true });
    let page = await getMeetingPage(initiativeId, created.meetingId, lead.id, NOW);
    expect(page?.quorum.met).toBe(false);
    expect(page?.quorum.message).toContain("not represented");
    await recordAttendance(await accessOf(lead), created.meetingId, [lead.id, teacher.id], NOW);
    page = await getMeetingPage(initiativeId, created.meetingId, lead.id, NOW);
    expect(page?.quorum.met).toBe(true);
    expect(page?.attendanceByAgency.map((a) => a.count)).toEqual([1, 1]);
    const outsider = await createUser();
    expect(await recordAttendance(await accessOf(lead), created.meetingId, [outsider.id], NOW)).toMatchObject({ ok: false });
  });
});

describe("minutes, actions and the calendar", () => {
  test("minutes are approved at a later meeting and then locked", async () => {
    const first = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-10-01", recordingPast: "yes" }), NOW);
    const second = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-11-12", recordingPast: "yes" }), NOW);
    if (!first.ok || !second.ok) throw new Error("setup");
    await saveMinutes(await accessOf(lead), first.meetingId, "Agreed the plan.");
    expect(await approveMinutes(await accessOf(lead), first.meetingId, first.meetingId, NOW)).toMatchObject({ ok: false });
    expect((await getMeetingPage(initiativeId, second.meetingId, lead.id, NOW))?.previousDraft?.id).toBe(first.meetingId);
    expect(await approveMinutes(await accessOf(lead), first.meetingId, second.meetingId, NOW)).toEqual({ ok: true });
    expect(await saveMinutes(await accessOf(lead), first.meetingId, "Rewritten")).toMatchObject({
      ok: false,
      message: expect.stringContaining("locked"),
    });
    expect((await prisma.meeting.findUniqueOrThrow({ where: { id: first.meetingId } })).minutes).toBe("Agreed the plan.");
  });

  test("open actions are carried onto the next meeting's agenda until done; My actions puts overdue first", async () => {
    const first = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-11-01", recordingPast: "yes" }), NOW);
    const next = await scheduleMeeting(await accessOf(lead), meeting({ date: "2026-12-10" }), NOW);
    if (!first.ok || !next.ok) throw new Error("setup");
    const late = await addAction(await accessOf(lead), first.meetingId, { title: "Draft the protocol", ownerId: teacher.id, dueDate: "2026-11-20" });
    await addAction(await accessOf(lead), first.meetingId, { title: "Book the room", ownerId: teacher.id, dueDate: "2026-12-05" });
    expect(
      await addAction(await accessOf(lead), first.meetingId, { title: "Ghost", ownerId: (await createUser()).id, dueDate: "2026-12-05" }),
    ).toMatchObject({ ok: false, field: "ownerId" });
    if (!late.ok) throw new Error("setup");

    let page = await getMeetingPage(initiativeId, next.meetingId, lead.id, NOW);
    expect(page?.carried.map((a) => a.title).sort()).toEqual(["Book the room", "Draft the protocol"]);
    expect((await myActions(teacher.id, NOW)).map((a) => a.title)).toEqual(["Draft the protocol", "Book the room"]);

    expect(await setActionStatus(await accessOf(teacher), late.actionId, "done", NOW)).toMatchObject({ ok: true });
    page = await getMeetingPage(initiativeId, next.meetingId, lead.id, NOW);
    expect(page?.carried.map((a) => a.title)).toEqual(["Book the room"]);
  });

  test("the overview's summary: the next meeting not cancelled, the year's meetings with every agency, open and overdue actions", async () => {
    const access = await accessOf(lead);
    const full = await scheduleMeeting(access, meeting({ title: "Everyone came", date: "2026-11-01", recordingPast: "yes" }), NOW);
    const partial = await scheduleMeeting(access, meeting({ title: "Education missing", date: "2026-11-12", recordingPast: "yes" }), NOW);
    const cancelled = await scheduleMeeting(access, meeting({ title: "Snowed off", date: "2026-12-03" }), NOW);
    const next = await scheduleMeeting(access, meeting({ title: "Next one", date: "2026-12-10" }), NOW);
    if (!full.ok || !partial.ok || !cancelled.ok || !next.ok) throw new Error("setup");
    // Read once before the changes below: a kept reading (decision 016) must follow each of them.
    expect(await getMeetingsSummary(initiativeId, NOW)).toMatchObject({ heldLastYear: 2, withEveryAgency: 0, openActions: 0 });
    await recordAttendance(access, full.meetingId, [lead.id, teacher.id], NOW);
    await recordAttendance(access, partial.meetingId, [lead.id], NOW);
    await cancelMeeting(access, cancelled.meetingId, "Snow");
    await addAction(access, full.meetingId, { title: "Late", ownerId: teacher.id, dueDate: "2026-11-20" });
    await addAction(access, full.meetingId, { title: "In time", ownerId: teacher.id, dueDate: "2026-12-05" });
    const done = await addAction(access, full.meetingId, { title: "Done", ownerId: teacher.id, dueDate: "2026-11-02" });
    if (!done.ok) throw new Error("setup");
    await setActionStatus(await accessOf(teacher), done.actionId, "done", NOW);
    expect(await getMeetingsSummary(initiativeId, NOW)).toEqual({
      next: { id: next.meetingId, title: "Next one", startsAt: new Date("2026-12-10T10:00:00Z") },
      heldLastYear: 2,
      withEveryAgency: 1,
      pastCount: 2,
      openActions: 2,
      overdueActions: 1,
    });
    // Kept, the summary reads no meetings or actions.
    await addAction(access, full.meetingId, { title: "Another", ownerId: teacher.id, dueDate: "2026-12-20" });
    const afterChange = await statementsOf(() => getMeetingsSummary(initiativeId, NOW));
    expect(await statementsOf(() => getMeetingsSummary(initiativeId, NOW))).toBeLessThan(afterChange);
  });

  test("the .ics and the private feed parse, carry no member's details, and the feed can be revoked", async () => {
    const created = await scheduleMeeting(await accessOf(lead), meeting({ date: "2027-06-15", location: "County Hall" }), NOW);
    if (!created.ok) throw new Error(created.message);
    await respondToMeeting(await accessOf(teacher), created.meetingId, "attending", NOW);
    const ics = await meetingIcs(initiativeId, created.meetingId, "https://portal.example", NOW);
    const event = new ICAL.Component(ICAL.parse(ics!)).getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("location")).toBe("County Hall");
    expect((event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().toISOString()).toBe("2027-06-15T09:00:00.000Z");
    expect(ics).not.toContain(teacher.name);
    expect(ics).not.toContain(teacher.email);

    const token = await renewCalendarFeed(teacher, NOW);
    const feed = await calendarFeed(token, "https://portal.example", NOW);
    expect(new ICAL.Component(ICAL.parse(feed!)).getAllSubcomponents("vevent")).toHaveLength(1);
    const other = await renewCalendarFeed(teacher, NOW);
    expect(await calendarFeed(token, "https://portal.example", NOW)).toBeNull();
    await revokeCalendarFeed(teacher, NOW);
    expect(await calendarFeed(other, "https://portal.example", NOW)).toBeNull();
    expect(await calendarFeed("../../nope", "https://portal.example", NOW)).toBeNull();
  });
});
