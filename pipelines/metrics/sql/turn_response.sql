-- Floor turns, responses, act codes and ties of the selected observed meetings: one row per
-- meeting and member type (mart_turn_response_stats), in meeting order then type order. The
-- type comes as its place in $member_types (sorted) less one, a number rather than text, as
-- in turn_transitions.sql. meeting_id only orders the rows.
select list_position($member_types::varchar[], member_type) - 1 as member_type_i,
    floor_turns_n, turns_with_next_n, responded_n, coded_n, tied_n
from mart_turn_response_stats
where facilitators_included = $include_facilitators
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by meeting_id, member_type
