-- Floor transitions of the selected observed meetings with at least one transition: one row
-- per meeting and ordered pair of member types (mart_turn_transition_stats), in meeting order
-- then pair order. The pair comes as a number, (from's place - 1) x the number of types +
-- (to's place - 1), places in $member_types (sorted): numbers rather than text, so that the
-- rows line up in a (pairs x meetings) array without text being read into Python (most of
-- this figure's time at 10M turns). meeting_id only orders the rows.
select
    (list_position($member_types::varchar[], from_member_type) - 1)
        * len($member_types::varchar[])
        + list_position($member_types::varchar[], to_member_type) - 1 as pair,
    transitions_n, expected_n
from mart_turn_transition_stats
where facilitators_included = $include_facilitators
  and meeting_transitions_n > 0
  and selected_meeting(cop_id, held_on, meeting_type, mode, $cop_ids::varchar[],
      $date_from::date, $date_to::date, $meeting_types::varchar[], $modes::varchar[])
order by meeting_id, from_member_type, to_member_type
