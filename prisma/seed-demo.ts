/**
 * `npm run seed:demo`: fills an empty portal with a believable demo of one local authority,
 * Northshire: three initiatives that mirror the study's agency combinations, and a dozen people.
 * Everything goes through the same modules as the screens, so the audit log is filled too.
 */
import { EnvError, getEnv } from "../app/utils/env.server";
import { migrateDatabase } from "../app/utils/migrate.server";
import { agencyNameKey } from "../app/utils/names";
import type { InitiativeAccess } from "../app/utils/policy.server";
import type { Respondent } from "./seed-assessment";
import { seedMeetings } from "./seed-meetings";

export const DEMO_PASSWORD = "partnership-demo-2026";

const AGENCIES = [
  { key: "trust", name: "Northshire Community Health NHS Trust", sector: "health" },
  { key: "childrens", name: "Northshire Children's Services", sector: "social_services" },
  { key: "education", name: "Northshire Education and Inclusion Service", sector: "education" },
  { key: "school", name: "Riverside Primary School", sector: "education" },
  { key: "police", name: "Northshire Police", sector: "other" },
  { key: "homestart", name: "Home-Start Northshire", sector: "other" },
  { key: "council", name: "Northshire County Council Partnerships Team", sector: "other" },
] as const;
type AgencyKey = (typeof AGENCIES)[number]["key"];

const PEOPLE = [
  { key: "admin", name: "Jo Whitaker", jobTitle: "Authority-wide partnerships officer", agency: "council" },
  { key: "priya", name: "Priya Shah", jobTitle: "Early help partnership manager", agency: "childrens" },
  { key: "tom", name: "Dr Tom Hughes", jobTitle: "Consultant community paediatrician", agency: "trust" },
  { key: "helen", name: "Helen Carter", jobTitle: "Special educational needs coordinator (SENCo)", agency: "school" },
  { key: "mark", name: "Mark Bennett", jobTitle: "Senior educational psychologist", agency: "education" },
  { key: "aisha", name: "Aisha Khan", jobTitle: "Senior social worker", agency: "childrens" },
  { key: "claire", name: "Claire Whitfield", jobTitle: "Virtual school headteacher", agency: "education" },
  { key: "daniel", name: "Daniel Osei", jobTitle: "Head of service, children in care", agency: "childrens" },
  { key: "emma", name: "Emma Lawson", jobTitle: "School nursing team leader", agency: "trust" },
  { key: "rachel", name: "Rachel Price", jobTitle: "Headteacher", agency: "school" },
  { key: "lee", name: "Sergeant Lee Morgan", jobTitle: "Schools liaison officer", agency: "police" },
  { key: "fiona", name: "Fiona McAllister", jobTitle: "Family support coordinator", agency: "homestart" },
  { key: "gareth", name: "Gareth Jones", jobTitle: "Designated nurse for children in care", agency: "trust" },
  { key: "kate", name: "Kate Elliott", jobTitle: "Early help practitioner", agency: "childrens" },
  { key: "nadia", name: "Nadia Hussain", jobTitle: "Health visitor", agency: "trust" },
  { key: "ben", name: "Ben Clarke", jobTitle: "Speech and language therapist", agency: "trust" },
  { key: "olivia", name: "Olivia Grant", jobTitle: "Specialist teacher for autism", agency: "education" },
] as const satisfies ReadonlyArray<{ key: string; name: string; jobTitle: string; agency: AgencyKey }>;
type PersonKey = (typeof PEOPLE)[number]["key"];

const emailOf = (name: string) =>
  `${name
    .replace(/^(Dr|Sergeant) /, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".")}@northshire.example.gov.uk`;

const INITIATIVES = [
  {
    lead: "priya",
    name: "Northshire SEND Early Help Partnership",
    targetGroup: "Children with special educational needs and disabilities",
    rationales: ["target_group_needs", "comprehensive_service"],
    modelOfActivity: "coordinated_delivery",
    aims: "Spot additional needs before children start school, agree one support plan per family across health, social care and education, and cut the wait for an assessment from 30 weeks to 12.",
    localAuthority: "Northshire County Council",
    startDate: "2025-09-01",
    agencies: ["childrens", "trust", "education", "school", "police"],
    members: [
      ["mark", "coordinator"],
      ["tom", "member"],
      ["helen", "member"],
      ["aisha", "member"],
      ["lee", "observer"],
      ["kate", "member"],
      ["nadia", "member"],
      ["ben", "member"],
      ["olivia", "member"],
    ],
    pendingInvitations: [{ email: "sunita.rao@northshire.example.gov.uk", role: "member", agency: "trust" }],
    roles: [
      {
        title: "Chair of the SEND strategic group",
        agency: "childrens",
        holder: "priya",
        unit: "fte",
        amount: "0.1",
        responsibilities: [
          "Chairs the six-weekly strategic group",
          "Signs off the partnership's annual plan",
          "Reports to the Children's Partnership Board",
        ],
      },
      {
        title: "Early help coordinator",
        agency: "education",
        holder: "mark",
        unit: "hours_per_week",
        amount: "22.5",
        accountableTo: "Chair of the SEND strategic group",
        responsibilities: [
          "Keeps the list of families awaiting a plan",
          "Allocates a lead professional to each family",
          "Runs the weekly allocation meeting",
        ],
      },
      {
        title: "Designated clinical officer (SEND)",
        agency: "trust",
        holder: "tom",
        unit: "fte",
        amount: "0.2",
        accountableTo: "Chair of the SEND strategic group",
        responsibilities: ["Gives health advice within six weeks", "Links the partnership with community paediatrics"],
      },
      {
        title: "Early years SENCo link",
        agency: "school",
        holder: "helen",
        unit: "hours_per_week",
        amount: "3",
        accountableTo: "Early help coordinator",
        responsibilities: ["Passes on concerns from nursery settings", "Attends transition meetings"],
      },
      {
        title: "Family key worker",
        agency: "childrens",
        unit: "hours_per_week",
        amount: "37.5",
        accountableTo: "Early help coordinator",
        responsibilities: ["Visits each family at home", "Keeps the family's plan up to date"],
      },
      {
        title: "Health visitor liaison",
        agency: "trust",
        holder: "tom",
        unit: "hours_per_week",
        amount: "4",
        endDate: "2026-08-31",
        responsibilities: ["Shares two-year check concerns with the group"],
      },
    ],
    responsibilities: [
      {
        title: "Chair the strategic group",
        raci: {
          childrens: ["responsible", "accountable"],
          trust: ["consulted"],
          education: ["consulted"],
          school: ["informed"],
          police: ["informed"],
        },
      },
      { title: "Hold the pooled budget", raci: { childrens: ["responsible", "accountable"], education: ["accountable"], trust: ["consulted"] } },
      { title: "Keep the case list", raci: { education: ["responsible"], childrens: ["consulted"], trust: ["informed"] } },
      {
        title: "Agree each family's support plan",
        raci: { childrens: ["responsible"], trust: ["responsible"], education: ["accountable"], school: ["consulted"] },
      },
    ],
    askForConfirmation: true,
    meetingTitle: "SEND strategic group",
    pastMeetings: 8,
    decisions: [
      "Adopt the shared referral form across health, social care and education",
      "One lead professional for each family, agreed at the weekly allocation meeting",
      "Pool £40,000 of each agency's early help budget for 2026-27",
      "Ask the Children's Partnership Board to fund a second family key worker",
    ],
  },
  {
    lead: "claire",
    name: "Virtual School Partnership for Children in Care",
    targetGroup: "Looked-after children",
    rationales: ["government_agenda", "target_group_needs"],
    modelOfActivity: "decision_making_group",
    aims: "Keep children in care in stable school places, make every personal education plan count, and close the attainment gap at key stage 2.",
    localAuthority: "Northshire County Council",
    startDate: "2024-04-01",
    agencies: ["education", "childrens", "school", "homestart"],
    members: [
      ["daniel", "member"],
      ["aisha", "coordinator"],
      ["rachel", "member"],
      ["fiona", "member"],
    ],
    pendingInvitations: [],
    roles: [
      {
        title: "Virtual school headteacher",
        agency: "education",
        holder: "claire",
        unit: "fte",
        amount: "1",
        responsibilities: ["Tracks the progress of every child in care", "Quality-assures personal education plans"],
      },
      {
        title: "Designated teacher for children in care",
        agency: "school",
        holder: "rachel",
        unit: "hours_per_week",
        amount: "2",
        accountableTo: "Virtual school headteacher",
        responsibilities: ["Leads each child's personal education plan meeting"],
      },
      {
        title: "Social worker link",
        agency: "childrens",
        holder: "aisha",
        unit: "hours_per_week",
        amount: "5",
        responsibilities: ["Makes sure plans are reviewed before each statutory review"],
      },
    ],
    responsibilities: [
      {
        title: "Approve pupil premium plus spending",
        raci: { education: ["responsible", "accountable"], school: ["consulted"], childrens: ["informed"] },
      },
      {
        title: "Arrange school moves for children changing placement",
        raci: { childrens: ["responsible"], education: ["responsible"], school: ["consulted"] },
      },
    ],
    askForConfirmation: false,
    meetingTitle: "Virtual school partnership board",
    pastMeetings: 4,
    decisions: ["Every personal education plan reviewed within 20 school days of a placement move"],
  },
  {
    lead: "emma",
    name: "Healthy Minds in Schools",
    targetGroup: "Children with emerging mental health needs",
    rationales: ["shortage_of_provision", "target_group_needs"],
    modelOfActivity: "consultation_and_training",
    aims: "Train a mental health lead in every primary school, give school staff fortnightly consultation with a clinician, and reduce referrals that bounce back from specialist services.",
    localAuthority: "Northshire County Council",
    startDate: "2026-01-05",
    agencies: ["trust", "school", "education"],
    members: [
      ["tom", "coordinator"],
      ["rachel", "member"],
      ["helen", "member"],
      ["mark", "member"],
      ["gareth", "observer"],
    ],
    pendingInvitations: [{ email: "owen.price@northshire.example.gov.uk", role: "observer", agency: "education" }],
    roles: [
      {
        title: "Mental health in schools lead",
        agency: "trust",
        holder: "emma",
        unit: "fte",
        amount: "0.5",
        responsibilities: ["Runs the fortnightly consultation clinic", "Trains school mental health leads"],
      },
      {
        title: "School mental health lead",
        agency: "school",
        holder: "rachel",
        unit: "hours_per_week",
        amount: "2",
        accountableTo: "Mental health in schools lead",
        responsibilities: ["Brings cases to the consultation clinic"],
      },
    ],
    responsibilities: [
      {
        title: "Decide which referrals go to specialist services",
        raci: { trust: ["responsible", "accountable"], school: ["consulted"], education: ["informed"] },
      },
    ],
    askForConfirmation: false,
    meetingTitle: "Healthy Minds steering group",
    pastMeetings: 2,
    decisions: ["Start the consultation clinic in four pilot schools"],
  },
] as const;

async function main() {
  const env = getEnv();
  await migrateDatabase(env.DATABASE_URL);
  const { prisma } = await import("../app/utils/db.server");
  const { signUp } = await import("../app/modules/accounts/commands.server");
  const { createInitiative } = await import("../app/modules/initiatives/commands.server");
  const { acceptInvitation, inviteMember } = await import("../app/modules/membership/commands.server");
  const { createRole, requestConfirmation, saveResponsibility } = await import("../app/modules/roles/commands.server");
  const { RoleSchema } = await import("../app/modules/roles/schema");

  if ((await prisma.user.count()) > 0) {
    console.error(
      "The database already has accounts, so the demo was not added. Point DATABASE_URL at a new file or an empty database (e.g. DATABASE_URL=file:./data/demo.db npm run seed:demo).",
    );
    process.exit(1);
  }

  const agencyIds = new Map<AgencyKey, string>();
  for (const agency of AGENCIES) {
    const row = await prisma.agency.create({ data: { name: agency.name, nameKey: agencyNameKey(agency.name), sector: agency.sector } });
    agencyIds.set(agency.key, row.id);
  }

  const users = new Map<PersonKey, Awaited<ReturnType<typeof prisma.user.findUniqueOrThrow>>>();
  for (const person of PEOPLE) {
    // The seed runs on the server's machine, so the first account (Jo) becomes the portal
    // administrator, as the first account created from the machine itself does on any new portal.
    const result = await signUp(
      {
        name: person.name,
        email: emailOf(person.name),
        password: DEMO_PASSWORD,
        jobTitle: person.jobTitle,
        agencyId: agencyIds.get(person.agency),
      },
      { onThisMachine: true },
    );
    if (!result.ok) throw new Error(`Could not add ${person.name}: ${result.message}`);
    if (!result.created) throw new Error(`Could not add ${person.name}: the address already has an account.`);
    if (result.isAdmin) {
      // As if set up with the set-up code: her address counts as verified, so ADMIN_EMAIL may name her.
      await prisma.user.update({ where: { id: result.userId }, data: { emailVerifiedAt: new Date() } });
    }
    users.set(person.key, await prisma.user.findUniqueOrThrow({ where: { id: result.userId } }));
  }

  const accessByInitiative: Record<string, InitiativeAccess> = {};
  const respondentsByInitiative: Record<string, Respondent[]> = {};
  for (const initiative of INITIATIVES) {
    const lead = users.get(initiative.lead)!;
    const result = await createInitiative(lead, {
      name: initiative.name,
      targetGroup: initiative.targetGroup,
      rationales: [...initiative.rationales],
      modelOfActivity: initiative.modelOfActivity,
      aims: initiative.aims,
      localAuthority: initiative.localAuthority,
      startDate: initiative.startDate,
      agencyIds: initiative.agencies.map((key) => agencyIds.get(key)!),
    });
    if (!result.ok) throw new Error(`Could not add ${initiative.name}: ${result.message}`);
    // Members join the way people do: the lead invites them by link and they accept it.
    const leadMembership = await prisma.membership.findFirstOrThrow({
      where: { initiativeId: result.initiativeId, userId: lead.id },
    });
    const access = {
      user: lead,
      initiativeId: result.initiativeId,
      membership: { id: leadMembership.id, role: "lead" as const, agencyId: lead.agencyId },
    };
    accessByInitiative[initiative.name] = access;
    for (const [key, role] of initiative.members) {
      const member = users.get(key)!;
      const invited = await inviteMember(access, { email: member.email, role, agencyId: member.agencyId });
      if (!invited.ok) throw new Error(`Could not invite ${member.name}: ${invited.message}`);
      const joined = await acceptInvitation(invited.token, member);
      if (!joined.ok) throw new Error(`${member.name} could not join: ${joined.message}`);
    }
    for (const pending of initiative.pendingInvitations) {
      const invited = await inviteMember(access, {
        email: pending.email,
        role: pending.role,
        agencyId: agencyIds.get(pending.agency)!,
      });
      if (!invited.ok) throw new Error(`Could not invite ${pending.email}: ${invited.message}`);
    }

    // The roles register: who does what, through the same validation as the form.
    const roleIds = new Map<string, string>();
    for (const spec of initiative.roles) {
      const input = RoleSchema.parse({
        title: spec.title,
        agencyId: agencyIds.get(spec.agency),
        holderId: "holder" in spec ? users.get(spec.holder)!.id : undefined,
        responsibilities: spec.responsibilities.join("\n"),
        accountableToId: "accountableTo" in spec ? roleIds.get(spec.accountableTo) : undefined,
        timeUnit: spec.unit,
        timeAmount: spec.amount,
        startDate: initiative.startDate,
        endDate: "endDate" in spec ? spec.endDate : undefined,
      });
      const created = await createRole(access, input);
      if (!created.ok) throw new Error(`Could not add the role ${spec.title}: ${created.message}`);
      roleIds.set(spec.title, created.roleId);
    }
    for (const spec of initiative.responsibilities) {
      const raci: Partial<Record<AgencyKey, readonly string[]>> = spec.raci;
      const assignments = Object.entries(raci).flatMap(([agency, kinds]) =>
        (kinds ?? []).map((kind) => `${agencyIds.get(agency as AgencyKey)}:${kind}`),
      );
      const saved = await saveResponsibility(access, null, { title: spec.title, assignments });
      if (!saved.ok) throw new Error(`Could not add the responsibility ${spec.title}: ${saved.message}`);
    }
    if (initiative.askForConfirmation) await requestConfirmation(access, undefined);

    // A year of meetings for the first partnership, a shorter history for the others.
    const person = (key: PersonKey) => users.get(key)!;
    const accessOf = async (key: PersonKey) => {
      const m = await prisma.membership.findFirstOrThrow({ where: { initiativeId: result.initiativeId, userId: person(key).id } });
      return { user: person(key), initiativeId: result.initiativeId, membership: { id: m.id, role: m.role as "lead", agencyId: m.agencyId } };
    };
    const regulars = [initiative.lead, ...initiative.members.map(([key]) => key)].map(person);
    const firstMember = initiative.members[0]![0];
    const secondMember = initiative.members[1]![0];
    await seedMeetings(access, {
      title: initiative.meetingTitle,
      pastCount: initiative.pastMeetings,
      regulars,
      decisions: initiative.decisions,
      actions: [
        { title: "Circulate the revised referral form to all settings", owner: person(firstMember), dueInDays: -5 },
        { title: "Bring waiting-list figures by agency to the next meeting", owner: person(secondMember), dueInDays: 8 },
        { title: "Book the venue for the summer event", owner: person(initiative.lead), dueInDays: -20, done: true },
      ],
      agenda: [
        { title: "Welcome, apologies and minutes of the last meeting", type: "information", minutes: 10 },
        { title: "Waiting list and allocation: report by agency", type: "discussion", minutes: 30, owner: person(firstMember) },
        { title: "Budget for next year", type: "decision", minutes: 30, owner: person(initiative.lead) },
        { title: "Any other business", type: "information", minutes: 10 },
      ],
      replies: [
        { person: person(firstMember), response: "attending", access: await accessOf(firstMember) },
        { person: person(secondMember), response: "apologies", access: await accessOf(secondMember) },
      ],
    });
    // The self-assessment's respondents, the agencies taking turns (see seed-assessment.ts).
    const sideOf: Partial<Record<AgencyKey, Respondent["side"]>> = {
      childrens: "childrens",
      trust: "trust",
      education: "education",
      school: "education",
    };
    const respondents: Respondent[] = [];
    for (const key of [initiative.lead, ...initiative.members.filter(([, role]) => role !== "observer").map(([key]) => key)]) {
      const side = sideOf[PEOPLE.find((p) => p.key === key)!.agency];
      if (side) respondents.push({ access: key === initiative.lead ? access : await accessOf(key), side });
    }
    const bySide = (side: Respondent["side"]) => respondents.filter((r) => r.side === side);
    respondentsByInitiative[initiative.name] = [0, 1, 2]
      .flatMap((i) => [bySide("childrens")[i], bySide("trust")[i], bySide("education")[i]])
      .filter((r): r is Respondent => Boolean(r));
  }

  // Imported here, like the modules above: the database client must load after migrating.
  const { seedFunding } = await import("./seed-funding");
  await seedFunding(accessByInitiative, agencyIds);
  const { seedUpdates } = await import("./seed-updates");
  const posts = await seedUpdates(accessByInitiative);
  const { seedMoreInitiatives } = await import("./seed-more-initiatives");
  const more = await seedMoreInitiatives(users, agencyIds);
  // Last: answering a round counts as activity, as it would for real.
  const { seedAssessments } = await import("./seed-assessment");
  const send = INITIATIVES[0].name;
  await seedAssessments(accessByInitiative[send]!, respondentsByInitiative[send]!);

  console.log(
    `Demo added: ${AGENCIES.length} agencies, ${PEOPLE.length} people, ${INITIATIVES.length + more} initiatives, ${posts} updates and replies.`,
  );
  console.log(`Every demo account's password is: ${DEMO_PASSWORD}\n`);
  console.log("Sign in as:");
  for (const person of PEOPLE) {
    const leads = INITIATIVES.filter((i) => i.lead === person.key).map((i) => `lead of ${i.name}`);
    const note = person.key === "admin" ? "portal administrator" : leads.join("; ") || person.jobTitle;
    console.log(`  ${emailOf(person.name).padEnd(48)} ${person.name} (${note})`);
  }
  await prisma.$disconnect();
}

try {
  await main();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
