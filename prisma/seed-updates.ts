/**
 * Demo updates for `npm run seed:demo`: a fortnight of posts and replies in each Northshire
 * initiative, with mentions of people and agencies, an edited post, a request for help turned
 * into an action, and read markers that leave each lead a few unread updates. Dated from today;
 * everything goes through the feed module, as the screens do.
 */
import type { InitiativeAccess } from "../app/utils/policy.server";

type PostSpec = {
  by: string;
  daysAgo: number;
  category: "announcement" | "decision" | "information" | "help_request";
  body: string;
  replies?: Array<{ by: string; hoursLater: number; body: string }>;
  editedTo?: string;
  /** Turned into an action for this person, due in so many days. */
  action?: { title: string; owner: string; dueInDays: number };
};

/** Posts per initiative, by the initiative's name; `by` is a person's full name. */
const FEEDS: Record<string, PostSpec[]> = {
  "Northshire SEND Early Help Partnership": [
    {
      by: "Priya Shah",
      daysAgo: 13,
      category: "announcement",
      body: "Welcome to the partnership's updates. Please share news here instead of by email, so every agency sees the same thing at the same time.",
      replies: [{ by: "Mark Bennett", hoursLater: 2, body: "Thanks Priya. I will post the allocation list here after each Thursday meeting." }],
    },
    {
      by: "Mark Bennett",
      daysAgo: 9,
      category: "information",
      body: "Allocation meeting: 6 new families allocated a lead professional this week, 14 still waiting. Longest wait is now 19 weeks, down from 23.",
      replies: [{ by: "Dr Tom Hughes", hoursLater: 5, body: "Good progress. Health advice is going back within five weeks for all six." }],
    },
    {
      by: "Helen Carter",
      daysAgo: 6,
      category: "help_request",
      body: "Two nurseries have asked for help with transition plans for children starting in reception in January. @Northshire Education and Inclusion Service, could someone join the planning meetings?",
      replies: [{ by: "Mark Bennett", hoursLater: 3, body: "Yes: I will come to both. @Helen Carter, can you send me the dates?" }],
      action: { title: "Attend January transition planning meetings at both nurseries", owner: "Mark Bennett", dueInDays: 30 },
    },
    {
      by: "Aisha Khan",
      daysAgo: 4,
      category: "information",
      body: "Reminder: the new early help assessment form goes live on Monday. The old form will still be accepted for two weeks.",
      editedTo:
        "Reminder: the new early help assessment form goes live on Monday 7th. The old form will still be accepted until the end of the month.",
    },
    {
      by: "Priya Shah",
      daysAgo: 2,
      category: "decision",
      body: "Agreed by email with all three agencies: the pooled budget pays for a second family key worker from April, subject to the Board's approval.",
      replies: [
        { by: "Dr Tom Hughes", hoursLater: 1, body: "The Trust agrees. @Priya Shah, I will confirm our share in writing." },
        { by: "Aisha Khan", hoursLater: 6, body: "Great news for the families on the waiting list." },
      ],
    },
    {
      by: "Dr Tom Hughes",
      daysAgo: 1,
      category: "help_request",
      body: "@Mark Bennett @Aisha Khan can we find 30 minutes before the next strategic group to agree the referral route for under-fives?",
    },
  ],
  "Virtual School Partnership for Children in Care": [
    {
      by: "Claire Whitfield",
      daysAgo: 10,
      category: "announcement",
      body: "Personal education plan reviews for this term are all booked. Thank you, designated teachers.",
      replies: [{ by: "Rachel Price", hoursLater: 4, body: "Riverside's three are all in the diary." }],
    },
    {
      by: "Fiona McAllister",
      daysAgo: 5,
      category: "help_request",
      body: "Home-Start volunteers can offer homework support for two children in care from January. @Daniel Osei, who should we speak to about introductions?",
      replies: [{ by: "Daniel Osei", hoursLater: 6, body: "Thank you Fiona: Aisha will introduce you to the social workers." }],
    },
    {
      by: "Aisha Khan",
      daysAgo: 1,
      category: "information",
      body: "Two placement moves this week; both children keep their school places. School transport is arranged.",
    },
  ],
  "Healthy Minds in Schools": [
    {
      by: "Emma Lawson",
      daysAgo: 8,
      category: "announcement",
      body: "The consultation clinic now runs in all four pilot schools. Referrals so far: 11.",
      replies: [{ by: "Helen Carter", hoursLater: 3, body: "Staff at Riverside say it has already helped with two pupils." }],
    },
    {
      by: "Dr Tom Hughes",
      daysAgo: 3,
      category: "information",
      body: "CAMHS waiting times for school referrals are now 14 weeks. @Riverside Primary School, please keep using the clinic first.",
    },
  ],
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedUpdates(accessByInitiative: Record<string, InitiativeAccess>, today = new Date()) {
  const { prisma } = await import("../app/utils/db.server");
  const feed = await import("../app/modules/updates/commands.server");
  let count = 0;
  for (const [initiativeName, posts] of Object.entries(FEEDS)) {
    const lead = accessByInitiative[initiativeName];
    if (!lead) throw new Error(`No initiative called ${initiativeName} in the demo`);
    const memberships = await prisma.membership.findMany({
      where: { initiativeId: lead.initiativeId },
      select: { id: true, role: true, agencyId: true, user: true },
    });
    const accessOf = (name: string): InitiativeAccess => {
      const m = memberships.find((x) => x.user.name === name);
      if (!m) throw new Error(`${name} is not a member of ${initiativeName}`);
      return {
        user: m.user,
        initiativeId: lead.initiativeId,
        membership: { id: m.id, role: m.role as InitiativeAccess["membership"]["role"], agencyId: m.agencyId },
      };
    };
    for (const spec of posts) {
      // Mid-morning, so the times read as a working day's.
      const at = new Date(today.getTime() - spec.daysAgo * DAY);
      at.setUTCHours(9, 40, 0, 0);
      const posted = await feed.createPost(accessOf(spec.by), { category: spec.category, body: spec.body }, at);
      if (!posted.ok) throw new Error(`Could not post for ${spec.by}: ${posted.message}`);
      count += 1;
      for (const reply of spec.replies ?? []) {
        const replied = await feed.replyToPost(accessOf(reply.by), posted.postId, reply.body, new Date(at.getTime() + reply.hoursLater * HOUR));
        if (!replied.ok) throw new Error(`Could not reply for ${reply.by}: ${replied.message}`);
        count += 1;
      }
      if (spec.editedTo) {
        const edited = await feed.editPost(accessOf(spec.by), posted.postId, { body: spec.editedTo }, new Date(at.getTime() + HOUR));
        if (!edited.ok) throw new Error(`Could not edit ${spec.by}'s post: ${edited.message}`);
      }
      if (spec.action) {
        const owner = memberships.find((m) => m.user.name === spec.action!.owner)!;
        const due = new Date(today.getTime() + spec.action.dueInDays * DAY).toISOString().slice(0, 10);
        const promoted = await feed.promotePost(lead, posted.postId, {
          as: "action",
          title: spec.action.title,
          ownerId: owner.user.id,
          dueDate: due,
        });
        if (!promoted.ok) throw new Error(`Could not turn the post into an action: ${promoted.message}`);
      }
    }
    // The portal's own posts came from setting the partnership up (the seed did that just now):
    // date them to a fortnight ago, when a real partnership would have done it.
    const system = await prisma.post.findMany({
      where: { initiativeId: lead.initiativeId, category: "system" },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    for (const [index, post] of system.entries()) {
      const at = new Date(today.getTime() - 15 * DAY + index * 10 * 60_000);
      await prisma.post.update({ where: { id: post.id }, data: { createdAt: at, activityAt: at } });
    }
    // Everyone has read the feed up to three days ago, so the newest updates show as new.
    for (const m of memberships) {
      await prisma.membership.update({ where: { id: m.id }, data: { feedReadAt: new Date(today.getTime() - 3 * DAY) } });
    }
  }
  return count;
}
