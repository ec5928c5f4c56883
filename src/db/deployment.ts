import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';

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

/**
 * The deployment's secret (for signing cursors), drawn by the first instance that asks:
 * instances asking together all read the one that was stored first.
 */
export async function readDeploymentSecret(em: EntityManager, deploymentId: string): Promise<Buffer> {
  const [row] = await em.getConnection().execute<Array<{ secret: string }>>(
    'update deployment set secret = coalesce(secret, ?) where id = ? returning secret',
    [randomBytes(32).toString('base64'), deploymentId],
  );
  return Buffer.from(row.secret, 'base64');
}
