-- CoPs whose mart rows an upsert of these attendance rows changes: their meetings' CoPs
-- (meeting_id is part of the key, so a replaced row had the same meeting).
select m.cop_id from meetings as m
where m.meeting_id in (select meeting_id from touched_rows)
