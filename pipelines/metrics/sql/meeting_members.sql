-- Meeting x member rows of the selected meetings, facilitators only when switched in.
select *
from mart_meeting_member
where ($include_facilitators or not is_facilitator)
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by held_on, meeting_id, member_id
