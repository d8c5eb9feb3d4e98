-- Floor transitions of the selected observed meetings with at least one transition: one row
-- per meeting and ordered pair of member types (mart_turn_transition_stats), in meeting order.
select meeting_id, from_member_type, to_member_type, transitions_n, expected_n
from mart_turn_transition_stats
where facilitators_included = $include_facilitators
  and meeting_transitions_n > 0
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by meeting_id, from_member_type, to_member_type
