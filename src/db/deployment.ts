import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * This database's deployment id (the `deployment` table's one row, written by its
 * migration). Were the row deleted, a new id is drawn: instances racing to do that may
 * each insert one, but all of them read the same, oldest, row.
 */
export async function readDeploymentId(em: EntityManager): Promise<string> {
  const connection = em.getConnection();
  const oldest = () => connection.execute<Array<{ id: string }>>('select id from deployment order by created_at, id limit 1');
  let [row] = await oldest();
  if (!row) {
    await connection.execute('insert into deployment default values');
    [row] = await oldest();
  }
  return row.id;
}
