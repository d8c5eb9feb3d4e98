-- CoPs whose mart rows an upsert of these costs rows changes: the CoPs of the new rows and
-- of their meetings, and the same for the rows with the same cost_id before.
select cop_id from touched_rows
union
select m.cop_id from meetings as m
where m.meeting_id in (select meeting_id from touched_rows)
union
select c.cop_id from costs as c join touched_rows as t using (cost_id)
union
select m.cop_id
from costs as c
join touched_rows as t using (cost_id)
join meetings as m on m.meeting_id = c.meeting_id
