-- meeting_counts.sql per CoP: each CoP with a selected meeting, its meetings and observed
-- meetings, in cop_id order. A page drawing a panel per CoP picks its CoPs from these and
-- then reads only their meetings (6 CoPs' rows, not 71,624 meetings' at 10M turns).
select cop_id, count(*) as meetings_n, count(*) filter (where is_observed) as observed_n
from mart_meeting_stats
where facilitators_included = $include_facilitators
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
group by cop_id
order by cop_id
