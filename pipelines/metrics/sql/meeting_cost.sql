-- Cost figures of the selected meetings (one row per meeting).
select *
from mart_meeting_cost
where true
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by held_on, meeting_id
