-- CoPs whose mart rows an upsert of these communities rows changes: their own.
select cop_id from touched_rows
