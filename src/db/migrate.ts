import type { MikroORM } from '@mikro-orm/postgresql';

/** Any fixed number: instances starting together take turns applying migrations. */
const MIGRATION_LOCK = 7_261_001;

/** Applies pending migrations, one instance at a time. */
export async function migrate(orm: MikroORM): Promise<void> {
  const knex = orm.em.getConnection().getKnex();
  const connection = await knex.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await orm.getMigrator().up();
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await knex.client.releaseConnection(connection);
  }
}
