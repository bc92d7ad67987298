/**
 * The data of the real-time benchmark (bench/realtime-latency.ts), written straight through the
 * app's own modules into a fresh database (SQLite or PostgreSQL, as DATABASE_URL says), which it
 * migrates first: three agencies and, per size N, one initiative with a lead and N members, a
 * session each. In its own process because the app's modules read DATABASE_URL once, on import,
 * and one run of the benchmark seeds one database per provider.
 *
 * Forked by bench/realtime-latency.ts with `--clients 100,1000`; sends its populations over IPC.
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "../app/utils/migrate.server";

/** One initiative with N members: what one run of the benchmark needs. */
export type Population = { clients: number; initiativeId: string; leadCookie: string; memberCookies: string[] };

const AGENCIES = [
  { name: "Benchmark Community Health NHS Trust", sector: "health" },
  { name: "Benchmark Children's Services", sector: "social_services" },
  { name: "Benchmark Education Service", sector: "education" },
] as const;

async function seed(databaseUrl: string, sizes: number[]): Promise<Population[]> {
  await migrateDatabase(databaseUrl);
  // NOTE: imported only now, because these modules read DATABASE_URL when first imported.
  const { prisma } = await import("../app/utils/db.server");
  const { createSessionCookie } = await import("../app/utils/auth.server");
  // The cookie header a browser would send back: the part of Set-Cookie before the first ";".
  const cookieFor = async (userId: string) => (await createSessionCookie(userId, "realtime-latency benchmark")).split(";")[0]!;
  try {
    const agencies: { id: string }[] = [];
    for (const agency of AGENCIES) agencies.push(await prisma.agency.create({ data: agency, select: { id: true } }));
    const populations: Population[] = [];
    for (const [run, size] of sizes.entries()) {
      const tag = `run${run + 1}-n${size}`;
      const lead = await prisma.user.create({
        data: { name: `Lead ${tag}`, email: `lead-${tag}@bench.example.gov.uk`, jobTitle: "Partnership lead", agencyId: agencies[0]!.id },
      });
      const initiative = await prisma.initiative.create({
        data: {
          name: `Benchmark initiative ${tag}`,
          targetGroup: "Children with special educational needs",
          modelOfActivity: "decision_making_group",
          aims: "Measure how fast updates reach every member.",
          localAuthority: "Benchshire",
          startDate: new Date("2026-04-01T00:00:00Z"),
          rationales: { create: [{ rationale: "target_group_needs" }] },
          agencies: { create: agencies.map((agency) => ({ agencyId: agency.id })) },
          memberships: { create: { userId: lead.id, role: "lead", agencyId: lead.agencyId } },
        },
      });
      // Members spread over the three agencies.
      await prisma.user.createMany({
        data: Array.from({ length: size }, (_, i) => ({
          name: `Member ${i + 1} ${tag}`,
          email: `member-${i + 1}-${tag}@bench.example.gov.uk`,
          jobTitle: "Practitioner",
          agencyId: agencies[i % agencies.length]!.id,
        })),
      });
      const members = await prisma.user.findMany({
        where: { email: { endsWith: `-${tag}@bench.example.gov.uk`, startsWith: "member-" } },
        select: { id: true, agencyId: true },
      });
      await prisma.membership.createMany({
        data: members.map((member) => ({ initiativeId: initiative.id, userId: member.id, role: "member", agencyId: member.agencyId })),
      });
      const memberCookies: string[] = [];
      for (let first = 0; first < members.length; first += 100) {
        memberCookies.push(...(await Promise.all(members.slice(first, first + 100).map((member) => cookieFor(member.id)))));
      }
      populations.push({ clients: size, initiativeId: initiative.id, leadCookie: await cookieFor(lead.id), memberCookies });
    }
    return populations;
  } finally {
    await prisma.$disconnect();
  }
}

const { values } = parseArgs({ args: process.argv.slice(2), options: { clients: { type: "string" } } });
const sizes = (values.clients ?? "").split(",").map(Number);
const databaseUrl = process.env.DATABASE_URL;
if (!process.send || !databaseUrl || !sizes.every((size) => Number.isInteger(size) && size > 0)) {
  console.error("Forked by bench/realtime-latency.ts, with DATABASE_URL set and --clients 100,1000.");
  process.exit(2);
}
try {
  process.send(await seed(databaseUrl, sizes));
  process.exitCode = 0;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
