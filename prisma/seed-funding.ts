/**
 * Demo joint funding for the three Northshire initiatives of `seed-demo.ts`: pooled and aligned
 * budgets, grants (one ending within six months with nothing to follow it), in-kind staff time
 * and rooms, and spending month by month. Dates are set from today, so the budget page always
 * has a recent rate of spending and a stream about to end. Everything goes through the funding
 * module and its form schemas, as the screens do, so the audit log has it too.
 */
import type { InitiativeAccess } from "../app/utils/policy.server";

/** The agency keys of seed-demo.ts. */
type AgencyKey = "trust" | "childrens" | "education" | "school" | "police" | "homestart" | "council";

type StreamSpec = {
  name: string;
  type: "pooled" | "aligned" | "grant" | "single_agency";
  agency?: AgencyKey;
  funder?: string;
  status: "pledged" | "confirmed" | "received";
  start: Date;
  end: Date;
  total: string;
  conditions?: string;
  /** The name of the stream that continues this one. */
  continuedBy?: string;
  /** Spending on the 15th (or so) of each of the last `months` months, newest last. */
  monthly?: { months: number; amount: string; category: string; description: string; approvedBy: string };
};

type InKindSpec = {
  agency: AgencyKey;
  kind: "staff_time" | "premises" | "equipment" | "other";
  description: string;
  fte?: string;
  start: Date;
  end: Date;
  value: string;
  valuationMethod: string;
  status: "pledged" | "confirmed" | "received";
};

const iso = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Adds the demo funding to the initiatives it finds in `accessByInitiative` (keyed by the
 * initiative's name in seed-demo.ts, each the lead's access). `agencyIds` maps seed-demo's
 * agency keys to their ids. Call it after the initiatives and their members exist.
 */
export async function seedFunding(
  accessByInitiative: Readonly<Record<string, InitiativeAccess>>,
  agencyIds: ReadonlyMap<AgencyKey, string>,
  now = new Date(),
) {
  const { createInKind, createStream, recordSpending } = await import("../app/modules/funding/commands.server");
  const { ExpenditureSchema, FundingStreamSchema, InKindSchema } = await import("../app/modules/funding/schema");
  const { addCalendarMonths, addDays, calendarToday, financialYearEnd, financialYearLabel, financialYearOf, financialYearStart } =
    await import("../app/utils/dates");

  const today = calendarToday(now);
  const year = financialYearOf(today);
  const monthEnd = (months: number) => addDays(addCalendarMonths(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), months + 1), -1);
  const agency = (key: AgencyKey) => {
    const id = agencyIds.get(key);
    if (!id) throw new Error(`The demo has no agency "${key}"`);
    return id;
  };

  const plans: Array<{ initiative: string; streams: StreamSpec[]; inKind: InKindSpec[] }> = [
    {
      initiative: "Northshire SEND Early Help Partnership",
      streams: [
        {
          name: "Pooled budget: Children's Services",
          type: "pooled",
          agency: "childrens",
          status: "received",
          start: financialYearStart(year - 1),
          end: financialYearEnd(year + 1),
          total: "186,000",
          monthly: {
            months: 14,
            amount: "6,400",
            category: "Staff",
            description: "Family key worker (salary and on-costs)",
            approvedBy: "Priya Shah, partnership lead",
          },
        },
        {
          name: "Pooled budget: NHS Trust (ICB allocation)",
          type: "pooled",
          agency: "trust",
          status: "confirmed",
          start: financialYearStart(year - 1),
          end: financialYearEnd(year + 1),
          total: "124,000",
          monthly: {
            months: 19,
            amount: "3,400",
            category: "Commissioned services",
            description: "Community paediatric clinics for children awaiting assessment",
            approvedBy: "Dr Tom Hughes, designated clinical officer",
          },
        },
        {
          name: "SEND pathfinder grant",
          type: "grant",
          funder: "Department for Education",
          status: "received",
          start: financialYearStart(year - 1),
          // Ends within six months, with nothing recorded to continue it: the page warns.
          end: monthEnd(4),
          total: "85,000",
          conditions: "Ring-fenced for early speech and language support",
          monthly: {
            months: 9,
            amount: "6,400",
            category: "Commissioned services",
            description: "Speech and language therapy sessions in nursery settings",
            approvedBy: "Priya Shah, partnership lead",
          },
        },
        {
          name: "Aligned budget: educational psychology",
          type: "aligned",
          agency: "education",
          status: "confirmed",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          total: "38,500",
          monthly: {
            months: 8,
            amount: "3,400",
            category: "Staff",
            description: "Educational psychologist consultation sessions",
            approvedBy: "Mark Bennett, early help coordinator",
          },
        },
        {
          name: "Training fund",
          type: "single_agency",
          agency: "childrens",
          status: "pledged",
          start: financialYearStart(year + 1),
          end: financialYearEnd(year + 1),
          total: "12,000",
        },
      ],
      inKind: [
        {
          agency: "school",
          kind: "staff_time",
          description: "SENCo time for transition meetings and the allocation panel",
          fte: "0.2",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "11,480",
          valuationMethod: "Salary and on-costs of a SENCo on the upper pay range, 0.2 FTE for the year",
          status: "confirmed",
        },
        {
          agency: "trust",
          kind: "premises",
          description: "Clinic room at Riverside Children's Centre, every Tuesday",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "3,120",
          valuationMethod: "The centre's hire rate of £60 a session, 52 sessions",
          status: "received",
        },
        {
          agency: "police",
          kind: "staff_time",
          description: "Schools liaison officer at the monthly strategic group",
          fte: "0.05",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "2,650",
          valuationMethod: "Sergeant's pay point and on-costs, 0.05 FTE",
          status: "pledged",
        },
      ],
    },
    {
      initiative: "Virtual School Partnership for Children in Care",
      streams: [
        {
          name: `Pupil premium plus ${financialYearLabel(year + 1)}`,
          type: "grant",
          funder: "Department for Education",
          status: "pledged",
          start: financialYearStart(year + 1),
          end: financialYearEnd(year + 1),
          total: "98,000",
          conditions: "Ring-fenced for the education of children in care",
        },
        {
          name: `Pupil premium plus ${financialYearLabel(year)}`,
          type: "grant",
          funder: "Department for Education",
          status: "received",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          total: "96,000",
          conditions: "Ring-fenced for the education of children in care",
          continuedBy: `Pupil premium plus ${financialYearLabel(year + 1)}`,
          monthly: {
            months: 7,
            amount: "8,150",
            category: "Activities for children and families",
            description: "One-to-one tutoring for pupils in care",
            approvedBy: "Claire Whitfield, virtual school head",
          },
        },
        {
          name: "Virtual school core budget",
          type: "single_agency",
          agency: "education",
          status: "confirmed",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          total: "45,000",
          monthly: {
            months: 6,
            amount: "3,200",
            category: "Training",
            description: "Designated teacher training and network meetings",
            approvedBy: "Claire Whitfield, virtual school head",
          },
        },
      ],
      inKind: [
        {
          agency: "homestart",
          kind: "staff_time",
          description: "Volunteer coordinator supporting foster families with homework clubs",
          fte: "0.2",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "6,300",
          valuationMethod: "Coordinator's salary and on-costs, 0.2 FTE",
          status: "confirmed",
        },
        {
          agency: "childrens",
          kind: "premises",
          description: "Meeting room at the family contact centre for personal education plan meetings",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "2,400",
          valuationMethod: "Internal room charge of £50 a booking, 48 bookings",
          status: "received",
        },
      ],
    },
    {
      initiative: "Healthy Minds in Schools",
      streams: [
        {
          name: "Mental health support team",
          type: "grant",
          funder: "NHS England",
          status: "confirmed",
          start: new Date(Date.UTC(2026, 0, 5)),
          end: financialYearEnd(Math.max(year + 1, 2027)),
          total: "150,000",
          monthly: {
            months: 8,
            amount: "4,100",
            category: "Staff",
            description: "Education mental health practitioner (salary and on-costs)",
            approvedBy: "Emma Lawson, mental health in schools lead",
          },
        },
        {
          name: "Aligned budget: school nursing",
          type: "aligned",
          agency: "trust",
          status: "confirmed",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          total: "40,000",
          monthly: {
            months: 4,
            amount: "2,300",
            category: "Staff",
            description: "School nurse time for the consultation clinic",
            approvedBy: "Emma Lawson, mental health in schools lead",
          },
        },
      ],
      inKind: [
        {
          agency: "school",
          kind: "staff_time",
          description: "School mental health lead's time",
          fte: "0.1",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "4,900",
          valuationMethod: "Teacher's salary (main pay range) and on-costs, 0.1 FTE",
          status: "confirmed",
        },
        {
          agency: "education",
          kind: "equipment",
          description: "Wellbeing resource boxes for ten primary schools",
          start: financialYearStart(year),
          end: financialYearEnd(year),
          value: "1,750",
          valuationMethod: "Purchase price of the resources",
          status: "received",
        },
      ],
    },
  ];

  for (const plan of plans) {
    const access = accessByInitiative[plan.initiative];
    if (!access) continue;
    const streamIds = new Map<string, string>();
    for (const spec of plan.streams) {
      const input = FundingStreamSchema.parse({
        name: spec.name,
        type: spec.type,
        agencyId: spec.agency ? agency(spec.agency) : undefined,
        funderName: spec.funder,
        status: spec.status,
        startDate: iso(spec.start),
        endDate: iso(spec.end),
        totalAmount: spec.total,
        conditions: spec.conditions,
        successorId: spec.continuedBy ? streamIds.get(spec.continuedBy) : undefined,
      });
      const created = await createStream(access, input);
      if (!created.ok) throw new Error(`Could not add the funding stream ${spec.name}: ${created.message}`);
      streamIds.set(spec.name, created.streamId);
      if (!spec.monthly) continue;
      for (let back = spec.monthly.months - 1; back >= 0; back -= 1) {
        const month = addCalendarMonths(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 15)), -back);
        const spentOn = month > today ? today : month;
        if (spentOn < spec.start || spentOn > spec.end) continue;
        const spend = ExpenditureSchema.parse({
          streamId: created.streamId,
          spentOn: iso(spentOn),
          amount: spec.monthly.amount,
          category: spec.monthly.category,
          description: spec.monthly.description,
          approvedBy: spec.monthly.approvedBy,
        });
        const recorded = await recordSpending(access, spend, today);
        // A demo stream never goes over its total: the rest of its spending is left out.
        if (!recorded.ok && recorded.field === "recordAnyway") break;
        if (!recorded.ok) throw new Error(`Could not record spending on ${spec.name}: ${recorded.message}`);
      }
    }
    for (const spec of plan.inKind) {
      const input = InKindSchema.parse({
        agencyId: agency(spec.agency),
        kind: spec.kind,
        description: spec.description,
        fte: spec.fte,
        startDate: iso(spec.start),
        endDate: iso(spec.end),
        value: spec.value,
        valuationMethod: spec.valuationMethod,
        status: spec.status,
      });
      const created = await createInKind(access, input);
      if (!created.ok) throw new Error(`Could not add the in-kind contribution ${spec.description}: ${created.message}`);
    }
  }
}
