import { PersonName, useInitiativePeople } from "~/components/person-name";

/**
 * A role's holder as the initiative names them. The role's agency is named just above: the
 * holder's is repeated only when they represent another; what tells namesakes apart, always.
 */
export function RoleHolder({ holder, roleAgency }: { holder: { id: string; name: string }; roleAgency: string }) {
  const member = useInitiativePeople()(holder.id);
  if (!member) return <>{holder.name}</>;
  if (member.agencyName !== roleAgency) return <PersonName person={member} />;
  return (
    <>
      {member.name}
      {member.detail ? <span className="text-slate-700"> ({member.detail})</span> : null}
    </>
  );
}
