import { useRouteLoaderData } from "@remix-run/react";
import type { loader as initiativeLayoutLoader } from "~/routes/initiatives.$initiativeId";

/** A person as a page of an initiative names them (names.ts): their name, the agency they represent, and more when needed. */
type NamedPerson = { name: string; agencyName: string; detail?: string | null };

/**
 * "Priya Shah (Northshire Children's Services)": the name, then its agency and, when another
 * member's name and agency read the same, what tells them apart (job title, or job title and
 * email). `strong` makes the name bold, as in a post's byline.
 */
export function PersonName({ person, strong = false }: { person: NamedPerson; strong?: boolean }) {
  const name = strong ? <strong>{person.name}</strong> : person.name;
  return (
    <>
      {name}{" "}
      <span className="text-slate-700">
        ({person.agencyName}
        {person.detail ? `, ${person.detail}` : ""})
      </span>
    </>
  );
}

/**
 * The initiative's members as its layout read them (initiativePeople), to name a person by id on
 * any of its pages; null for someone who is no longer a member, or outside an initiative's pages.
 */
export function useInitiativePeople() {
  const layout = useRouteLoaderData<typeof initiativeLayoutLoader>("routes/initiatives.$initiativeId");
  const people = new Map((layout?.people ?? []).map((person) => [person.id, person]));
  return (id: string | null | undefined) => (id ? (people.get(id) ?? null) : null);
}
