import { afterAll, describe, expect, test } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import type { DataScope } from "~/utils/data-version.server";
import { createPrismaClient } from "~/utils/db.server";
import { defaultMigrationsDir, migrateDatabase, readMigrations } from "~/utils/migrate.server";
import { emptyDatabase, testProvider, type TestDatabase } from "../setup/test-database";

// Runs on the provider of the run (SQLite, or PostgreSQL under vitest.postgres.config.ts),
// with that provider's folder of migrations.
const migrationsOfProvider = () => readMigrations(defaultMigrationsDir(testProvider));

const scratch: TestDatabase[] = [];
async function scratchDatabase() {
  const database = await emptyDatabase();
  scratch.push(database);
  return database;
}
afterAll(async () => {
  await Promise.all(scratch.map((database) => database.drop()));
});

/** Whether the database has a table of this name. */
async function hasTable(database: TestDatabase, name: string): Promise<boolean> {
  const rows =
    testProvider === "postgresql"
      ? await database.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", [name])
      : await database.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]);
  return rows.length > 0;
}

/** A migrated scratch database, the data version of `scope` in it, and whether a change raises it. */
async function versionedDatabase(scope: DataScope) {
  const { url } = await scratchDatabase();
  await migrateDatabase(url);
  const db = createPrismaClient(url);
  const version = async () => (await db.dataVersion.findUniqueOrThrow({ where: { scope } })).version;
  const raises = async (change: () => Promise<unknown>) => {
    const before = await version();
    await change();
    return (await version()) > before;
  };
  return { db, version, raises };
}

/**
 * A migrated scratch database with a person, two initiatives ("mine" and "other"), the version of
 * a scope of one initiative (`<kind>:<id>`, null until its first change), and whether a change
 * raises mine.
 */
async function perInitiativeVersions(kind: "posts" | "records") {
  const { url } = await scratchDatabase();
  await migrateDatabase(url);
  const db = createPrismaClient(url);
  const agency = await db.agency.create({ data: { name: "Northshire NHS Trust", sector: "health" } });
  const user = await db.user.create({ data: { email: "a@example.gov.uk", name: "A", jobTitle: "Nurse", agencyId: agency.id } });
  const initiativeData = {
    targetGroup: "T",
    modelOfActivity: "decision_making_group",
    aims: "Aims",
    localAuthority: "LA",
    startDate: new Date("2026-01-01"),
  };
  const mine = await db.initiative.create({ data: { name: "Mine", ...initiativeData } });
  const other = await db.initiative.create({ data: { name: "Other", ...initiativeData } });
  const version = async (initiativeId: string) => (await db.dataVersion.findUnique({ where: { scope: `${kind}:${initiativeId}` } }))?.version ?? null;
  const raises = async (change: () => Promise<unknown>) => {
    const before = (await version(mine.id)) ?? 0;
    await change();
    return ((await version(mine.id)) ?? 0) > before;
  };
  return { db, agency, user, mine, other, version, raises };
}

describe("migrations", () => {
  test("a fresh database accepts a create and read of every model through the generated client", async () => {
    const { url } = await scratchDatabase();
    const { applied } = await migrateDatabase(url);
    expect(applied).toEqual(migrationsOfProvider().map((m) => m.name));

    const db = createPrismaClient(url);
    const covered = new Set<string>();
    try {
      // Every column is written, so a column missing from the SQL fails here.
      const agency = await db.agency.create({ data: { name: "Northshire NHS Trust", nameKey: "northshirenhstrust", sector: "health" } });
      covered.add("Agency");
      await expect(
        db.agency.create({ data: { name: "Northshire N.H.S. Trust", nameKey: "northshirenhstrust", sector: "health" } }),
      ).rejects.toThrow();
      const user = await db.user.create({
        data: {
          email: "a@example.gov.uk",
          name: "A",
          jobTitle: "Nurse",
          agencyId: agency.id,
          isAdmin: true,
          canViewActivityAudit: true,
          emailVerifiedAt: new Date("2026-12-01T09:00:00Z"),
        },
      });
      covered.add("User");
      await db.password.create({ data: { userId: user.id, hash: "$argon2id$x" } });
      covered.add("Password");
      await db.session.create({
        data: { id: "s1", userId: user.id, expiresAt: new Date(), userAgent: "test", persistent: true },
      });
      covered.add("Session");
      await db.setupCode.create({ data: { codeHash: "hash-of-code", usedAt: new Date("2026-12-01T09:00:00Z") } });
      expect(await db.setupCode.findUniqueOrThrow({ where: { codeHash: "hash-of-code" } })).toMatchObject({
        usedAt: new Date("2026-12-01T09:00:00Z"),
      });
      covered.add("SetupCode");
      const initiative = await db.initiative.create({
        data: {
          name: "I",
          targetGroup: "T",
          modelOfActivity: "decision_making_group",
          aims: "Aims",
          localAuthority: "LA",
          startDate: new Date("2026-01-01"),
          endDate: new Date("2027-01-01"),
          status: "paused",
        },
      });
      covered.add("Initiative");
      await db.initiativeRationale.create({ data: { initiativeId: initiative.id, rationale: "government_agenda" } });
      covered.add("InitiativeRationale");
      await db.initiativeAgency.create({ data: { initiativeId: initiative.id, agencyId: agency.id } });
      covered.add("InitiativeAgency");
      await db.membership.create({
        data: { initiativeId: initiative.id, userId: user.id, role: "lead", agencyId: agency.id },
      });
      covered.add("Membership");
      await db.invitation.create({
        data: {
          initiativeId: initiative.id,
          email: "b@example.gov.uk",
          role: "observer",
          agencyId: agency.id,
          tokenHash: "hash",
          invitedById: user.id,
          expiresAt: new Date("2026-12-01"),
          acceptedAt: new Date("2026-11-30"),
          acceptedById: user.id,
          revokedAt: null,
        },
      });
      covered.add("Invitation");
      const role = await db.registerRole.create({
        data: {
          initiativeId: initiative.id,
          title: "Chair",
          agencyId: agency.id,
          holderId: user.id,
          responsibilities: '["Chairs"]',
          accountableToId: null,
          timeUnit: "fte",
          timeAmount: 20,
          startDate: new Date("2026-01-01"),
          endDate: new Date("2026-12-31"),
          lastConfirmedAt: new Date(),
          confirmationRequestedAt: new Date(),
          createdById: user.id,
        },
      });
      await db.registerRole.create({
        data: {
          initiativeId: initiative.id,
          title: "Clerk",
          agencyId: agency.id,
          accountableToId: role.id,
          timeUnit: "hours_per_week",
          timeAmount: 100,
          createdById: user.id,
        },
      });
      covered.add("RegisterRole");
      const responsibility = await db.sharedResponsibility.create({ data: { initiativeId: initiative.id, title: "Hold the budget" } });
      covered.add("SharedResponsibility");
      await db.responsibilityAssignment.create({ data: { responsibilityId: responsibility.id, agencyId: agency.id, kind: "accountable" } });
      covered.add("ResponsibilityAssignment");
      const series = await db.meetingSeries.create({ data: { initiativeId: initiative.id, rule: '{"kind":"every_n_weeks","weeks":6}' } });
      covered.add("MeetingSeries");
      const meeting = await db.meeting.create({
        data: {
          initiativeId: initiative.id,
          seriesId: series.id,
          title: "Strategic group",
          type: "strategic_planning",
          startsAt: new Date("2026-12-01T10:00:00Z"),
          endsAt: new Date("2026-12-01T12:00:00Z"),
          location: "County Hall",
          onlineLink: "https://meet.example/abc",
          rsvpDeadline: new Date("2026-11-28T17:00:00Z"),
          quorumRule: "count",
          quorumCount: 4,
          status: "cancelled",
          cancelledReason: "Snow",
          minutes: "Notes",
          minutesStatus: "approved",
          minutesApprovedAt: new Date(),
          minutesApprovedAtMeetingId: "later",
          createdById: user.id,
        },
      });
      covered.add("Meeting");
      await db.agendaItem.create({
        data: { meetingId: meeting.id, position: 1, title: "Budget", ownerId: user.id, minutesAllowed: 20, type: "decision", notes: "Paper 3" },
      });
      covered.add("AgendaItem");
      await db.meetingResponse.create({ data: { meetingId: meeting.id, userId: user.id, response: "apologies" } });
      covered.add("MeetingResponse");
      await db.meetingAttendance.create({ data: { meetingId: meeting.id, userId: user.id, agencyId: agency.id, present: true } });
      covered.add("MeetingAttendance");
      await db.decision.create({ data: { initiativeId: initiative.id, meetingId: meeting.id, text: "Agreed", createdById: user.id } });
      covered.add("Decision");
      await db.actionItem.create({
        data: {
          initiativeId: initiative.id,
          meetingId: meeting.id,
          title: "Draft the plan",
          ownerId: user.id,
          agencyId: agency.id,
          dueDate: new Date("2026-12-15"),
          status: "done",
          closedAt: new Date(),
          createdById: user.id,
        },
      });
      covered.add("ActionItem");
      await db.calendarToken.create({ data: { userId: user.id, tokenHash: "feed", revokedAt: null } });
      covered.add("CalendarToken");
      const successor = await db.fundingStream.create({
        data: {
          initiativeId: initiative.id,
          name: "Year 2 grant",
          type: "grant",
          funderName: "Department for Education",
          status: "pledged",
          startDate: new Date("2027-04-01"),
          endDate: new Date("2028-03-31"),
          createdById: user.id,
        },
      });
      const stream = await db.fundingStream.create({
        data: {
          initiativeId: initiative.id,
          name: "Pooled budget",
          type: "pooled",
          agencyId: agency.id,
          status: "confirmed",
          startDate: new Date("2026-04-01"),
          endDate: new Date("2027-03-31"),
          conditions: "Ring-fenced for therapy",
          successorId: successor.id,
          createdById: user.id,
        },
      });
      covered.add("FundingStream");
      await db.fundingAmount.create({ data: { streamId: stream.id, financialYear: 2026, amountPence: 12_345_678 } });
      covered.add("FundingAmount");
      await db.expenditure.create({
        data: {
          streamId: stream.id,
          spentOn: new Date("2026-05-01"),
          amountPence: 50_000,
          category: "Staff",
          description: "Locum",
          approvedBy: "A",
          createdById: user.id,
        },
      });
      covered.add("Expenditure");
      await db.inKindContribution.create({
        data: {
          initiativeId: initiative.id,
          agencyId: agency.id,
          kind: "staff_time",
          description: "Nurse",
          fteHundredths: 40,
          startDate: new Date("2026-04-01"),
          endDate: new Date("2027-03-31"),
          valuePence: 1_500_000,
          valuationMethod: "Band 6 midpoint",
          status: "received",
          createdById: user.id,
        },
      });
      covered.add("InKindContribution");
      await db.auditEvent.create({
        data: {
          actorId: user.id,
          actorName: "A",
          actorAgency: "Northshire NHS Trust",
          initiativeId: initiative.id,
          action: "initiative.created",
          entity: "initiative",
          entityId: initiative.id,
          before: "{}",
          after: "{}",
        },
      });
      covered.add("AuditEvent");
      const post = await db.post.create({
        data: { initiativeId: initiative.id, authorId: user.id, category: "announcement", body: "Hello @A", editedAt: new Date("2026-05-02") },
      });
      covered.add("Post");
      await db.post.create({ data: { initiativeId: initiative.id, parentId: post.id, authorId: user.id, category: "reply", body: "A reply" } });
      await db.postRevision.create({ data: { postId: post.id, category: "information", body: "Hello" } });
      covered.add("PostRevision");
      await db.postMention.create({ data: { postId: post.id, userId: user.id, via: "person" } });
      covered.add("PostMention");
      const round = await db.assessmentRound.create({
        data: {
          initiativeId: initiative.id,
          title: "Spring review",
          closesOn: new Date("2026-12-15"),
          closedAt: new Date("2026-12-10T09:00:00Z"),
          createdById: user.id,
        },
      });
      covered.add("AssessmentRound");
      await db.assessmentReminder.create({ data: { roundId: round.id, sentById: user.id, sentAt: new Date("2026-12-02T09:00:00Z") } });
      covered.add("AssessmentReminder");
      const response = await db.assessmentResponse.create({
        data: { roundId: round.id, userId: user.id, agencyId: agency.id, submittedAt: new Date("2026-12-01T10:00:00Z") },
      });
      covered.add("AssessmentResponse");
      await db.factorRating.create({
        data: { responseId: response.id, factorKey: "commitment", rating: 4, evidence: "Every agency at every meeting" },
      });
      await db.factorRating.create({ data: { responseId: response.id, factorKey: "history", rating: null, evidence: null } });
      covered.add("FactorRating");
      await db.challengeRating.create({ data: { responseId: response.id, challengeKey: "time", severity: "major" } });
      covered.add("ChallengeRating");
      await db.benefitReport.create({ data: { responseId: response.id, benefitKey: "communication", example: "A shared inbox" } });
      covered.add("BenefitReport");
      // Written by the database's triggers only: the audit's version has counted every change above.
      expect((await db.dataVersion.findUniqueOrThrow({ where: { scope: "audit" } })).version).toBeGreaterThan(0);
      covered.add("DataVersion");

      const read = await db.initiative.findUniqueOrThrow({
        where: { id: initiative.id },
        include: {
          rationales: true,
          agencies: { include: { agency: true } },
          memberships: { include: { user: { include: { password: true, sessions: true } } } },
          invitations: { include: { invitedBy: true } },
          registerRoles: { include: { reports: true, holder: true } },
          meetings: { include: { agendaItems: true, responses: true, attendances: true, decisions: true, actionItems: true, series: true } },
          fundingStreams: { include: { amounts: true, spending: true, successor: true } },
          inKindContributions: true,
          posts: { where: { parentId: null }, include: { replies: true, revisions: true, mentions: true } },
          assessmentRounds: {
            include: {
              createdBy: true,
              reminders: { include: { sentBy: true } },
              responses: { include: { agency: true, factors: { orderBy: { factorKey: "asc" } }, challenges: true, benefits: true } },
            },
          },
        },
      });
      expect(read.status).toBe("paused");
      expect(read.endDate?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
      expect(read.rationales.map((r) => r.rationale)).toEqual(["government_agenda"]);
      expect(read.agencies[0]?.agency.name).toBe("Northshire NHS Trust");
      expect(read.memberships[0]?.user.password?.hash).toBe("$argon2id$x");
      expect(read.memberships[0]?.user.sessions[0]).toMatchObject({ userAgent: "test", persistent: true });
      expect(read.memberships[0]?.user.emailVerifiedAt).toEqual(new Date("2026-12-01T09:00:00Z"));
      expect(read.invitations[0]).toMatchObject({ role: "observer", invitedBy: { canViewActivityAudit: true } });
      expect(read.registerRoles.find((r) => r.title === "Chair")?.reports.map((r) => r.title)).toEqual(["Clerk"]);
      expect(read.meetings[0]).toMatchObject({ quorumCount: 4, agendaItems: [{ minutesAllowed: 20 }], attendances: [{ present: true }] });
      expect(read.fundingStreams.find((f) => f.name === "Pooled budget")).toMatchObject({
        amounts: [{ amountPence: 12_345_678 }],
        spending: [{ amountPence: 50_000 }],
        successor: { name: "Year 2 grant" },
      });
      expect(read.inKindContributions[0]?.fteHundredths).toBe(40);
      expect(read.posts[0]).toMatchObject({
        body: "Hello @A",
        replies: [{ body: "A reply" }],
        revisions: [{ body: "Hello" }],
        mentions: [{ via: "person" }],
      });
      expect(read.assessmentRounds[0]).toMatchObject({
        title: "Spring review",
        closedAt: new Date("2026-12-10T09:00:00Z"),
        createdBy: { name: "A" },
        reminders: [{ sentAt: new Date("2026-12-02T09:00:00Z"), sentBy: { name: "A" } }],
        responses: [
          {
            submittedAt: new Date("2026-12-01T10:00:00Z"),
            agency: { name: "Northshire NHS Trust" },
            factors: [
              { factorKey: "commitment", rating: 4, evidence: "Every agency at every meeting" },
              { factorKey: "history", rating: null, evidence: null },
            ],
            challenges: [{ challengeKey: "time", severity: "major" }],
            benefits: [{ benefitKey: "communication", example: "A shared inbox" }],
          },
        ],
      });
      await expect(db.assessmentResponse.create({ data: { roundId: round.id, userId: user.id, agencyId: agency.id } })).rejects.toThrow();
      expect(read.memberships[0]?.feedReadAt).toBeNull();
      expect(read.memberships[0]?.user.showPresence).toBe(true);
      expect(await db.auditEvent.count({ where: { initiativeId: initiative.id } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
    // A new model must be added above before this passes.
    expect([...covered].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  test("the audit's data version goes up with each insert, update and delete of the tables the audit of activity reads, and only those", async () => {
    const { db, version, raises } = await versionedDatabase("audit");
    const initiativeData = {
      name: "I",
      targetGroup: "T",
      modelOfActivity: "decision_making_group",
      aims: "Aims",
      localAuthority: "LA",
      startDate: new Date("2026-01-01"),
    };
    try {
      const agency = await db.agency.create({ data: { name: "Northshire NHS Trust", sector: "health" } });
      const user = await db.user.create({ data: { email: "a@example.gov.uk", name: "A", jobTitle: "Nurse", agencyId: agency.id } });
      const initiative = await db.initiative.create({ data: initiativeData });

      // The scope's tables, each way.
      expect(await raises(() => db.agency.create({ data: { name: "Northshire Council", sector: "social_services" } }))).toBe(true);
      expect(await raises(() => db.agency.update({ where: { name: "Northshire Council" }, data: { sector: "education" } }))).toBe(true);
      expect(await raises(() => db.agency.delete({ where: { name: "Northshire Council" } }))).toBe(true);
      expect(await raises(() => db.initiative.create({ data: { ...initiativeData, name: "Spare" } }))).toBe(true);
      expect(await raises(() => db.initiative.update({ where: { id: initiative.id }, data: { status: "paused" } }))).toBe(true);
      expect(await raises(() => db.initiative.deleteMany({ where: { name: "Spare" } }))).toBe(true);
      expect(await raises(() => db.initiativeRationale.create({ data: { initiativeId: initiative.id, rationale: "government_agenda" } }))).toBe(true);
      expect(
        await raises(() => db.initiativeRationale.updateMany({ where: { initiativeId: initiative.id }, data: { rationale: "local_need" } })),
      ).toBe(true);
      expect(await raises(() => db.initiativeRationale.deleteMany({ where: { initiativeId: initiative.id } }))).toBe(true);
      expect(await raises(() => db.initiativeAgency.create({ data: { initiativeId: initiative.id, agencyId: agency.id } }))).toBe(true);
      expect(await raises(() => db.initiativeAgency.deleteMany({ where: { initiativeId: initiative.id } }))).toBe(true);
      const round = await db.assessmentRound.create({
        data: { initiativeId: initiative.id, title: "Spring", closesOn: new Date("2026-12-15"), createdById: user.id },
      });
      expect(await raises(() => db.assessmentRound.update({ where: { id: round.id }, data: { closedAt: new Date() } }))).toBe(true);
      expect(
        await raises(() =>
          db.assessmentRound.create({
            data: { initiativeId: initiative.id, title: "Spare", closesOn: new Date("2026-12-15"), createdById: user.id },
          }),
        ),
      ).toBe(true);
      expect(await raises(() => db.assessmentRound.deleteMany({ where: { title: "Spare" } }))).toBe(true);
      let reminderId = "";
      expect(
        await raises(async () => (reminderId = (await db.assessmentReminder.create({ data: { roundId: round.id, sentById: user.id } })).id)),
      ).toBe(true);
      expect(await raises(() => db.assessmentReminder.update({ where: { id: reminderId }, data: { sentAt: new Date() } }))).toBe(true);
      expect(await raises(() => db.assessmentReminder.delete({ where: { id: reminderId } }))).toBe(true);
      let responseId = "";
      expect(
        await raises(
          async () => (responseId = (await db.assessmentResponse.create({ data: { roundId: round.id, userId: user.id, agencyId: agency.id } })).id),
        ),
      ).toBe(true);
      expect(await raises(() => db.assessmentResponse.update({ where: { id: responseId }, data: { submittedAt: new Date() } }))).toBe(true);
      expect(await raises(() => db.factorRating.create({ data: { responseId, factorKey: "commitment", rating: 4 } }))).toBe(true);
      expect(await raises(() => db.factorRating.updateMany({ where: { responseId }, data: { rating: 5 } }))).toBe(true);
      expect(await raises(() => db.factorRating.deleteMany({ where: { responseId } }))).toBe(true);
      expect(await raises(() => db.challengeRating.create({ data: { responseId, challengeKey: "time", severity: "major" } }))).toBe(true);
      expect(await raises(() => db.challengeRating.updateMany({ where: { responseId }, data: { severity: "minor" } }))).toBe(true);
      expect(await raises(() => db.challengeRating.deleteMany({ where: { responseId } }))).toBe(true);
      expect(await raises(() => db.benefitReport.create({ data: { responseId, benefitKey: "communication" } }))).toBe(true);
      expect(await raises(() => db.benefitReport.updateMany({ where: { responseId }, data: { example: "A shared inbox" } }))).toBe(true);
      expect(await raises(() => db.benefitReport.deleteMany({ where: { responseId } }))).toBe(true);
      // Removing a person removes their responses with them (a cascade), and that counts too.
      const other = await db.user.create({ data: { email: "b@example.gov.uk", name: "B", jobTitle: "Teacher", agencyId: agency.id } });
      await db.assessmentResponse.create({ data: { roundId: round.id, userId: other.id, agencyId: agency.id, submittedAt: new Date() } });
      expect(await raises(() => db.user.delete({ where: { id: other.id } }))).toBe(true);
      expect(await raises(() => db.assessmentResponse.delete({ where: { id: responseId } }))).toBe(true);

      // Outside the scope: the everyday writes of an initiative's pages keep the audit's readings.
      expect(
        await raises(() => db.membership.create({ data: { initiativeId: initiative.id, userId: user.id, role: "lead", agencyId: agency.id } })),
      ).toBe(false);
      expect(await raises(() => db.membership.updateMany({ where: { userId: user.id }, data: { feedReadAt: new Date() } }))).toBe(false);
      expect(
        await raises(() => db.post.create({ data: { initiativeId: initiative.id, authorId: user.id, category: "information", body: "Hello" } })),
      ).toBe(false);
      expect(await raises(() => db.session.create({ data: { id: "s1", userId: user.id, expiresAt: new Date(), userAgent: "test" } }))).toBe(false);
      expect(await raises(() => db.user.update({ where: { id: user.id }, data: { name: "A. Person" } }))).toBe(false);

      // A change rolled back leaves the version as it was.
      const before = await version();
      await expect(
        db.$transaction(async (tx) => {
          await tx.initiative.update({ where: { id: initiative.id }, data: { status: "closed" } });
          throw new Error("stop");
        }),
      ).rejects.toThrow("stop");
      expect(await version()).toBe(before);
    } finally {
      await db.$disconnect();
    }
  });

  test("the funding data version goes up with each change of what a budget shows, and only those", async () => {
    const { db, raises } = await versionedDatabase("funding");
    try {
      const agency = await db.agency.create({ data: { name: "Northshire NHS Trust", sector: "health" } });
      const user = await db.user.create({ data: { email: "a@example.gov.uk", name: "A", jobTitle: "Nurse", agencyId: agency.id } });
      const initiative = await db.initiative.create({
        data: {
          name: "I",
          targetGroup: "T",
          modelOfActivity: "decision_making_group",
          aims: "Aims",
          localAuthority: "LA",
          startDate: new Date("2026-01-01"),
        },
      });
      const streamData = {
        initiativeId: initiative.id,
        name: "Pooled",
        type: "pooled",
        agencyId: agency.id,
        status: "confirmed",
        startDate: new Date("2026-04-01"),
        endDate: new Date("2027-03-31"),
        createdById: user.id,
      };
      let streamId = "";
      expect(await raises(async () => (streamId = (await db.fundingStream.create({ data: streamData })).id))).toBe(true);
      expect(await raises(() => db.fundingStream.update({ where: { id: streamId }, data: { status: "received" } }))).toBe(true);
      expect(await raises(() => db.fundingAmount.create({ data: { streamId, financialYear: 2026, amountPence: 100 } }))).toBe(true);
      expect(await raises(() => db.fundingAmount.updateMany({ where: { streamId }, data: { amountPence: 200 } }))).toBe(true);
      expect(await raises(() => db.fundingAmount.deleteMany({ where: { streamId } }))).toBe(true);
      const spend = {
        streamId,
        spentOn: new Date("2026-05-01"),
        amountPence: 100,
        category: "Staff",
        description: "Key worker",
        approvedBy: "Lead",
        createdById: user.id,
      };
      expect(await raises(() => db.expenditure.create({ data: spend }))).toBe(true);
      expect(await raises(() => db.expenditure.updateMany({ where: { streamId }, data: { amountPence: 300 } }))).toBe(true);
      expect(await raises(() => db.expenditure.deleteMany({ where: { streamId } }))).toBe(true);
      const inKind = {
        initiativeId: initiative.id,
        agencyId: agency.id,
        kind: "staff_time",
        description: "SENCo time",
        startDate: new Date("2026-09-01"),
        endDate: new Date("2027-07-31"),
        valuePence: 100,
        valuationMethod: "Salary",
        status: "confirmed",
        createdById: user.id,
      };
      expect(await raises(() => db.inKindContribution.create({ data: inKind }))).toBe(true);
      expect(await raises(() => db.inKindContribution.updateMany({ where: { initiativeId: initiative.id }, data: { valuePence: 200 } }))).toBe(true);
      expect(await raises(() => db.inKindContribution.deleteMany({ where: { initiativeId: initiative.id } }))).toBe(true);
      expect(await raises(() => db.fundingStream.delete({ where: { id: streamId } }))).toBe(true);
      expect(await raises(() => db.agency.update({ where: { id: agency.id }, data: { name: "Northshire ICB" } }))).toBe(true);
      expect(await raises(() => db.initiativeAgency.create({ data: { initiativeId: initiative.id, agencyId: agency.id } }))).toBe(true);
      expect(await raises(() => db.user.update({ where: { id: user.id }, data: { name: "A. Person" } }))).toBe(true);
      const other = await db.user.create({ data: { email: "b@example.gov.uk", name: "B", jobTitle: "Teacher", agencyId: agency.id } });
      expect(await raises(() => db.user.delete({ where: { id: other.id } }))).toBe(true);

      // Not shown on a budget.
      expect(await raises(() => db.user.create({ data: { email: "c@example.gov.uk", name: "C", jobTitle: "Nurse", agencyId: agency.id } }))).toBe(
        false,
      );
      expect(await raises(() => db.user.update({ where: { id: user.id }, data: { jobTitle: "Health visitor", showPresence: false } }))).toBe(false);
      expect(await raises(() => db.initiative.update({ where: { id: initiative.id }, data: { status: "paused" } }))).toBe(false);
      expect(
        await raises(() => db.membership.create({ data: { initiativeId: initiative.id, userId: user.id, role: "lead", agencyId: agency.id } })),
      ).toBe(false);
      expect(
        await raises(() => db.post.create({ data: { initiativeId: initiative.id, authorId: user.id, category: "information", body: "Hello" } })),
      ).toBe(false);
    } finally {
      await db.$disconnect();
    }
  });

  test("the people data version goes up when someone joins, leaves or changes role or agency, or a person or agency is renamed; not when a feed is read", async () => {
    const { db, raises } = await versionedDatabase("people");
    try {
      let agencyId = "";
      expect(await raises(async () => (agencyId = (await db.agency.create({ data: { name: "Northshire NHS Trust", sector: "health" } })).id))).toBe(
        true,
      );
      const user = await db.user.create({ data: { email: "a@example.gov.uk", name: "A", jobTitle: "Nurse", agencyId } });
      const initiative = await db.initiative.create({
        data: {
          name: "I",
          targetGroup: "T",
          modelOfActivity: "decision_making_group",
          aims: "Aims",
          localAuthority: "LA",
          startDate: new Date("2026-01-01"),
        },
      });
      expect(await raises(() => db.initiativeAgency.create({ data: { initiativeId: initiative.id, agencyId } }))).toBe(true);
      let membershipId = "";
      expect(
        await raises(
          async () =>
            (membershipId = (await db.membership.create({ data: { initiativeId: initiative.id, userId: user.id, role: "member", agencyId } })).id),
        ),
      ).toBe(true);
      expect(await raises(() => db.membership.update({ where: { id: membershipId }, data: { role: "lead" } }))).toBe(true);
      expect(await raises(() => db.agency.update({ where: { id: agencyId }, data: { name: "Northshire ICB" } }))).toBe(true);
      expect(await raises(() => db.user.update({ where: { id: user.id }, data: { name: "A. Person" } }))).toBe(true);

      // Not shown in a member list: when a feed was last read, a job title, a post, an initiative's status.
      expect(await raises(() => db.membership.update({ where: { id: membershipId }, data: { feedReadAt: new Date() } }))).toBe(false);
      expect(await raises(() => db.user.update({ where: { id: user.id }, data: { jobTitle: "Health visitor" } }))).toBe(false);
      expect(
        await raises(() => db.post.create({ data: { initiativeId: initiative.id, authorId: user.id, category: "information", body: "Hello" } })),
      ).toBe(false);
      expect(await raises(() => db.initiative.update({ where: { id: initiative.id }, data: { status: "paused" } }))).toBe(false);

      expect(await raises(() => db.membership.delete({ where: { id: membershipId } }))).toBe(true);
      expect(await raises(() => db.user.delete({ where: { id: user.id } }))).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  test("the meetings data version goes up with every meeting scheduled, changed, cancelled or removed, of any initiative; not with attendance", async () => {
    const { db, version, raises } = await versionedDatabase("meetings");
    try {
      expect(await version()).toBe(0);
      const agency = await db.agency.create({ data: { name: "Northshire NHS Trust", sector: "health" } });
      const user = await db.user.create({ data: { email: "a@example.gov.uk", name: "A", jobTitle: "Nurse", agencyId: agency.id } });
      const initiativeData = {
        targetGroup: "T",
        modelOfActivity: "decision_making_group",
        aims: "Aims",
        localAuthority: "LA",
        startDate: new Date("2026-01-01"),
      };
      const [mine, other] = [
        await db.initiative.create({ data: { name: "Mine", ...initiativeData } }),
        await db.initiative.create({ data: { name: "Other", ...initiativeData } }),
      ];
      const meetingData = {
        title: "Strategic group",
        type: "strategic_planning",
        startsAt: new Date("2026-10-01T09:00:00Z"),
        endsAt: new Date("2026-10-01T11:00:00Z"),
        createdById: user.id,
      };
      let meetingId = "";
      expect(await raises(async () => (meetingId = (await db.meeting.create({ data: { ...meetingData, initiativeId: mine.id } })).id))).toBe(true);
      expect(await raises(() => db.meeting.create({ data: { ...meetingData, initiativeId: other.id } }))).toBe(true);
      expect(await raises(() => db.meeting.update({ where: { id: meetingId }, data: { startsAt: new Date("2026-10-02T09:00:00Z") } }))).toBe(true);
      expect(await raises(() => db.meeting.update({ where: { id: meetingId }, data: { status: "cancelled" } }))).toBe(true);
      // Who attended is not counted across initiatives.
      expect(await raises(() => db.meetingAttendance.create({ data: { meetingId, userId: user.id, agencyId: agency.id, present: true } }))).toBe(
        false,
      );
      expect(await raises(() => db.meetingAttendance.updateMany({ where: { meetingId }, data: { present: false } }))).toBe(false);
      // Removed with its initiative (a cascade), a meeting counts too.
      expect(await raises(() => db.meeting.delete({ where: { id: meetingId } }))).toBe(true);
      expect(await raises(() => db.initiative.delete({ where: { id: other.id } }))).toBe(true);
      expect(await db.meeting.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  test("each initiative's posts data version goes up with its own posts and mentions only, and appears with its first post", async () => {
    const { db, user, mine, other, version, raises } = await perInitiativeVersions("posts");
    try {
      expect(await version(mine.id)).toBeNull();
      const post = { initiativeId: mine.id, authorId: user.id, category: "information", body: "Hello @A" };
      let postId = "";
      expect(await raises(async () => (postId = (await db.post.create({ data: post })).id))).toBe(true);
      expect(await version(mine.id)).toBe(1);
      expect(await raises(() => db.post.update({ where: { id: postId }, data: { body: "Hello again @A" } }))).toBe(true);
      expect(await raises(() => db.postMention.create({ data: { postId, userId: user.id, via: "person" } }))).toBe(true);
      expect(await raises(() => db.postMention.deleteMany({ where: { postId } }))).toBe(true);
      expect(await raises(() => db.post.create({ data: { ...post, parentId: postId, category: "reply" } }))).toBe(true);
      // Another initiative's posts leave this one's version alone.
      expect(await raises(() => db.post.create({ data: { ...post, initiativeId: other.id } }))).toBe(false);
      expect(await version(other.id)).toBe(1);
      // A post removed with its replies and mentions (cascade) counts too, and nothing fails.
      await db.postMention.create({ data: { postId, userId: user.id, via: "person" } });
      expect(await raises(() => db.post.delete({ where: { id: postId } }))).toBe(true);
      expect(await db.post.count({ where: { initiativeId: mine.id } })).toBe(0);
      // A person's removal leaves their posts without an author: a change of the posts.
      await db.post.create({ data: post });
      expect(await raises(() => db.user.delete({ where: { id: user.id } }))).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  test("each initiative's records data version goes up with its own meetings, attendance, actions, roles and responsibilities only", async () => {
    const { db, agency, user, mine, other, version, raises } = await perInitiativeVersions("records");
    try {
      expect(await version(mine.id)).toBeNull();
      const meetingData = {
        initiativeId: mine.id,
        title: "Strategic group",
        type: "strategic_planning",
        startsAt: new Date("2026-10-01T09:00:00Z"),
        endsAt: new Date("2026-10-01T11:00:00Z"),
        quorumRule: "every_agency",
        createdById: user.id,
      };
      let meetingId = "";
      expect(await raises(async () => (meetingId = (await db.meeting.create({ data: meetingData })).id))).toBe(true);
      expect(await raises(() => db.meeting.update({ where: { id: meetingId }, data: { title: "Strategic planning group" } }))).toBe(true);
      expect(await raises(() => db.meetingAttendance.create({ data: { meetingId, userId: user.id, agencyId: agency.id, present: true } }))).toBe(
        true,
      );
      expect(await raises(() => db.meetingAttendance.updateMany({ where: { meetingId }, data: { present: false } }))).toBe(true);
      expect(await raises(() => db.meetingAttendance.deleteMany({ where: { meetingId } }))).toBe(true);
      const action = {
        initiativeId: mine.id,
        title: "Draft",
        ownerId: user.id,
        agencyId: agency.id,
        dueDate: new Date("2026-12-01"),
        createdById: user.id,
      };
      expect(await raises(() => db.actionItem.create({ data: action }))).toBe(true);
      expect(await raises(() => db.actionItem.updateMany({ where: { initiativeId: mine.id }, data: { status: "done" } }))).toBe(true);
      const role = {
        initiativeId: mine.id,
        title: "Chair",
        agencyId: agency.id,
        responsibilities: "[]",
        timeUnit: "hours_per_week",
        timeAmount: 100,
        createdById: user.id,
      };
      expect(await raises(() => db.registerRole.create({ data: role }))).toBe(true);
      expect(await raises(() => db.registerRole.updateMany({ where: { initiativeId: mine.id }, data: { holderId: user.id } }))).toBe(true);
      let responsibilityId = "";
      expect(
        await raises(
          async () => (responsibilityId = (await db.sharedResponsibility.create({ data: { initiativeId: mine.id, title: "Budget" } })).id),
        ),
      ).toBe(true);
      expect(await raises(() => db.responsibilityAssignment.create({ data: { responsibilityId, agencyId: agency.id, kind: "accountable" } }))).toBe(
        true,
      );
      expect(await raises(() => db.responsibilityAssignment.deleteMany({ where: { responsibilityId } }))).toBe(true);
      // Another initiative's records leave this one's version alone.
      expect(await raises(() => db.meeting.create({ data: { ...meetingData, initiativeId: other.id } }))).toBe(false);
      expect(await raises(() => db.sharedResponsibility.create({ data: { initiativeId: other.id, title: "Budget" } }))).toBe(false);
      // A meeting removed with its attendance (cascade) counts, and nothing fails.
      await db.meetingAttendance.create({ data: { meetingId, userId: user.id, agencyId: agency.id, present: true } });
      expect(await raises(() => db.meeting.delete({ where: { id: meetingId } }))).toBe(true);
      expect(await raises(() => db.registerRole.deleteMany({ where: { initiativeId: mine.id } }))).toBe(true);
    } finally {
      await db.$disconnect();
    }
  });

  test("the migrations make every table and column of the schema, and no others", async () => {
    // NOTE: catches a schema change whose migration was written for one provider only.
    const database = await scratchDatabase();
    await migrateDatabase(database.url);
    const fieldEnums = Prisma as unknown as Record<string, Record<string, string>>;
    const expected = Object.values(Prisma.ModelName)
      .flatMap((model) => Object.values(fieldEnums[`${model}ScalarFieldEnum`] ?? {}).map((column) => `${model}.${column}`))
      .sort();
    const rows =
      testProvider === "postgresql"
        ? await database.query<{ column: string }>(
            `SELECT table_name || '.' || column_name AS "column" FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
          )
        : await database.query<{ column: string }>(
            `SELECT m.name || '.' || c.name AS "column" FROM sqlite_master m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT IN ('_prisma_migrations', 'sqlite_sequence')`,
          );
    expect(rows.map((row) => row.column).sort()).toEqual(expected);
  });

  test("agencies already stored get their folded name, the older of two that fold alike keeping it, so the trust migration applies", async () => {
    const database = await scratchDatabase();
    const migrations = migrationsOfProvider();
    const trust = migrations.findIndex((m) => m.name.endsWith("_trust"));
    await migrateDatabase(database.url, migrations.slice(0, trust));
    const db = createPrismaClient(database.url);
    try {
      // Raw SQL: the generated client already knows the column this migration adds.
      const insert = (id: string, name: string, createdAt: string) =>
        db.$executeRawUnsafe(
          testProvider === "postgresql"
            ? `INSERT INTO "Agency" ("id", "name", "sector", "createdAt") VALUES ($1, $2, 'health', $3::timestamp)`
            : `INSERT INTO "Agency" ("id", "name", "sector", "createdAt") VALUES (?, ?, 'health', ?)`,
          id,
          name,
          createdAt,
        );
      await insert("a1", "Northshire NHS Trust", "2026-01-01T00:00:00.000Z");
      await insert("a2", "Northshire N.H.S. trust", "2026-02-01T00:00:00.000Z");
      await insert("a3", "St. Mary's (Primary) School", "2026-03-01T00:00:00.000Z");
    } finally {
      await db.$disconnect();
    }
    await migrateDatabase(database.url, migrations);
    const rows = await database.query<{ id: string; nameKey: string | null }>('SELECT "id", "nameKey" FROM "Agency" ORDER BY "id"');
    expect(rows).toEqual([
      { id: "a1", nameKey: "northshirenhstrust" },
      { id: "a2", nameKey: null },
      { id: "a3", nameKey: "stmarysprimaryschool" },
    ]);
  });

  test("records each migration as Prisma does and applies nothing twice", async () => {
    const database = await scratchDatabase();
    await migrateDatabase(database.url);
    expect((await migrateDatabase(database.url)).applied).toEqual([]);

    const rows = await database.query<{ migration_name: string; checksum: string; finished_at: unknown; applied_steps_count: number }>(
      "SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at",
    );
    expect(rows.map((row) => row.migration_name)).toEqual(migrationsOfProvider().map((m) => m.name));
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum) && row.finished_at !== null && row.applied_steps_count > 0)).toBe(true);
    if (testProvider === "sqlite") {
      expect(await database.query("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    }
  });

  test("refuses a migration that was edited after it was applied", async () => {
    const { url } = await scratchDatabase();
    const migrations = migrationsOfProvider();
    await migrateDatabase(url, migrations);
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrateDatabase(url, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  test("a failing migration is rolled back whole and not recorded", async () => {
    const database = await scratchDatabase();
    await migrateDatabase(database.url);
    const broken = {
      name: "29991231000000_broken",
      sql: 'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nINSERT INTO "Nope" VALUES (1);',
      checksum: "f".repeat(64),
    };
    await expect(migrateDatabase(database.url, [...migrationsOfProvider(), broken])).rejects.toThrow(
      /29991231000000_broken failed and was rolled back/,
    );
    expect(await hasTable(database, "Half")).toBe(false);
    const recorded = await database.query(`SELECT 1 FROM _prisma_migrations WHERE migration_name = ${testProvider === "postgresql" ? "$1" : "?"}`, [
      broken.name,
    ]);
    expect(recorded).toEqual([]);
  });

  test.runIf(testProvider === "postgresql")("several instances starting at once migrate once", async () => {
    const database = await scratchDatabase();
    const runs = await Promise.all(Array.from({ length: 4 }, () => migrateDatabase(database.url)));
    // One instance applied everything under the advisory lock; the others found it done.
    expect(runs.flatMap((run) => run.applied).sort()).toEqual(
      migrationsOfProvider()
        .map((m) => m.name)
        .sort(),
    );
    const rows = await database.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations");
    expect(rows).toHaveLength(migrationsOfProvider().length);
  });

  test.runIf(testProvider === "postgresql")("a migration's statements run as written, semicolons in strings included", async () => {
    const database = await scratchDatabase();
    await migrateDatabase(database.url);
    const withSemicolon = {
      name: "29991231000002_agency_note",
      sql: 'ALTER TABLE "Agency" ADD COLUMN "note" TEXT NOT NULL DEFAULT \'a; b\';\nCOMMENT ON COLUMN "Agency"."note" IS \'x; y\';',
      checksum: "d".repeat(64),
    };
    expect((await migrateDatabase(database.url, [...migrationsOfProvider(), withSemicolon])).applied).toEqual([withSemicolon.name]);
    const columns = await database.query<{ column_default: string }>(
      "SELECT column_default FROM information_schema.columns WHERE table_name = 'Agency' AND column_name = 'note'",
    );
    expect(columns).toEqual([{ column_default: "'a; b'::text" }]);
  });

  test.runIf(testProvider === "sqlite")("a table rebuild with foreign keys off keeps child rows", async () => {
    // NOTE: the SQLite trap of STACK.md: DROP TABLE inside a transaction must not cascade.
    const database = await scratchDatabase();
    const url = database.url;
    await migrateDatabase(url);
    const db = createPrismaClient(url);
    const agency = await db.agency.create({ data: { name: "Kept Agency", sector: "education" } });
    await db.user.create({ data: { email: "k@example.gov.uk", name: "K", jobTitle: "T", agencyId: agency.id } });
    await db.$disconnect();
    const rebuild = {
      name: "29991231000001_rebuild_agency",
      sql: [
        'CREATE TABLE "new_Agency" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "sector" TEXT NOT NULL, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);',
        'INSERT INTO "new_Agency" ("id", "name", "sector", "createdAt") SELECT "id", "name", "sector", "createdAt" FROM "Agency";',
        'DROP TABLE "Agency";',
        'ALTER TABLE "new_Agency" RENAME TO "Agency";',
        'CREATE UNIQUE INDEX "Agency_name_key" ON "Agency"("name");',
      ].join("\n"),
      checksum: "e".repeat(64),
    };
    await migrateDatabase(url, [...migrationsOfProvider(), rebuild]);
    expect(await database.query("SELECT COUNT(*) AS n FROM User")).toEqual([{ n: 1 }]);
  });
});
