import { Migrator, NO_MIGRATIONS, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest, openEmbedded } from "../../server/db/database.js";
import { migrationProvider } from "../../server/db/migrations/index.js";

describe("migrations", () => {
  it("migrate up from nothing, down to nothing and up again", async () => {
    const database = await openEmbedded();
    try {
      const applied = await migrateToLatest(database.db);
      const all = Object.keys(await migrationProvider.getMigrations());
      expect(applied).toEqual(all);
      expect(all.slice(0, 2)).toEqual(["2026-11-26-01-initial-schema", "2026-11-26-02-standard-ranks"]);
      const tables = async () =>
        (
          await sql<{ table_name: string }>`
            select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
            and table_name not in ('spatial_ref_sys', 'kysely_migration', 'kysely_migration_lock')`.execute(
            database.db,
          )
        ).rows.map((row) => row.table_name);
      expect(await tables()).toEqual(
        expect.arrayContaining([
          "regions",
          "ranks",
          "units",
          "buildings",
          "rooms",
          "audit_log",
          "personal_access_tokens",
        ]),
      );
      expect((await tables()).length).toBeGreaterThanOrEqual(31);
      const ranks = await database.db.selectFrom("ranks").select(["code", "office_limit_m2"]).execute();
      expect(ranks.find((rank) => rank.code === "provincial_department_head")?.office_limit_m2).toBe(30);
      expect(ranks.find((rank) => rank.code === "county_head")?.office_limit_m2).toBe(30);

      const migrator = new Migrator({ db: database.db, provider: migrationProvider });
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(await tables()).toEqual([]);
      expect(await migrateToLatest(database.db)).toEqual(all);
    } finally {
      await database.close();
    }
  });
});
