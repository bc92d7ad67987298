import { expect, test } from "vitest";
import { prisma } from "~/utils/db.server";

// NOTE: SQLite runs on one connection here; these check that requests take turns on it
// (app/utils/serialised-adapter.server.ts) instead of running inside each other's transactions.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a write made while another request's transaction is open survives that transaction's rollback", async () => {
  const inside = prisma
    .$transaction(async (tx) => {
      await tx.agency.create({ data: { name: "Inside a failed transaction", sector: "other" } });
      await pause(150);
      throw new Error("roll back");
    })
    .catch(() => "rolled back");
  await pause(30);
  await prisma.agency.create({ data: { name: "Written meanwhile", sector: "other" } });
  expect(await inside).toBe("rolled back");
  expect(await prisma.agency.findUnique({ where: { name: "Inside a failed transaction" } })).toBeNull();
  expect(await prisma.agency.findUnique({ where: { name: "Written meanwhile" } })).not.toBeNull();
});

test("a read never sees another transaction's uncommitted rows", async () => {
  let seen: unknown = "not read";
  const writer = prisma
    .$transaction(async (tx) => {
      await tx.agency.create({ data: { name: "Never committed", sector: "other" } });
      await pause(150);
      throw new Error("roll back");
    })
    .catch(() => undefined);
  await pause(30);
  const reader = prisma.agency.findUnique({ where: { name: "Never committed" } }).then((row) => (seen = row));
  await Promise.all([writer, reader]);
  // On a shared connection the read would have run inside the transaction and seen the row.
  expect(seen).toBeNull();
});

test("many writes and transactions at once all land, except those rolled back", async () => {
  const work = Array.from({ length: 30 }, (_, i) =>
    i % 3 === 0
      ? prisma
          .$transaction(async (tx) => {
            await tx.agency.create({ data: { name: `Batch rolled back ${i}`, sector: "other" } });
            await pause(5);
            throw new Error("no");
          })
          .catch(() => undefined)
      : i % 3 === 1
        ? prisma.$transaction(async (tx) => {
            await tx.agency.create({ data: { name: `Batch transaction ${i}`, sector: "other" } });
          })
        : prisma.agency.create({ data: { name: `Batch plain ${i}`, sector: "other" } }),
  );
  await Promise.all(work);
  expect(await prisma.agency.count({ where: { name: { startsWith: "Batch rolled back" } } })).toBe(0);
  expect(await prisma.agency.count({ where: { name: { startsWith: "Batch transaction" } } })).toBe(10);
  expect(await prisma.agency.count({ where: { name: { startsWith: "Batch plain" } } })).toBe(10);
});
