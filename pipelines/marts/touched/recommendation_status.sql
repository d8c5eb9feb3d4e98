-- CoPs whose mart rows (mart_uptake_events) an upsert of these uptake events changes:
-- their own (cop_id is part of the key, so a replaced row had the same CoP).
select cop_id from touched_rows
