-- Floor turns, responses, act codes and ties of the selected observed meetings: one row per
-- meeting and member type (mart_turn_response_stats), in meeting order.
select meeting_id, member_type, floor_turns_n, turns_with_next_n, responded_n, coded_n,
    questions_n, challenges_n, tied_n
from mart_turn_response_stats
where facilitators_included = $include_facilitators
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by meeting_id, member_type
