import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

const migrationsPath = fileURLToPath(new URL('./migrations', import.meta.url));

/** MikroORM options for one database URL; entities are schemas, so no reflection is needed. */
export function ormConfig(clientUrl: string, poolMax = 20) {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: poolMax },
    forceUtcTimezone: true,
    debug: false,
    allowGlobalContext: false,
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      migrationsList: MIGRATIONS,
      transactional: true,
      silent: true,
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? '_' + name : ''}`,
    },
  });
}
