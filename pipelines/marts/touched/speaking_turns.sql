-- CoPs whose mart rows an upsert of these turns changes: the new rows' meetings' CoPs and
-- the CoPs of the meetings the same turn_ids were in before.
select m.cop_id from meetings as m
where m.meeting_id in (select meeting_id from touched_rows)
union
select m.cop_id
from speaking_turns as s
join touched_rows as t using (turn_id)
join meetings as m on m.meeting_id = s.meeting_id
