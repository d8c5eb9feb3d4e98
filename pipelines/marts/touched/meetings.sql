-- CoPs whose mart rows an upsert of these meetings rows changes: the new rows' CoPs and
-- the CoPs the same meeting_ids had before (a meeting moved to another CoP).
select cop_id from touched_rows
union
select m.cop_id from meetings as m join touched_rows as t using (meeting_id)
