import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * NOTE: the better-sqlite3 adapter runs everything on one connection. While one request holds
 * an interactive transaction open (BEGIN … COMMIT across awaits), another request's plain query
 * would run inside that transaction: read its uncommitted rows, and be rolled back with it — a
 * write that was acknowledged, then lost (tests/integration/transactions.test.ts proves both).
 *
 * This wrapper makes the connection take turns: a transaction holds it from BEGIN until COMMIT
 * or ROLLBACK, and plain queries wait for it. The transaction's own queries go through the
 * Transaction object and never wait. Code must therefore use `tx`, never `prisma`, inside
 * `writeTransaction(async (tx) => …)`: a `prisma` call there would wait for itself.
 */
class TurnTaking {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves when it is this caller's turn, with the function that ends the turn. */
  take(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => turn);
    return ready;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

function serialise(inner: SqlDriverAdapter): SqlDriverAdapter {
  const turns = new TurnTaking();
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query: SqlQuery) => turns.run(() => inner.queryRaw(query)),
    executeRaw: (query: SqlQuery) => turns.run(() => inner.executeRaw(query)),
    executeScript: (script: string) => turns.run(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      const release = await turns.take();
      let transaction: Transaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      let released = false;
      const end = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      // The transaction object keeps its own behaviour; only its end also ends the turn.
      return Object.assign(Object.create(transaction) as Transaction, {
        commit: () => transaction.commit().finally(end),
        rollback: () => transaction.rollback().finally(end),
      });
    },
  };
}

/** Wraps an adapter factory so that every connection it makes takes turns (see above). */
export function serialisedFactory<F extends SqlDriverAdapterFactory>(factory: F): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => serialise(await factory.connect()),
  };
}

/**
 * The advisory lock every PostgreSQL transaction takes first. Any number that no other code on
 * the database uses (Prisma Migrate's is 72707369); advisory locks are per database.
 */
const POSTGRES_TRANSACTION_LOCK = 72707370;

/**
 * PostgreSQL: the pool gives each transaction its own connection, so the SQLite failure above
 * cannot happen; but at READ COMMITTED two transactions can both check the same rows and then
 * both write (two spends that each fit under a stream's total, together overspending it). The
 * modules check and write inside one transaction, written for transactions that take turns as on
 * SQLite; so here too each transaction first takes one advisory lock, held until COMMIT or
 * ROLLBACK, across every instance of the portal. Reads and single writes outside a transaction do
 * not wait. See docs/decisions/012-postgresql-second-client.md.
 */
export function serialisedTransactionsFactory(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const inner = await factory.connect();
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: (query: SqlQuery) => inner.queryRaw(query),
        executeRaw: (query: SqlQuery) => inner.executeRaw(query),
        executeScript: (script: string) => inner.executeScript(script),
        getConnectionInfo: inner.getConnectionInfo?.bind(inner),
        dispose: () => inner.dispose(),
        async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
          const transaction = await inner.startTransaction(isolationLevel);
          try {
            await transaction.executeRaw({ sql: `SELECT pg_advisory_xact_lock(${POSTGRES_TRANSACTION_LOCK})`, args: [], argTypes: [] });
          } catch (error) {
            await transaction.rollback();
            throw error;
          }
          return transaction;
        },
      };
    },
  };
}
