-- Answers per item, member type and value (selection's CoPs and dates, one instrument).
-- Counted before the item texts and value labels are joined on, so that the joins see a
-- few hundred counts rather than every answer.
with answers as (
    select a.instrument_id, a.item_id, a.member_type, a.value, count(*) as n
    from survey_responses as a
    where (len($cop_ids::varchar[]) = 0 or list_contains($cop_ids::varchar[], a.cop_id))
      and ($date_from::date is null or a.submitted_on >= $date_from::date)
      and ($date_to::date is null or a.submitted_on <= $date_to::date)
      and a.instrument_id = $instrument_id::varchar
    group by all
)
select a.instrument_id, a.item_id, i.text, i.position, a.member_type, a.value, l.label, a.n
from answers as a
join instrument_items as i on i.instrument_id = a.instrument_id and i.item_id = a.item_id
left join instrument_scale_labels as l on l.instrument_id = a.instrument_id and l.value = a.value
order by i.position, a.member_type, a.value
