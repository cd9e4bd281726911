import { databaseOptions, loadConfig } from '../infra/config.ts';
import { isEmpty, openDatabase } from '../infra/db.ts';
import { demoAccountsText, seedDemo } from './seed.ts';

/** `npm run demo:seed`: loads the demo dataset on purpose, into an empty database only. */
const config = loadConfig();
const database = await openDatabase(databaseOptions(config));
try {
  if (!(await isEmpty(database.db))) {
    console.error(
      'La base contient déjà des utilisateurs : les données de démonstration ne sont chargées que dans une base vide.',
    );
    process.exitCode = 1;
  } else {
    console.log(`Données de démonstration chargées (${database.kind}) : ${await seedDemo(database.db)}.`);
    console.log(demoAccountsText(config.publicUrl));
  }
} finally {
  await database.close();
}
