/** The migrations build exactly the schema the entities describe: nothing is left for the schema generator to change. */
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { ormConfig } from '../../src/db/mikro-orm.config.js';
import { createTestDatabase } from '../helpers/database.js';

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let orm: MikroORM | undefined;
afterAll(async () => {
  await orm?.close();
  await database?.dispose();
});

it('a freshly migrated database matches the entities (no drift between migrations and entity schemas)', async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(ormConfig(database.url));
  await migrate(orm);
  expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
});
