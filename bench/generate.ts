/**
 * A realistic, deterministic data set for the page benchmarks (bench/pages.ts, issue 10), written
 * straight into a migrated database, SQLite or PostgreSQL as DATABASE_URL says, with the app's own
 * client and `createMany` in batches.
 *
 *   S: 50 initiatives, 500 people, 5,000 updates (posts and replies, some mentions), 500 meetings
 *      with attendance, 2,000 funding records (streams, yearly amounts, spending), 3 closed
 *      self-assessment rounds per initiative with 4 submitted responses each (every factor and
 *      challenge rated, some benefits), memberships, register roles.
 *   L: ten times S. Each initiative holds the same amount in both, so a page about one initiative
 *      should not grow from S to L; only the portal-wide audit of activity has more to count.
 *
 * Run on its own: `DATABASE_URL=file:/tmp/x.db SECURE_COOKIES=false tsx bench/generate.ts --size S`
 * (the file must not exist yet), or with `DATABASE_URL=postgresql://…/<an empty database>`.
 * Forked by bench/pages.ts, it sends its result over IPC.
 * The first initiative's lead is also a portal administrator: the one account the benchmark signs in as.
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "../app/utils/migrate.server";
import { BENEFITS, CHALLENGES, MODELS_OF_ACTIVITY, RATIONALES, SUCCESS_FACTORS } from "../app/modules/study/study";

export const SIZES = { S: 1, L: 10 } as const;
export type Size = keyof typeof SIZES;

/** What bench/pages.ts needs from a generated database. */
export type Generated = {
  size: Size;
  initiativeId: string;
  roundId: string;
  /** `name=value` for the Cookie header: the lead of `initiativeId`, also an administrator. */
  cookie: string;
  rows: Record<string, number>;
  elapsedMs: number;
};

const BATCH = 500;
const SECTORS = ["health", "social_services", "education", "other"] as const;
const CATEGORIES = ["information", "announcement", "decision", "help_request"] as const;
const SEVERITIES = ["none", "minor", "significant", "major"] as const;
const DAY = 86_400_000;
/** Fixed, so that runs are identical; everything lies in the two years before it. */
const BASE = Date.UTC(2026, 9, 1);

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  return { next, int, pick };
}

const id = (kind: string, ...n: number[]) => `bench${kind}${n.map((x) => x.toString(36).padStart(4, "0")).join("x")}`;

const WORDS = (
  "referral panel school nurse attendance early help plan funding review speech language therapy " +
  "family support assessment safeguarding transition pathway training session data sharing agreement " +
  "outreach caseload waiting list parents carers consultation budget pooled grant evaluation"
).split(" ");

export async function generate(databaseUrl: string, size: Size): Promise<Generated> {
  const started = performance.now();
  await migrateDatabase(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  // NOTE: imported only now, because these modules read DATABASE_URL when first imported.
  const { prisma } = await import("../app/utils/db.server");
  const { createSessionCookie } = await import("../app/utils/auth.server");
  const k = SIZES[size];
  const random = prng(20261126);
  const sentence = (min: number, max: number) => {
    const words = Array.from({ length: random.int(min, max) }, () => random.pick(WORDS));
    return `${words.join(" ").replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const rows: Record<string, number> = {};
  const insert = async <T>(name: string, data: T[], write: (batch: T[]) => Promise<unknown>) => {
    for (let first = 0; first < data.length; first += BATCH) await write(data.slice(first, first + BATCH));
    rows[name] = (rows[name] ?? 0) + data.length;
  };

  try {
    const agencyCount = 12 * k;
    const agencies = Array.from({ length: agencyCount }, (_, a) => ({
      id: id("a", a),
      name: `Bench agency ${a + 1}`,
      sector: SECTORS[a % SECTORS.length]!,
    }));
    await insert("agencies", agencies, (data) => prisma.agency.createMany({ data }));

    const people = 500 * k;
    const users = Array.from({ length: people }, (_, u) => ({
      id: id("u", u),
      email: `person-${u + 1}@bench.example.gov.uk`,
      name: `Person ${u + 1}`,
      jobTitle: random.pick(["Practitioner", "Team manager", "Head teacher", "Commissioner", "Family worker"]),
      agencyId: agencies[u % agencyCount]!.id,
      isAdmin: u === 0,
      createdAt: new Date(BASE - 700 * DAY),
    }));
    await insert("users", users, (data) => prisma.user.createMany({ data }));

    const initiativeCount = 50 * k;
    const membersPerInitiative = 20;
    const initiatives = [];
    const rationales = [];
    const initiativeAgencies = [];
    const memberships = [];
    const roles = [];
    const posts: {
      id: string;
      initiativeId: string;
      authorId: string;
      parentId: string | null;
      category: string;
      body: string;
      createdAt: Date;
      activityAt: Date;
    }[] = [];
    const mentions = [];
    const meetings = [];
    const attendances = [];
    const streams = [];
    const amounts = [];
    const spending = [];
    const rounds = [];
    const responses = [];
    const factors = [];
    const challenges = [];
    const benefits = [];

    for (let i = 0; i < initiativeCount; i++) {
      const initiativeId = id("i", i);
      const partnerAgencies = [0, 1, 2].map((j) => agencies[(i * 3 + j) % agencyCount]!.id);
      initiatives.push({
        id: initiativeId,
        name: `Bench initiative ${i + 1}`,
        targetGroup: random.pick(["Children with special educational needs", "Families needing early help", "Young carers", "Children in care"]),
        modelOfActivity: MODELS_OF_ACTIVITY[i % MODELS_OF_ACTIVITY.length]!.key,
        aims: sentence(12, 30),
        localAuthority: "Benchshire",
        startDate: new Date(BASE - random.int(400, 700) * DAY),
        status: i % 10 === 9 ? "paused" : "active",
      });
      rationales.push({ initiativeId, rationale: RATIONALES[i % RATIONALES.length]!.key });
      if (i % 2) rationales.push({ initiativeId, rationale: RATIONALES[(i + 1) % RATIONALES.length]!.key });
      for (const agencyId of partnerAgencies) initiativeAgencies.push({ initiativeId, agencyId });

      // Members: user 0 leads initiative 0; otherwise a run of people (each person in a couple of initiatives).
      const memberIds: string[] = [];
      const memberAgency = new Map<string, string>();
      for (let m = 0; m < membersPerInitiative; m++) {
        const userIndex = i === 0 && m === 0 ? 0 : (i * 10 + m + 1) % people;
        const userId = id("u", userIndex);
        if (memberAgency.has(userId)) continue;
        const agencyId = users[userIndex]!.agencyId;
        memberIds.push(userId);
        memberAgency.set(userId, agencyId);
        memberships.push({
          id: id("m", i, m),
          initiativeId,
          userId,
          agencyId,
          role: m === 0 ? "lead" : m === 1 ? "coordinator" : m === membersPerInitiative - 1 ? "observer" : "member",
          joinedAt: new Date(BASE - 600 * DAY),
          feedReadAt: new Date(BASE - 20 * DAY),
        });
      }
      const lead = memberIds[0]!;

      for (let r = 0; r < 5; r++) {
        roles.push({
          id: id("r", i, r),
          initiativeId,
          title: ["Chair", "Coordinator", "Finance lead", "Data lead", "Practitioner lead"][r]!,
          agencyId: partnerAgencies[r % 3]!,
          holderId: r === 4 ? null : memberIds[r]!,
          responsibilities: JSON.stringify([sentence(3, 6), sentence(3, 6)]),
          accountableToId: r === 0 ? null : id("r", i, 0),
          timeUnit: "hours_per_week",
          timeAmount: random.int(2, 15) * 50,
          lastConfirmedAt: new Date(BASE - random.int(10, 200) * DAY),
          createdById: lead,
        });
      }

      // 100 updates: 60 posts, 40 replies, over the last year; one in ten mentions someone.
      const topLevel: { id: string; at: number }[] = [];
      for (let p = 0; p < 100; p++) {
        const reply = p >= 10 && p % 5 >= 3;
        const parent = reply ? topLevel[random.int(0, topLevel.length - 1)]! : null;
        const at = parent ? parent.at + random.int(1, 72) * 3_600_000 : BASE - (365 - p * 3.6) * DAY;
        const postId = id("p", i, p);
        const authorId = random.pick(memberIds);
        posts.push({
          id: postId,
          initiativeId,
          authorId,
          parentId: parent?.id ?? null,
          category: reply ? "information" : random.pick(CATEGORIES),
          body: sentence(8, 40),
          createdAt: new Date(at),
          activityAt: new Date(at),
        });
        if (!parent) topLevel.push({ id: postId, at });
        if (p % 10 === 7) mentions.push({ postId, userId: random.pick(memberIds.filter((m) => m !== authorId)), via: "person" });
      }
      // Replies move their thread up the feed.
      const latest = new Map<string, number>();
      for (const post of posts.slice(-100))
        if (post.parentId) latest.set(post.parentId, Math.max(latest.get(post.parentId) ?? 0, post.createdAt.getTime()));
      for (const post of posts.slice(-100))
        if (!post.parentId && latest.has(post.id)) post.activityAt = new Date(Math.max(post.activityAt.getTime(), latest.get(post.id)!));

      // 10 meetings: 8 past with attendance recorded, 2 ahead.
      for (let g = 0; g < 10; g++) {
        const startsAt = BASE + (g - 8) * 42 * DAY + 10 * 3_600_000;
        const meetingId = id("g", i, g);
        meetings.push({
          id: meetingId,
          initiativeId,
          title: `${["Strategic planning", "Operational review", "Partnership review"][g % 3]} ${g + 1}`,
          type: ["strategic_planning", "operational", "review"][g % 3]!,
          startsAt: new Date(startsAt),
          endsAt: new Date(startsAt + 2 * 3_600_000),
          location: "Benchshire County Hall",
          minutes: g < 8 ? sentence(40, 120) : null,
          minutesStatus: g < 7 ? "approved" : g < 8 ? "draft" : "none",
          createdById: lead,
        });
        if (g < 8)
          for (const userId of memberIds)
            attendances.push({
              meetingId,
              userId,
              agencyId: memberAgency.get(userId)!,
              present: random.next() < 0.8,
              recordedAt: new Date(startsAt),
            });
      }

      // Funding: 4 streams, each with 3 yearly amounts and 7 items of spending (40 records).
      for (let s = 0; s < 4; s++) {
        const streamId = id("f", i, s);
        const external = s === 3;
        streams.push({
          id: streamId,
          initiativeId,
          name: ["Pooled budget", "Aligned budget", "Agency contribution", "Lottery grant"][s]!,
          type: ["pooled", "aligned", "single_agency", "grant"][s]!,
          agencyId: external ? null : partnerAgencies[s % 3]!,
          funderName: external ? "National Lottery Community Fund" : null,
          status: random.pick(["pledged", "confirmed", "received"] as const),
          startDate: new Date(Date.UTC(2024, 3, 1)),
          endDate: new Date(Date.UTC(2027, 2, 31)),
          conditions: s === 3 ? "Ring-fenced for speech and language therapy" : null,
          createdById: lead,
        });
        for (let y = 0; y < 3; y++)
          amounts.push({ id: id("fa", i, s, y), streamId, financialYear: 2024 + y, amountPence: random.int(1_000, 50_000) * 100 });
        for (let e = 0; e < 7; e++) {
          spending.push({
            id: id("fe", i, s, e),
            streamId,
            spentOn: new Date(BASE - random.int(1, 500) * DAY),
            amountPence: random.int(50, 5_000) * 100,
            category: random.pick(["Staff", "Venue", "Training", "Equipment", "Evaluation"]),
            description: sentence(3, 8),
            approvedBy: "Finance lead",
            createdById: lead,
          });
        }
      }

      // Three closed self-assessment rounds, four submitted responses each.
      for (let a = 0; a < 3; a++) {
        const roundId = id("ar", i, a);
        const closesOn = new Date(BASE - (3 - a) * 120 * DAY);
        rounds.push({
          id: roundId,
          initiativeId,
          title: `Self-assessment ${2024 + a}`,
          closesOn,
          closedAt: closesOn,
          createdById: lead,
          createdAt: new Date(closesOn.getTime() - 30 * DAY),
        });
        for (let r = 0; r < 4; r++) {
          const userId = memberIds[r]!;
          const responseId = id("as", i, a, r);
          responses.push({
            id: responseId,
            roundId,
            userId,
            agencyId: memberAgency.get(userId)!,
            submittedAt: new Date(closesOn.getTime() - random.int(1, 20) * DAY),
            createdAt: new Date(closesOn.getTime() - 25 * DAY),
          });
          for (const factor of SUCCESS_FACTORS)
            factors.push({
              responseId,
              factorKey: factor.key,
              rating: random.next() < 0.05 ? null : random.int(1, 5),
              evidence: random.next() < 0.2 ? sentence(4, 12) : null,
            });
          for (const challenge of CHALLENGES) challenges.push({ responseId, challengeKey: challenge.key, severity: random.pick(SEVERITIES) });
          for (const benefit of BENEFITS)
            if (random.next() < 0.4) benefits.push({ responseId, benefitKey: benefit.key, example: random.next() < 0.5 ? sentence(4, 10) : "" });
        }
      }
    }

    await insert("initiatives", initiatives, (data) => prisma.initiative.createMany({ data }));
    await insert("rationales", rationales, (data) => prisma.initiativeRationale.createMany({ data }));
    await insert("initiative agencies", initiativeAgencies, (data) => prisma.initiativeAgency.createMany({ data }));
    await insert("memberships", memberships, (data) => prisma.membership.createMany({ data }));
    await insert(
      "register roles",
      roles.filter((r) => r.accountableToId === null),
      (data) => prisma.registerRole.createMany({ data }),
    );
    await insert(
      "register roles",
      roles.filter((r) => r.accountableToId !== null),
      (data) => prisma.registerRole.createMany({ data }),
    );
    // Top-level posts before the replies that point at them.
    await insert(
      "posts",
      posts.filter((p) => !p.parentId),
      (data) => prisma.post.createMany({ data }),
    );
    await insert(
      "posts",
      posts.filter((p) => p.parentId),
      (data) => prisma.post.createMany({ data }),
    );
    await insert("mentions", mentions, (data) => prisma.postMention.createMany({ data }));
    await insert("meetings", meetings, (data) => prisma.meeting.createMany({ data }));
    await insert("attendances", attendances, (data) => prisma.meetingAttendance.createMany({ data }));
    await insert("funding streams", streams, (data) => prisma.fundingStream.createMany({ data }));
    await insert("funding amounts", amounts, (data) => prisma.fundingAmount.createMany({ data }));
    await insert("expenditures", spending, (data) => prisma.expenditure.createMany({ data }));
    await insert("assessment rounds", rounds, (data) => prisma.assessmentRound.createMany({ data }));
    await insert("assessment responses", responses, (data) => prisma.assessmentResponse.createMany({ data }));
    await insert("factor ratings", factors, (data) => prisma.factorRating.createMany({ data }));
    await insert("challenge ratings", challenges, (data) => prisma.challengeRating.createMany({ data }));
    await insert("benefit reports", benefits, (data) => prisma.benefitReport.createMany({ data }));

    const cookie = (await createSessionCookie(users[0]!.id, "pages benchmark")).split(";")[0]!;
    return { size, initiativeId: id("i", 0), roundId: id("ar", 0, 2), cookie, rows, elapsedMs: performance.now() - started };
  } finally {
    await prisma.$disconnect();
  }
}

// Run directly (or forked by bench/pages.ts).
if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { size: { type: "string", default: "S" } } });
  const size = values.size as Size;
  const databaseUrl = process.env.DATABASE_URL;
  if (!(size in SIZES) || !databaseUrl) {
    console.error("Usage: DATABASE_URL=file:/path/new.db|postgresql://…/empty SECURE_COOKIES=false tsx bench/generate.ts --size S|L");
    process.exit(2);
  }
  try {
    const result = await generate(databaseUrl, size);
    if (process.send) process.send(result);
    else console.log(`Generated size ${size} in ${(result.elapsedMs / 1000).toFixed(1)} s:`, result);
    process.exitCode = 0;
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}
