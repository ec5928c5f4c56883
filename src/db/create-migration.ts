/** Writes a migration for the difference between the entities and a scratch database (npm run migration:create). */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './mikro-orm.config.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must point at a scratch database');
const orm = await MikroORM.init(ormConfig(url));
const migrator = orm.getMigrator();
await migrator.up();
const result = await migrator.createMigration(undefined, false, process.argv.length > 2 ? false : undefined, process.argv[2]);
console.log(result.fileName || 'no changes');
await orm.close();
