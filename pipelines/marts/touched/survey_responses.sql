-- CoPs whose mart rows an upsert of these survey answers changes: the new rows' CoPs and
-- the CoPs of the responses they belong to as stored before.
select cop_id from touched_rows
union
select s.cop_id from survey_responses as s
where s.response_id in (select response_id from touched_rows)
