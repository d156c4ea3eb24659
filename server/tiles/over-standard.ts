import { sql } from "kysely";

/**
 * Leader offices over the 2014 standard (党政机关办公用房建设标准, 发改投资〔2014〕2674号): office rooms
 * whose usable area per occupant exceeds the limit of a leader occupant's rank (ranks.office_limit_m2;
 * the washroom counts inside the limit). Only this leader-office rule so far: staff offices against
 * their entitlement and the unit-level totals come with the standards work.
 */
export const overStandardOffices = sql`(
  select r.id as room_id, r.building_id, p.unit_id, p.id as person_id
  from rooms r
  join room_occupants o on o.room_id = r.id
  join people p on p.id = o.person_id
  join ranks k on k.code = p.rank_code
  where r.use_category = 'office' and p.is_leader
    and r.usable_area > k.office_limit_m2 * (select count(*) from room_occupants c where c.room_id = r.id))`;
